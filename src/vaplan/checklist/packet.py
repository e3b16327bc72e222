"""build_packet: the planning committee's meeting packet (the toolkit's Committee Meeting
protocol) from a checked plan and its checklist.

Like the Checklist, the Packet is a view-model of plain frozen dataclasses, so a template only
formats it: an agenda skeleton whose notes come from the plan, readiness by section, open gaps
with their age, agreements expired or expiring, reviews due, and what changed since a date or
a git revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vaplan.checklist.changes import Changes
from vaplan.checklist.build import (AgreementAlert, Checklist, Evidence, OpenGap, Score, Section,
                                    public_view)
from vaplan.checklist.words import CREDIT
from vaplan.facts import ReviewDue

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda: its number, its title and what the plan says about it."""

    number: int
    title: str
    note: str


@dataclass(frozen=True)
class Review:
    """A review the committee owes, such as its yearly look at who sits on it."""

    what: str
    last: str
    due: str
    #: "overdue", "due soon" (within checks.expiry_warning_days) or "not due"
    state: str
    when: str
    overdue: bool


@dataclass(frozen=True)
class Packet:
    """The whole packet, ready for a template."""

    community: str
    jurisdiction: str
    plan_version: str
    today: str
    agenda: tuple[AgendaItem, ...]
    score: Score
    sections: tuple[Section, ...]
    gaps: tuple[OpenGap, ...]
    agreements: tuple[AgreementAlert, ...]
    #: how many days ahead an agreement or review counts as coming up
    horizon: int
    reviews: tuple[Review, ...]
    #: None when no --since was given
    changes: Changes | None
    #: for a public copy, the sentence saying what was left out; empty otherwise
    public_note: str = ""
    #: every error in the plan files, as the checklist lists them, for the part for the plan's
    #: keeper (empty in a public copy, which gives only their number)
    problems: tuple[Evidence, ...] = ()
    problem_count: int = 0
    credit: str = CREDIT


def build_packet(result: CheckResult, checklist: Checklist, changes: Changes | None = None,
                 public: bool = False) -> Packet:
    """The meeting packet of a checked plan, as of `checklist.today`."""
    if public:
        return public_view(result, lambda redacted: build_packet(redacted, checklist, changes),
                           changes.then_files if changes else None)
    day = date.fromisoformat(checklist.today)
    horizon = result.checks.expiry_warning_days
    review = result.facts_on(day).membership_review
    reviews = (_membership_review(review),) if review is not None else ()
    return Packet(
        community=checklist.community, jurisdiction=checklist.jurisdiction,
        plan_version=checklist.plan_version, today=checklist.today,
        agenda=_agenda(checklist, changes, reviews, horizon), score=checklist.score,
        sections=checklist.sections, gaps=checklist.gaps, agreements=checklist.agreements,
        horizon=horizon, reviews=reviews, changes=changes, problems=checklist.problems,
        problem_count=checklist.problem_count)


def _membership_review(review: ReviewDue) -> Review:
    what = "Committee membership review"
    if review.last is None or review.due is None or review.days_left is None:
        return Review(what, "none recorded", "now", "overdue",
                      f"never recorded; due every {review.months} months", True)
    days = review.days_left
    if review.state == "overdue":
        state, when = "overdue", f"overdue by {_days(-days)}"
    else:
        # a review dated in the future (VP104 reports it) is counted from that date, as written
        state, when = ("due soon" if review.soon else "not due"), f"due in {_days(days)}"
    return Review(what, review.last.isoformat(), review.due.isoformat(), state, when,
                  review.overdue)


def _agenda(checklist: Checklist, changes: Changes | None, reviews: tuple[Review, ...],
            horizon: int) -> tuple[AgendaItem, ...]:
    added = [c.text for c in changes.members_added] if changes else []
    open_items = checklist.score.applicable - checklist.score.ready
    expired = sum(1 for a in checklist.agreements if a.state == "expired")
    expiring = len(checklist.agreements) - expired
    notes = [
        ("Welcome and introductions",
         f"welcome {'our new member' if len(added) == 1 else 'our new members'} "
         f"{_join(added)}" if added else "introductions of anyone new"),
        ("Changes since the last meeting", _changes_note(changes)),
        ("Readiness by section",
         "no applicable items" if checklist.score.percent is None else
         f"{checklist.score.percent}% ready; {_count(open_items, 'item')} still open"),
        ("Open resource gaps",
         f"{_count(len(checklist.gaps), 'gap')} open" if checklist.gaps else "none open"),
        ("Agreements", ", ".join(
            [f"{expired} expired"] * bool(expired) +
            [f"{expiring} expiring within {horizon} days"] * bool(expiring))
         or f"none expired or expiring within {horizon} days"),
        ("Reviews due",
         "; ".join(f"{r.what.lower()} {r.when}" for r in reviews) or "none recorded"),
        ("Roundtable", "each member: news, needs, events and trainings coming up"),
        ("Next meeting", "date, place, and who brings what"),
    ]
    return tuple(AgendaItem(n, title, note) for n, (title, note) in enumerate(notes, 1))


def _changes_note(changes: Changes | None) -> str:
    if changes is None:
        return "not compared with the last meeting in this packet"
    if not changes.count:
        return f"nothing recorded {changes.short}"
    return f"{_count(changes.count, 'change')} {changes.short}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _days(n: int) -> str:
    return _count(n, "day")


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
