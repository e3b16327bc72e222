"""Days as the plan writes them, and date arithmetic that saturates at the calendar's edge
instead of raising."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

#: A day as the plan format writes it. date.fromisoformat alone also takes 20261128 and
#: 2026-W48-6 (Python 3.11+), which no reader would recognise as a day.
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


#: Characters that look like a hyphen and are not, as word processors and phones type them:
#: hyphen, non-breaking hyphen, figure dash, en dash, em dash, bar, minus, small and wide minus.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
#: What to write for text that is no date in any form (`next spring`).
NOT_A_DAY_FIX = "write it as YYYY-MM-DD, e.g. 2026-03-31"
_LOOSE = re.compile(r"(?P<y>[0-9]{4})[-./](?P<m>[0-9]{1,2})[-./](?P<d>[0-9]{1,2})")
_SLASHED = re.compile(r"(?P<a>[0-9]{1,2})[/.-](?P<b>[0-9]{1,2})[/.-](?P<y>[0-9]{4})")


#: Text a person meant as a day, however it is written: 2026-9-1, 9/1/2026, 2026\u201309\u201301.
_DAY_LIKE = re.compile(f"[0-9]{{1,4}}[-/.{_DASHES}][0-9]{{1,2}}[-/.{_DASHES}][0-9]{{1,4}}")


def looks_like_day(text: str) -> bool:
    """Whether `text` is meant as a day (and not, say, a git revision), even if badly written."""
    return _DAY_LIKE.fullmatch(text) is not None


def parse_day(text: str) -> date:
    """The day `text` names, written YYYY-MM-DD; ValueError for any other form or no such day,
    its message saying in plain words what is wrong and what to write (day_fault)."""
    fault = day_fault(text)
    if fault is not None:
        raise ValueError(f"{fault[0]}; {fault[1]}")
    return date.fromisoformat(text)


def day_fault(text: str) -> tuple[str, str] | None:
    """What is wrong with `text` as a day and what to write instead; None when it is one.

    People type dates as they see them elsewhere: a word processor's dash, a US 03/12/2024, a
    day the month does not have. Each is named, so the person knows what to change."""
    if ISO_DAY.fullmatch(text):  # the form nearly every date of a plan is in: only its day
        try:
            date.fromisoformat(text)
            return None
        except ValueError:
            return _impossible(text, int(text[:4]), int(text[5:7]), int(text[8:]))
    shown = text if len(text) <= 40 else text[:37] + "..."
    dashes = sorted({c for c in text if c in _DASHES})
    if dashes:
        fixed = "".join("-" if c in _DASHES else c for c in text)
        again = day_fault(fixed)
        fix = f"type it with the hyphen key: {fixed}" if again is None else again[1]
        return (f'"{shown}" uses a dash ({" ".join(dashes)}) where a date has a hyphen (-); '
                "word processors often change one into the other", fix)
    loose, slashed = _LOOSE.fullmatch(text), _SLASHED.fullmatch(text)
    if loose and not ISO_DAY.fullmatch(text):
        year, month, day = (int(loose.group(g)) for g in "ymd")
        return _impossible(shown, year, month, day) or (
            f'"{shown}" is not written YYYY-MM-DD',
            f"write it {year:04d}-{month:02d}-{day:02d}, with hyphens and two-digit months and "
            "days")
    if slashed:
        first, second, year = (int(slashed.group(g)) for g in "aby")
        month, day = (first, second) if first <= 12 else (second, first)
        if _impossible(shown, year, month, day) is None:
            return (f'"{shown}" is not written YYYY-MM-DD (year, month, day)',
                    f"write it {year:04d}-{month:02d}-{day:02d} if you mean "
                    f"{_MONTHS[month - 1]} {day}, {year}")
        return (f'"{shown}" is not written YYYY-MM-DD (year, month, day)',
                "write the year first, then the month and the day, e.g. 2026-03-31")
    if not ISO_DAY.fullmatch(text):
        return f'"{shown}" is not a date', NOT_A_DAY_FIX
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:])
    return _impossible(shown, year, month, day)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _impossible(shown: str, year: int, month: int, day: int) -> tuple[str, str] | None:
    """Why year-month-day is no day of the calendar (month 13, February 30), or None."""
    if year < 1:
        return f'"{shown}" is not a day: there is no year 0', "write the year in full"
    if not 1 <= month <= 12:
        return (f'"{shown}" is not a day: there is no month {month}',
                "write the month as 01 to 12, after the year: YYYY-MM-DD")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (f'"{shown}" is not a day: {_MONTHS[month - 1]} {year} has {last} days',
                f"write a day from 01 to {last}")
    return None


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
