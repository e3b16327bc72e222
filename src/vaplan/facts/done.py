"""The dates that record something done (signed, incorporated, joined, reviewed, raised,
completed, held, confirmed): a date after today records nothing done yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterator

from vaplan.models import PlanModels
from vaplan.vocabulary import vocabulary


@dataclass(frozen=True)
class DoneDate:
    """One date the plan gives for something done."""

    #: where it is, starting with the file stem: ("agreements", "agreements", 2, "signed")
    path: tuple
    #: what it records, in words: "the MOU \"FAC MOU\" was signed"
    what: str
    day: date
    #: the id of the record it belongs to (a member, function, agreement, gap, exercise, item)
    subject: str | None
    #: `what` in the committee's words: names instead of ids
    people: str = ""


def done_dates(plan: PlanModels) -> Iterator[DoneDate]:
    """Every date in the plan that records something done, in file order."""
    if plan.committee is not None:
        if plan.committee.reviewed:
            yield DoneDate(("committee", "reviewed"), "the membership list was reviewed",
                           plan.committee.reviewed, None)
        for i, member in enumerate(plan.committee.members):
            if member.joined:
                yield DoneDate(("committee", "members", i, "joined"),
                               f"{member.organization} ({member.id}) joined the committee",
                               member.joined, member.id,
                               f"{member.organization} joined the committee")
    if plan.roles is not None:
        for i, entry in enumerate(plan.roles.functions):
            if entry.reviewed:
                yield DoneDate(("roles", "functions", i, "reviewed"),
                               f'the protocol "{entry.function}" was reviewed', entry.reviewed,
                               entry.function, f"the protocol “{_label(entry.function)}” was "
                               "reviewed")
        for i, emergency in enumerate(plan.roles.emergency_plans):
            if emergency.incorporated:
                yield DoneDate(("roles", "emergency_plans", i, "incorporated"),
                               f'victim assistance was written into "{emergency.plan}"',
                               emergency.incorporated, emergency.level,
                               f"victim assistance was written into “{emergency.plan}”")
    if plan.resources is not None:
        for i, gap in enumerate(plan.resources.gaps):
            if gap.raised:
                yield DoneDate(("resources", "gaps", i, "raised"),
                               f'the gap "{gap.id}" was raised with the committee', gap.raised,
                               gap.id, f"the gap “{gap.need}” was raised with the committee")
    if plan.agreements is not None:
        for i, agreement in enumerate(plan.agreements.agreements):
            if agreement.signed:
                yield DoneDate(("agreements", "agreements", i, "signed"),
                               f'the {agreement.type} "{agreement.title}" was signed',
                               agreement.signed, agreement.id,
                               f"the {agreement.type} “{agreement.title}” was signed")
    if plan.exercises is not None:
        for i, exercise in enumerate(plan.exercises.exercises):
            yield DoneDate(("exercises", "exercises", i, "date"),
                           f'the exercise "{exercise.title}" was held', exercise.date,
                           exercise.id, f"the exercise “{exercise.title}” was held")
        for i, action in enumerate(plan.exercises.improvements):
            if action.completed:
                yield DoneDate(("exercises", "improvements", i, "completed"),
                               f'the corrective action "{action.id}" was completed',
                               action.completed, action.id,
                               f"the corrective action “{action.id}” was completed")
    if plan.checklist is not None:
        for key, mark in plan.checklist.items.items():
            if mark.status == "done" and mark.date:
                yield DoneDate(("checklist", "items", key, "date"),
                               f'the item "{key}" was confirmed done', mark.date, key,
                               f"the item “{key}” was confirmed done")


def _label(function: str) -> str:
    return vocabulary().functions.get(function, function)


def future_dates(plan: PlanModels, today: date) -> tuple[DoneDate, ...]:
    """The dates of things done that are after today: nothing is done on a day to come."""
    return tuple(d for d in done_dates(plan) if d.day > today)
