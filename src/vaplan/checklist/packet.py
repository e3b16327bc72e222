"""build_packet: the planning committee's meeting packet (the toolkit's Committee Meeting
protocol) from a checked plan and its checklist.

Like the Checklist, the Packet is a view-model of plain frozen dataclasses, so a template only
formats it: an agenda skeleton whose notes come from the plan, readiness by section, open gaps
with their age, agreements expired or expiring, reviews due, what changed since a date or a
git revision, and the exercises held and corrective actions open or completed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vaplan.checklist.build import (
    Action,
    AgreementAlert,
    Checklist,
    Evidence,
    OpenGap,
    Score,
    Section,
    sample_items,
)
from vaplan.checklist.changes import Change, Changes
from vaplan.checklist.steps import NEXT_MEETING
from vaplan.checklist.words import CREDIT
from vaplan.dates import add_days, add_months
from vaplan.facts import ReviewDue
from vaplan.facts.exercises import ActionFact, ExerciseFact, ExerciseRecord, call_down_result
from vaplan.facts.meetings import last_meeting
from vaplan.models import Meeting, is_web_address
from vaplan.public import public_view
from vaplan.text import one_line

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult
    from vaplan.facts.plan import PlanFacts


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
    #: YYYY-MM-DD of the last review and the next; both "" when no review was ever recorded
    #: (`when` then says so: "never recorded; due every 12 months")
    last: str
    due: str
    #: "overdue", "due soon" (within checks.expiry_warning_days) or "not due"
    state: str
    when: str
    overdue: bool


@dataclass(frozen=True)
class HeldExercise:
    """An exercise or real incident held in the period the packet looks back on."""

    id: str
    day: str
    #: in plain words: "Tabletop exercise", "Call-down drill", "Real incident"
    kind: str
    title: str
    #: the protocols it exercised, by title, joined ("" when none is listed)
    protocols: str
    #: its after-action report: where it is, or when it is (or was) due
    report: str


@dataclass(frozen=True)
class ActionLine:
    """A corrective action of the improvement plan, as the packet lists it."""

    id: str
    action: str
    #: the responsible organization's name ("no owner named" when none is)
    organization: str
    due: str
    overdue: bool
    #: "overdue since 2026-10-01", "due 2027-03-01", "no due date", or "done 2026-11-02"
    when: str


@dataclass(frozen=True)
class ExerciseReport:
    """The packet's part on exercises and the improvement plan (exercises.yaml)."""

    #: the plan keeps exercises.yaml; without it the part says only that
    kept: bool
    #: the period looked back on: "since 2026-10-01" (the last meeting, from --since), or
    #: "since 2025-11-28, a year ago" without --since
    period: str
    held: tuple[HeldExercise, ...] = ()
    #: the actions open or in progress, the overdue ones first
    open: tuple[ActionLine, ...] = ()
    #: the actions completed in the period
    completed: tuple[ActionLine, ...] = ()
    #: without --since: how to count from the last meeting instead; "" otherwise
    note: str = ""

    @property
    def overdue(self) -> int:
        return sum(1 for a in self.open if a.overdue)


@dataclass(frozen=True)
class MeetingNotes:
    """The last meeting, from meetings.yaml: who came, where its minutes are, what it decided."""

    day: str
    place: str
    #: the organizations that attended, by name, joined
    attendees: str
    #: where the minutes are ("" when none are recorded)
    minutes: str
    decisions: tuple[str, ...] = ()


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
    #: exercises held and corrective actions completed in the period, and those still open
    exercises: ExerciseReport = ExerciseReport(False, "")
    problem_count: int = 0
    credit: str = CREDIT
    #: the next meeting from meetings.yaml ("2027-01-14, County EOC, room 2"); "" when none is
    #: planned
    next_meeting: str = ""
    #: the last meeting's attendance, minutes and decisions; None when none is recorded
    last_meeting: MeetingNotes | None = None
    #: the items still open, each with who does it and by when (the checklist's next steps);
    #: empty in a public copy, which carries no to-do list
    open_items: tuple[Action, ...] = ()
    #: the open items beyond the first `checks.next_steps_shown`, in the checklist
    more_items: int = 0
    #: the checklist items met since the last meeting (or --since), and those no longer met:
    #: "+4 met since 2026-11-03: ..."; "" when there was nothing to compare with
    progress: str = ""


