"""When a review is due: the committee's membership review and the review of the whole plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from vaplan.dates import add_months

#: never: no date recorded; future: the recorded date is after today; overdue: the due date
#: has passed; due_soon: due within the warning window; not_due: later than that.
ReviewState = Literal["never", "future", "overdue", "due_soon", "not_due"]


@dataclass(frozen=True)
class ReviewDue:
    """One review the committee owes, as of today."""

    #: the date of the last review; None when none is recorded
    last: date | None
    #: how often it is due, in months (a check setting)
    months: int
    #: the last review plus `months`; None when none is recorded
    due: date | None
    #: days from today to `due` (negative once overdue); None when none is recorded
    days_left: int | None
    state: ReviewState
    #: due today or within the warning window (`checks.expiry_warning_days`), not yet overdue
    soon: bool = False

    @property
    def overdue(self) -> bool:
        """Never recorded, or past its due date: the review is owed now."""
        return self.state in ("never", "overdue")


def review_due(last: date | None, months: int, today: date, warning_days: int) -> ReviewDue:
    """The review after `last`, due every `months`; due soon within `warning_days`."""
    if last is None:
        return ReviewDue(None, months, None, None, "never")
    due = _months_after(last, months)
    days_left = (due - today).days
    state: ReviewState
    if last > today:
        state = "future"
    elif days_left < 0:
        state = "overdue"
    else:
        state = "due_soon" if days_left <= warning_days else "not_due"
    return ReviewDue(last, months, due, days_left, state, 0 <= days_left <= warning_days)


def _months_after(day: date, months: int) -> date:
    """`day` plus `months`; the last day a date can hold when that is past the year 9999, so a
    plan dated near the end of the calendar is checked instead of crashing the check."""
    try:
        return add_months(day, months)
    except (ValueError, OverflowError):
        return date.max
