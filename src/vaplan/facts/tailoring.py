"""What checklist.yaml records by hand: items confirmed done and items tailored out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from vaplan.models import Checklist


@dataclass(frozen=True)
class Tailoring:
    """The marks of checklist.yaml's `items:`, by item id."""

    #: item id -> the date a person confirmed it done
    done: Mapping[str, date] = field(default_factory=dict)
    #: item id -> why it does not apply to the community (`applicable: false`)
    tailored_out: Mapping[str, str] = field(default_factory=dict)

    def settled(self, item_id: str) -> bool:
        """Done or not applicable: nothing more is owed on it."""
        return item_id in self.done or item_id in self.tailored_out


def tailoring(checklist: Checklist | None) -> Tailoring:
    if checklist is None:
        return Tailoring()
    marks = checklist.items
    return Tailoring(
        {key: mark.date for key, mark in marks.items()
         if mark.status == "done" and mark.date is not None},
        {key: (mark.reason or "").strip() for key, mark in marks.items() if not mark.applicable})


def tailored_functions(marks: Tailoring) -> dict[str, str]:
    """Function id -> the reason its protocol item was tailored out of the checklist."""
    from vaplan.catalogue import catalogue

    return {item.function: marks.tailored_out[item.id] for item in catalogue().items
            if item.function and item.id in marks.tailored_out}


def tailoring_waiver(reason: str) -> str:
    """The waiver a finding on a tailored-out protocol is shown with."""
    return f"tailored out in checklist.yaml: {reason}"