def build_packet(result: CheckResult, checklist: Checklist, changes: Changes | None = None,
                 public: bool = False, progress: str = "") -> Packet:
    """The meeting packet of a checked plan, as of `checklist.today`."""
    if public:
        view = public_view(result, lambda redacted: build_packet(redacted, checklist, changes,
                                                                 progress=progress),
                           changes.then_files if changes else None)
        return dataclasses.replace(view, open_items=(), more_items=0)
    day = date.fromisoformat(checklist.today)
    horizon = result.checks.expiry_warning_days
    facts = result.facts_on(day)
    review = facts.membership_review
    reviews = (_membership_review(review),) if review is not None else ()
    names = dict(facts.organizations)
    exercises = _exercises(facts.exercise_record, result.plan.has("exercises"), changes, day,
                           names)
    coming = facts.next_meeting
    shown = result.checks.next_steps_shown
    next_meeting = (", ".join(p for p in (coming.day.isoformat(), one_line(coming.place)) if p)
                    if coming else "")
    return Packet(
        community=checklist.community, jurisdiction=checklist.jurisdiction,
        plan_version=checklist.plan_version, today=checklist.today,
        agenda=_agenda(checklist, changes, reviews, horizon, exercises, next_meeting),
        score=checklist.score,
        sections=checklist.sections, gaps=checklist.gaps, agreements=checklist.agreements,
        horizon=horizon, reviews=reviews, changes=changes, problems=checklist.problems,
        exercises=exercises, problem_count=checklist.problem_count, next_meeting=next_meeting,
        last_meeting=_notes(last_meeting(result.plan.meetings, day), names, facts),
        open_items=tuple(_open_item(a, coming.day.isoformat() if coming else "next meeting")
                         for a in checklist.actions[:shown]),
        more_items=max(0, len(checklist.actions) - shown), progress=progress)


def _open_item(action: Action, next_meeting: str) -> Action:
    """A next step as the packet's "Open items" row: its owner as a cell starts ("Steering
    committee", as the checklist writes it), due by the next meeting when it has no date."""
    due = next_meeting if action.due in ("", NEXT_MEETING) else action.due
    return dataclasses.replace(action, owner=action.owner[:1].upper() + action.owner[1:],
                               due=due)


def _notes(meeting: Meeting | None, names: dict[str, str], facts: PlanFacts
           ) -> MeetingNotes | None:
    if meeting is None:
        return None
    return MeetingNotes(meeting.date.isoformat(), one_line(meeting.place or ""),
                        "; ".join(names.get(a, a) for a in meeting.attendees),
                        _minutes(meeting.minutes, facts),
                        tuple(one_line(d) for d in meeting.decisions))


def _minutes(document: str | None, facts: PlanFacts) -> str:
    """Where the minutes are, as a printed page can say it: their web address, or that they
    are kept with the plan (a path in the plan folder means nothing on paper)."""
    if not document:
        return ""
    if is_web_address(document):
        return one_line(document)
    return ("kept with the plan" if facts.document_problem(document) is None
            else "named in the plan, but not found with it")


#: An exercise's kind in plain words.
KINDS = {"seminar": "Seminar", "workshop": "Workshop", "tabletop": "Tabletop exercise",
         "drill": "Drill", "functional": "Functional exercise",
         "full_scale": "Full-scale exercise", "call_down": "Call-down drill",
         "real_incident": "Real incident"}
#: Without --since, how far back the packet looks for exercises held and actions completed.
LOOK_BACK_MONTHS = 12


