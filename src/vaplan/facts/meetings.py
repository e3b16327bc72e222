"""The committee's meetings (meetings.yaml): which is the next one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vaplan.models import Meetings


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
