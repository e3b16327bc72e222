"""Whether each MOU and MOA is in force, expiring within the warning window, or expired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from vaplan.models import Agreement

#: expired: `expires` is before today; expiring: today or within `checks.expiry_warning_days`;
#: in_force: later than that; open_ended: no `expires` date.
AgreementState = Literal["expired", "expiring", "in_force", "open_ended"]


@dataclass(frozen=True)
class AgreementFact:
    """One agreement's state as of today."""

    id: str
    #: its place in agreements.yaml's list, for findings and links back to the record
    index: int
    expires: date | None
    #: days from today to `expires` (negative once expired); None without an `expires` date
    days_left: int | None
    state: AgreementState
    #: "MOU" or "MOA", and its title, for sentences about it
    type: str = "agreement"
    title: str = ""
    #: signed: `signed` is today or before; future: after today (not signed yet); unsigned: none
    signed: Literal["signed", "future", "unsigned"] = "unsigned"
    #: the functions (protocols) it supports, from its `functions:`
    functions: tuple[str, ...] = ()

    @property
    def in_force(self) -> bool:
        """Signed and not expired: a partnership the plan can rely on today."""
        return self.signed == "signed" and self.state != "expired"

    @property
    def state_text(self) -> str:
        """The agreement's state in words: "in force", "expired on 2026-06-30", "not signed"."""
        if self.state == "expired":
            return f"expired on {self.expires}"
        if self.signed != "signed":
            return "not signed"
        return "in force" + (f" until {self.expires}" if self.expires else "")

    @property
    def days_ago(self) -> int:
        """How many days ago an expired agreement ran out."""
        return -(self.days_left or 0)


def agreement_fact(index: int, agreement: Agreement, today: date,
                   warning_days: int) -> AgreementFact:
    """The state of one agreement on `today`."""
    signed: Literal["signed", "future", "unsigned"] = (
        "unsigned" if agreement.signed is None else
        "future" if agreement.signed > today else "signed")
    if agreement.expires is None:
        return AgreementFact(agreement.id, index, None, None, "open_ended", agreement.type,
                             agreement.title, signed, tuple(agreement.functions))
    # days, not today + timedelta: a window that runs past the year 9999 must not crash
    days_left = (agreement.expires - today).days
    state: AgreementState = ("expired" if days_left < 0 else
                             "expiring" if days_left <= warning_days else "in_force")
    return AgreementFact(agreement.id, index, agreement.expires, days_left, state,
                         agreement.type, agreement.title, signed, tuple(agreement.functions))
