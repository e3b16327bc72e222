"""Days as the plan writes them, and date arithmetic that saturates at the calendar's edge
instead of raising."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

#: A day as the plan format writes it. date.fromisoformat alone also takes 20261128 and
#: 2026-W48-6 (Python 3.11+), which no reader would recognise as a day.
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> date:
    """The day `text` names, written YYYY-MM-DD; ValueError for any other form or no such day."""
    if not ISO_DAY.fullmatch(text):
        raise ValueError(f"{text!r} is not written YYYY-MM-DD")
    return date.fromisoformat(text)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's last day (Jan 31 + 1 = Feb 28), and
    to the first or last day Python knows (0001-01-01, 9999-12-31) past the calendar's edge."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_days(day: date, days: int) -> date:
    """`day` moved by `days` (negative: back), held at 0001-01-01 or 9999-12-31 at the edge.

    A plan may say `expires: 9999-12-31` for an agreement without end; a warning 90 days after
    it is still "never", not an OverflowError."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min