def _exercises(record: ExerciseRecord, kept: bool, changes: Changes | None, today: date,
               names: dict[str, str]) -> ExerciseReport:
    """What exercises.yaml shows for the meeting, from the plan's facts: held and completed
    since the last meeting (on or after its day, as the rest of the packet counts), and open."""
    if not kept:
        return ExerciseReport(False, "")
    note = ""
    if changes is not None and changes.day is not None:
        start, period = changes.day, changes.label
    else:
        start = add_months(today, -LOOK_BACK_MONTHS)
        period = f"since {start.isoformat()}, a year ago"
        note = ("Counted from a year ago, since no date was given for the last meeting."
                if changes is None else "Counted from a year ago, since the plan's history "
                "gives no date for the last meeting.")
    after = add_days(start, -1) if start > date.min else None
    from vaplan.vocabulary import vocabulary

    titles = vocabulary().functions
    held = tuple(_held(e, titles, today) for e in record.held_between(after, today))
    # overdue first, the longest overdue at the top; then by due date, undated last
    open_ = sorted(record.open_actions, key=lambda a: (not a.overdue, a.action.due is None,
                                                        a.action.due or date.max, a.index))
    return ExerciseReport(True, period, held, tuple(_line(a, names) for a in open_),
                          tuple(_line(a, names) for a in record.completed_between(after, today)),
                          note)


def _held(exercise: ExerciseFact, titles: dict[str, str], today: date) -> HeldExercise:
    due = exercise.after_action_due.isoformat()
    if not exercise.owes_report:
        report = call_down_result(exercise)
    elif exercise.after_action_exists:
        report = "after-action report written"
    elif exercise.after_action_missing:
        report = f"after-action report missing (due {due})"
    else:
        report = f"after-action report due {due}"
    return HeldExercise(exercise.id, exercise.day.isoformat(),
                        KINDS.get(exercise.kind, exercise.kind), exercise.title,
                        ", ".join(titles.get(f, f) for f in exercise.functions), report)


def _line(fact: ActionFact, names: dict[str, str]) -> ActionLine:
    action = fact.action
    owner = action.owner
    organization = ("no owner named" if owner is None
                    else names.get(owner, "an organization not on the committee list"))
    due = action.due.isoformat() if action.due else ""
    if action.status == "done" and action.completed is not None:
        when = f"done {action.completed.isoformat()}"
    elif fact.overdue:
        when = f"overdue since {due}"
    else:
        when = f"due {due}" if due else "no due date"
    return ActionLine(action.id, action.action, organization, due, fact.overdue, when)



def _membership_review(review: ReviewDue) -> Review:
    what = "Committee membership review"
    if review.last is None or review.due is None or review.days_left is None:
        return Review(what, "", "", "overdue",
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
            horizon: int, exercises: ExerciseReport, next_meeting: str
            ) -> tuple[AgendaItem, ...]:
    added = [c.text for c in changes.members_added] if changes else []
    open_items = checklist.score.applicable - checklist.score.ready
    expired = sum(1 for a in checklist.agreements if a.state == "expired")
    expiring = len(checklist.agreements) - expired
    waived = sum(1 for a in checklist.agreements if a.state == "expired" and a.waived)
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
            [f"{expired} expired" + (f" ({waived} waived by the committee)" if waived else "")]
            * bool(expired) +
            [f"{expiring} expiring within {horizon} days"] * bool(expiring))
         or f"none expired or expiring within {horizon} days"),
        ("Reviews due",
         "; ".join(f"{r.what.lower()} {r.when}" for r in reviews) or "none recorded"),
        ("Exercises and the improvement plan", _exercises_note(exercises)),
        ("Roundtable", "each member: news, needs, events and trainings coming up"),
        ("Next meeting", f"{next_meeting}; who brings what" if next_meeting else
         "date, place, and who brings what"),
    ]
    return tuple(AgendaItem(n, title, note) for n, (title, note) in enumerate(notes, 1))


def _exercises_note(exercises: ExerciseReport) -> str:
    if not exercises.kept:
        return "none recorded (the plan has no exercises file)"
    overdue = f", {exercises.overdue} overdue" if exercises.overdue else ""
    held, open_, done = len(exercises.held), len(exercises.open), len(exercises.completed)
    # "no exercise held", never "0 exercises held"
    return "; ".join((f"{_count(held, 'exercise')} held" if held else "no exercise held",
                      f"{_count(open_, 'corrective action')} open{overdue}" if open_
                      else "no corrective action open",
                      f"{done} completed" if done else "none completed"))


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


# the samples `vaplan template check --kind packet` runs a template against -------------------

