"""The committee's meetings (meetings.yaml): which is the next one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vaplan.models import Meeting, Meetings


@dataclass(frozen=True)
class MeetingFact:
    """One meeting of meetings.yaml."""

    #: its place in meetings.yaml's `meetings:`
    index: int
    day: date
    place: str


def next_meeting(meetings: Meetings | None, today: date) -> MeetingFact | None:
    """The earliest meeting dated today or later (the first listed of a day); None when none
    is planned or the plan has no meetings.yaml."""
    upcoming = [(m.date, i, m) for i, m in enumerate(meetings.meetings if meetings else ())
                if m.date >= today]
    if not upcoming:
        return None
    day, index, meeting = min(upcoming, key=lambda row: (row[0], row[1]))
    return MeetingFact(index, day, meeting.place or "")


def last_meeting(meetings: Meetings | None, today: date) -> Meeting | None:
    """The latest meeting held before today (the last listed of a day); None when none is
    recorded or the plan has no meetings.yaml. The packet counts what changed from its day."""
    held = [(m.date, i, m) for i, m in enumerate(meetings.meetings if meetings else ())
            if m.date < today]
    return max(held, key=lambda row: (row[0], row[1]))[2] if held else None
