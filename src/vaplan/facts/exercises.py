"""Exercises, real incidents and the improvement plan (exercises.yaml), as of today: which
after-action reports are owed, which corrective actions are open or overdue, when the next
call-down drill and each protocol's next exercise are due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping

from vaplan.dates import add_days
from vaplan.facts.documents import document_exists
from vaplan.facts.reviews import ReviewDue, review_due
from vaplan.models import Checks, Exercise, Exercises, Improvement

#: a corrective action still to be done
OPEN_STATUSES = ("open", "in_progress")


@dataclass(frozen=True)
class ExerciseFact:
    """One exercise or real incident."""

    #: its place in exercises.yaml's `exercises:`
    index: int
    id: str
    day: date
    kind: str
    title: str
    #: function ids it exercised, as listed
    functions: tuple[str, ...]
    #: member ids of the organizations that took part, as listed
    participants: tuple[str, ...]
    #: the after-action report's path as written; None when none is named
    after_action: str | None
    #: the after-action report names a file that exists inside the plan directory
    after_action_exists: bool
    #: the day by which the after-action report is owed: `checks.after_action_days` after an
    #: exercise, `checks.incident_after_action_days` after a real incident
    after_action_due: date
    #: held on or before today (an exercise dated after today is planned, not held)
    held: bool
    #: held, owes a report, no report that exists, and the report's day has passed
    after_action_missing: bool
    #: a call-down drill records its result instead of owing an after-action report
    owes_report: bool = True
    #: a call-down drill's result: how many were reached, of how many called, in how many
    #: minutes (each None when not recorded)
    reached: int | None = None
    called: int | None = None
    minutes: int | None = None

    @property
    def report_days(self) -> int:
        """Days after the exercise by which its report is owed."""
        return (self.after_action_due - self.day).days

    @property
    def after_action_owed(self) -> bool:
        """Held, and its after-action report is not in the plan folder: owed by
        `after_action_due` (and missing once that day has passed)."""
        return self.held and not self.after_action_exists


@dataclass(frozen=True)
class ActionFact:
    """One corrective action of the improvement plan."""

    #: its place in exercises.yaml's `improvements:`
    index: int
    action: Improvement
    #: open or in progress
    open: bool
    #: open or in progress and past its due date
    overdue: bool

    @property
    def id(self) -> str:
        """The action's id."""
        return self.action.id


@dataclass(frozen=True)
class ExerciseRecord:
    """What exercises.yaml shows, as of today."""

    exercises: tuple[ExerciseFact, ...] = ()
    actions: tuple[ActionFact, ...] = ()
    #: the call-down drills held: when the last was and when the next is due; `never` when
    #: none was held
    call_down: ReviewDue | None = None
    #: the exercises held of any kind but a real incident (an incident tests the plan but is
    #: not the committee exercising it): when the last was and when the next is due
    #: (`checks.exercise_months`); `never` when none was held
    exercising: ReviewDue | None = None
    #: exercises.yaml is in the plan folder but could not be read or has schema errors: what
    #: it holds is unknown (its errors are reported), so nothing may be called unexercised
    unreadable: bool = False

    def held_between(self, after: date | None, until: date) -> tuple[ExerciseFact, ...]:
        """The exercises held after `after` (all of them when None) and on or before `until`."""
        return tuple(e for e in self.exercises
                     if e.held and (after is None or e.day > after) and e.day <= until)

    def completed_between(self, after: date | None, until: date) -> tuple[ActionFact, ...]:
        """The corrective actions done after `after` (all when None), on or before `until`."""
        return tuple(a for a in self.actions if a.action.status == "done"
                     and a.action.completed is not None and a.action.completed <= until
                     and (after is None or a.action.completed > after))

    @property
    def reports_owed(self) -> tuple[ExerciseFact, ...]:
        """The exercises held whose after-action report is not in the plan folder yet, due or
        overdue (`after_action_due`), in the file's order: the checklist, the packet, the
        improvement plan and the calendar all list these."""
        return tuple(e for e in self.exercises if e.after_action_owed)

    @property
    def open_actions(self) -> tuple[ActionFact, ...]:
        """The corrective actions open or in progress, in the file's order."""
        return tuple(a for a in self.actions if a.open)