def sample_packets() -> list[Packet]:
    """One packet with something in every list and every optional text (its items in every
    status), one with nothing and one with changes that found nothing, so a check walks both
    sides of every `if`."""
    items = sample_items()
    score = Score(3, 5, 60)
    change = Change("sample", "Sample County Emergency Management", "joined 2026-10-01")
    one = (change,)
    changes = Changes("2026-09-01", "since 2026-09-01", "since 2026-09-01", True,
                      one, one, one, one, one, ("checklist.yaml has errors now, so items "
                                                "confirmed are not shown.",))
    full = Packet(
        community="Sample County", jurisdiction="Sample County, OR", plan_version="1.0",
        today="2026-11-28",
        agenda=(AgendaItem(1, "Welcome and introductions", "introductions of anyone new"),),
        score=score, sections=(Section("sample", "Sample section", items, score),
                               Section("empty", "Empty section", (), Score(0, 0, None))),
        gaps=(OpenGap("interpreters", "Interpreters on call", "open", "Sample DA", "2026-05-12",
                      "nonprofit, college"),
              OpenGap("site", "A second site", "open", "no owner", "not raised", "")),
        agreements=(AgreementAlert("mou", "MOU", "Victim assistance", "Sample DA; Sample OEM",
                                   "2026-12-31", "expiring", "expires in 33 days"),
                    AgreementAlert("moa", "MOA", "Family assistance center",
                                   "Sample OEM; Red Cross", "2026-06-30", "expired",
                                   "expired 151 days ago"),
                    AgreementAlert("grant", "grant", "Center operations", "Sample OEM",
                                   "2019-12-31", "expired", "expired 2524 days ago",
                                   "Completed as planned.")),
        horizon=90,
        reviews=(Review("Committee membership review", "2025-06-30", "2026-06-30", "overdue",
                        "overdue by 151 days", True),
                 Review("Committee membership review", "2026-10-14", "2027-10-14", "not due",
                        "due in 320 days", False),
                 Review("Committee membership review", "", "", "overdue",
                        "never recorded; due every 12 months", True)),
        changes=changes, public_note="Public copy: names are left out.",
        problems=items[0].evidence,
        exercises=ExerciseReport(
            True, "since 2026-09-01",
            (HeldExercise("fac-tabletop", "2026-10-12", "Tabletop exercise", "FAC tabletop",
                          "Family assistance center", "after-action report due 2027-01-10"),
             HeldExercise("call-down", "2026-11-02", "Call-down drill", "Call-down drill", "",
                          "after-action report: exercises/call-down.pdf")),
            (ActionLine("backup-site", "Sign an MOA for a backup site", "Sample OEM",
                        "2026-10-01", True, "overdue since 2026-10-01"),
             ActionLine("roster", "Keep an interpreter roster", "no owner named", "", False,
                        "no due date")),
            (ActionLine("script", "Write the notification script", "Sample ME", "2026-09-01",
                        False, "done 2026-11-02"),),
            "Counted from a year ago: render the packet with --since."),
        next_meeting="2027-01-14, Sample County EOC",
        last_meeting=MeetingNotes("2026-09-01", "Sample County EOC", "Sample OEM; Red Cross",
                                  "minutes/2026-09-01.md", ("Sign the FAC MOA.",)),
        open_items=(Action("Sample OEM", "sign the FAC MOA", "2027-01-14", "moa"),),
        more_items=3, progress="+1 met since 2026-09-01: A planning committee of local…")
    empty = dataclasses.replace(
        full, jurisdiction="", plan_version="", agenda=(), score=Score(0, 0, None),
        sections=(Section("empty", "Empty section", (), Score(0, 0, None)),), gaps=(),
        agreements=(), reviews=(), changes=None, public_note="", problems=(),
        exercises=ExerciseReport(False, ""), next_meeting="", open_items=(),
        last_meeting=MeetingNotes("2026-09-01", "", "", ""))
    quiet = dataclasses.replace(empty, changes=Changes(
        "HEAD~1", "since HEAD~1 (commit 1a2b3c4 of 2026-09-01)", "since HEAD~1", True, (), (),
        (), (), (), ()), exercises=ExerciseReport(True, "since HEAD~1"))
    return [full, empty, quiet]
