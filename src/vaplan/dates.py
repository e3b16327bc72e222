"""Date arithmetic the rules share; it saturates at the calendar's edge instead of raising."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


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