def exercise_record(exercises: Exercises | None, checks: Checks, today: date,
                    plan_dir: Path | None, unreadable: bool = False) -> ExerciseRecord:
    """The facts of exercises.yaml; an empty record (the call-down never drilled) without it,
    marked `unreadable` when the file is there but cannot be used (it has errors)."""
    held = tuple(_exercise(i, e, checks, today, plan_dir)
                 for i, e in enumerate(exercises.exercises if exercises else ()))
    actions = tuple(_action(i, a, today)
                    for i, a in enumerate(exercises.improvements if exercises else ()))
    drills = [e.day for e in held if e.kind == "call_down" and e.held]
    exercised = [e.day for e in held if e.kind != "real_incident" and e.held]
    warning = checks.expiry_warning_days
    return ExerciseRecord(
        held, actions,
        review_due(max(drills, default=None), checks.call_down_months, today, warning),
        review_due(max(exercised, default=None), checks.exercise_months, today, warning),
        unreadable=exercises is None and unreadable)


def last_exercised(record: ExerciseRecord) -> dict[str, date]:
    """Function id -> the latest exercise or incident held that used it."""
    last: dict[str, date] = {}
    for exercise in record.exercises:
        if exercise.held:
            for function in exercise.functions:
                if function not in last or exercise.day > last[function]:
                    last[function] = exercise.day
    return last


def exercise_due(last: Mapping[str, date], functions: tuple[str, ...], checks: Checks,
                 today: date) -> dict[str, ReviewDue]:
    """For each function in `functions`, when it was last exercised and when next it is due
    (`checks.exercise_months` after); `never` when it has not been."""
    return {f: review_due(last.get(f), checks.exercise_months, today,
                          checks.expiry_warning_days) for f in functions}


def _exercise(index: int, exercise: Exercise, checks: Checks, today: date,
              plan_dir: Path | None) -> ExerciseFact:
    exists = document_exists(plan_dir, exercise.after_action)
    days = (checks.incident_after_action_days if exercise.kind == "real_incident"
            else checks.after_action_days)
    due = add_days(exercise.date, days)
    held = exercise.date <= today
    owes = exercise.kind != "call_down"
    return ExerciseFact(index, exercise.id, exercise.date, exercise.kind, exercise.title,
                        tuple(exercise.functions), tuple(exercise.participants),
                        exercise.after_action, exists, due, held,
                        owes and held and not exists and due < today, owes,
                        exercise.reached, exercise.of, exercise.minutes)


def last_use(record: ExerciseRecord, function: str) -> ExerciseFact | None:
    """The latest exercise or real incident held that used `function` (a real incident first
    on a day both happened); None when none did."""
    used = [e for e in record.exercises if e.held and function in e.functions]
    return max(used, key=lambda e: (e.day, e.kind == "real_incident"), default=None)


def last_call_down(record: ExerciseRecord) -> ExerciseFact | None:
    """The latest call-down drill held; None when none was."""
    drills = [e for e in record.exercises if e.held and e.kind == "call_down"]
    return max(drills, key=lambda e: e.day, default=None)


def call_down_result(exercise: ExerciseFact) -> str:
    """A call-down drill's result in words: "reached 14 of 16 in 38 minutes"."""
    if exercise.reached is None and exercise.called is None and exercise.minutes is None:
        return "result not recorded: how many were reached, of how many called, in how many minutes"
    reached = "?" if exercise.reached is None else str(exercise.reached)
    words = f"reached {reached}" + (f" of {exercise.called}" if exercise.called is not None
                                     else "")
    if exercise.minutes is not None:
        words += f" in {exercise.minutes} minute{'' if exercise.minutes == 1 else 's'}"
    return words


def _action(index: int, action: Improvement, today: date) -> ActionFact:
    is_open = action.status in OPEN_STATUSES
    return ActionFact(index, action, is_open,
                      is_open and action.due is not None and action.due < today)
