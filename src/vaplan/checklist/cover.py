"""A cover sheet for the plan (`vaplan render --kind cover`): the community, the day, and the
lead agencies the plan names. (A newcomer's dummy kind, to count the files a kind touches.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaplan.checklist.words import CREDIT
from vaplan.public import public_view
from vaplan.text import one_line

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult


@dataclass(frozen=True)
class Cover:
    """The cover sheet, ready for a template."""

    community: str
    today: str
    leads: tuple[str, ...]
    public_note: str = ""
    credit: str = CREDIT


def build_cover(result: CheckResult, kind: str = "cover", since: str | None = None,
                public: bool = False) -> Cover:
    if public:
        return public_view(result, lambda redacted: build_cover(redacted))
    roles = result.plan.roles
    leads = tuple(one_line(result.facts.organization(a))
                  for a in (roles.lead_agencies if roles else ()))
    return Cover(one_line(result.community), result.today.isoformat(), leads)


def sample_covers() -> list[Cover]:
    """A cover with leads and a public note, and an empty one."""
    return [Cover("Sample County", "2026-11-28", ("Sample OEM", "Sample DA"),
                  "Public copy: names are left out."),
            Cover("Sample County", "2026-11-28", ())]
