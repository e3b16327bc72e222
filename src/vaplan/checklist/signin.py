"""The sign-in sheet for a committee meeting (`vaplan render --kind sign-in`): every member
organization with its representative and alternate, and a column to sign, for the meeting
meetings.yaml plans next (or a blank line for the date and place).

A view-model of plain frozen dataclasses, like the checklist and the packet; the names come from
the models, so a public copy (no people) leaves them blank and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaplan.checklist.words import CREDIT
from vaplan.public import public_view
from vaplan.text import one_line

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult
    from vaplan.models import Person


@dataclass(frozen=True)
class SignInRow:
    """One member organization: who sits for it, who comes when they cannot."""

    organization: str
    #: "Steering" for a steering committee member, else ""
    role: str
    #: the representative's name and title ("" in a public copy, or when none is named)
    representative: str
    alternate: str


@dataclass(frozen=True)
class SignIn:
    """The whole sheet, ready for a template."""

    community: str
    today: str
    #: the meeting's date and place from meetings.yaml ("" when none is planned: the sheet
    #: leaves a line to write them on)
    meeting: str
    rows: tuple[SignInRow, ...]
    #: rows left blank at the end, for guests and anyone not on the list
    blanks: tuple[str, ...] = ("", "", "", "")
    #: for a public copy, the sentence saying what was left out; empty otherwise
    public_note: str = ""
    credit: str = CREDIT

    @property
    def title(self) -> str:
        return "Sign-in sheet"


def build_sign_in(result: CheckResult, public: bool = False) -> SignIn:
    """The sign-in sheet of a checked plan, for the next meeting as of its day."""
    if public:
        return public_view(result, lambda redacted: build_sign_in(redacted))
    facts = result.facts_on(result.today)
    coming = facts.next_meeting
    meeting = (", ".join(p for p in (coming.day.isoformat(), one_line(coming.place)) if p)
               if coming else "")
    committee = result.plan.committee
    steering = set(facts.steering)
    rows = tuple(SignInRow(one_line(m.organization), "Steering" if m.id in steering else "",
                           _person(m.representative), _person(m.alternate))
                 for m in (committee.members if committee else ()))
    return SignIn(one_line(result.community), result.today.isoformat(), meeting, rows)


def _person(person: Person | None) -> str:
    if person is None or not person.name:
        return ""
    title = f", {one_line(person.title)}" if person.title else ""
    return one_line(person.name) + title


def sign_in_names() -> list[str]:
    """The variables a sign-in template may use."""
    return [*SignIn.__dataclass_fields__, "title"]


def sign_in_context(view: SignIn) -> dict[str, object]:
    return {**{name: getattr(view, name) for name in SignIn.__dataclass_fields__},
            "title": view.title}


def sample_sign_ins() -> list[SignIn]:
    """A sheet with a planned meeting and both kinds of row, and an empty one."""
    full = SignIn("Sample County", "2026-11-28", "2027-01-14, Sample County EOC", (
        SignInRow("Sample County Emergency Management", "Steering", "Dana Sample, Director",
                  "Lee Sample"),
        SignInRow("Sample Legal Aid", "", "", "")), public_note="Public copy: names are left out.")
    empty = SignIn("Sample County", "2026-11-28", "", ())
    return [full, empty]
