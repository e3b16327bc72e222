"""The one-page summary (`vaplan render --kind summary`): readiness by section, the trend over
the plan's git history, the first next steps, the next meeting, agreements expired or expiring
and the last exercise. Built from the checklist and the facts, never working anything out again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vaplan.checklist.trend import History, Point
from vaplan.checklist.view import Action, AgreementAlert, Checklist, Score
from vaplan.checklist.words import CREDIT

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

#: How many next steps the summary lists.
TOP_STEPS = 5
#: What a public summary leaves out besides people: what an adversary could use.
WEAKNESSES_NOTE = ("The next steps and the agreements expired or expiring are left out too: they "
                   "show where the plan is weak.")


@dataclass(frozen=True)
class SectionScore:
    """One section of the checklist: its title and how much of it is ready."""

    id: str
    title: str
    score: Score


@dataclass(frozen=True)
class Meeting:
    """The committee's next meeting."""

    day: str
    place: str
    #: "in 12 days", "today"
    when: str


@dataclass(frozen=True)
class LastExercise:
    """The latest exercise or real incident held."""

    day: str
    title: str
    kind: str
    days: int

    @property
    def text(self) -> str:
        ago = "today" if self.days == 0 else f"{self.days} day{'s' if self.days != 1 else ''} ago"
        # under "Last exercise", a real incident says it is one
        real = ", a real incident, not an exercise" if self.kind == "real_incident" else ""
        return f"{self.day} ({ago}){real}: {self.title}"


@dataclass(frozen=True)
class Summary:
    """The whole one-page summary, ready for a template."""

    community: str
    jurisdiction: str
    today: str
    score: Score
    sections: tuple[SectionScore, ...]
    history: tuple[Point, ...]
    #: what the trend's points are ("meeting tags"), or why there is none
    history_by: str
    history_note: str
    steps: tuple[Action, ...]
    #: how many next steps there are in all (the summary lists the first TOP_STEPS)
    step_count: int
    next_meeting: Meeting | None
    agreements: tuple[AgreementAlert, ...]
    last_exercise: LastExercise | None
    #: the plan files have errors (their number; the checklist lists them)
    problem_count: int
    public_note: str = ""
    credit: str = CREDIT

    @property
    def expired(self) -> int:
        return sum(1 for a in self.agreements if a.state == "expired")


def build_summary(result: CheckResult, history: History | None = None, public: bool = False
                  ) -> Summary:
    """The summary of one checked plan; `history` is the trend (plan_history), none when not
    given. `public` leaves out people and the plan's weaknesses as the public copies do."""
    from vaplan.checklist.build import build_checklist, public_view

    if public:
        view = public_view(result, lambda redacted: build_summary(redacted, history))
        return dataclasses.replace(view, steps=(), step_count=0, agreements=(),
                                   public_note=f"{view.public_note} {WEAKNESSES_NOTE}")
    checklist = build_checklist(result)
    day = result.today
    history = history or History()
    return Summary(
        community=checklist.community,
        jurisdiction=checklist.jurisdiction,
        today=checklist.today,
        score=checklist.score,
        sections=tuple(SectionScore(s.id, s.title, s.score) for s in checklist.sections),
        history=history.points,
        history_by=history.by,
        history_note=history.note,
        steps=ranked_steps(checklist)[:TOP_STEPS],
        step_count=len(ranked_steps(checklist)),
        next_meeting=next_meeting(result, day),
        agreements=checklist.agreements,
        last_exercise=last_exercise(result, day),
        problem_count=checklist.problem_count,
        public_note=checklist.public_note,
    )


def ranked_steps(checklist: Checklist) -> tuple[Action, ...]:
    """The checklist's next steps, most pressing first: the one place the order is chosen, so
    the summary and the roll-up follow any ranking the checklist gains."""
    return checklist.actions


def next_meeting(result: CheckResult, day: date) -> Meeting | None:
    """The next meeting as the plan's facts have it (facts/meetings.py: the earliest of
    meetings.yaml dated `day` or later), with how soon it is in words."""
    fact = result.facts_on(day).next_meeting
    if fact is None:
        return None
    days = (fact.day - day).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return Meeting(fact.day.isoformat(), fact.place, when)


def last_exercise(result: CheckResult, day: date) -> LastExercise | None:
    """The latest exercise or real incident held on or before `day`."""
    held = [e for e in result.facts_on(day).exercise_record.exercises if e.held]
    if not held:
        return None
    latest = max(held, key=lambda e: (e.day, e.index))
    return LastExercise(latest.day.isoformat(), latest.title, latest.kind,
                        (day - latest.day).days)



def summary_data(summary: Summary) -> dict[str, Any]:
    """The summary as one JSON object (`vaplan render --kind summary --format json`)."""
    score = summary.score
    meeting, exercise = summary.next_meeting, summary.last_exercise
    return {
        "community": summary.community,
        "jurisdiction": summary.jurisdiction,
        "today": summary.today,
        "readiness": {"done": score.ready, "applicable": score.applicable,
                      "percent": score.percent},
        "sections": [{"id": s.id, "title": s.title, "done": s.score.ready,
                      "applicable": s.score.applicable, "percent": s.score.percent}
                     for s in summary.sections],
        "history": [{"date": p.day, "revision": p.revision, "percent": p.percent}
                    for p in summary.history],
        "history_by": summary.history_by or None,
        "next_steps": [{"owner": a.owner, "action": a.action, "due": a.due or None,
                        "item": a.item} for a in summary.steps],
        "next_step_count": summary.step_count,
        "next_meeting": None if meeting is None else {"date": meeting.day,
                                                      "place": meeting.place or None},
        "agreements": [{"id": a.id, "type": a.type, "title": a.title, "expires": a.expires,
                        "state": a.state} for a in summary.agreements],
        "last_exercise": None if exercise is None else {
            "date": exercise.day, "title": exercise.title, "kind": exercise.kind,
            "days_ago": exercise.days},
        "problem_count": summary.problem_count,
        **({"public_note": summary.public_note} if summary.public_note else {}),
    }


# the samples `vaplan template check --kind summary` runs a template against ------------------

def sample_summaries() -> list[Summary]:
    """One summary with something in every list and every optional text, and ones with
    nothing, so a check walks both sides of every `if`."""
    full = Summary(
        community="Sample County", jurisdiction="Sample County, OR", today="2026-11-28",
        score=Score(30, 40, 75),
        sections=(SectionScore("committee", "Assemble a planning committee", Score(6, 7, 85)),
                  SectionScore("empty", "A section with nothing to count", Score(0, 0, None))),
        history=(Point("2026-03-01", "spring-meeting", 40, "spring-meeting"),
                 Point("2026-06-01", "summer-meeting", None, "summer-meeting"),
                 Point("2026-09-01", "fall-meeting", 75, "fall-meeting")),
        history_by="meetings tagged in the plan's history", history_note="",
        steps=(Action("Sample County OEM", "sign the FAC MOA", "2027-01-15", "fac-moa"),
               Action("the committee", "confirm the review", "", "review")),
        step_count=7,
        next_meeting=Meeting("2026-12-10", "County annex, room 2", "in 12 days"),
        agreements=(AgreementAlert("moa", "MOA", "Family assistance center",
                                   "Sample OEM; Red Cross", "2026-06-30", "expired",
                                   "expired 151 days ago"),
                    AgreementAlert("grant", "grant", "Center operations", "Sample OEM",
                                   "2019-12-31", "expired", "expired 2524 days ago",
                                   "Completed as planned.")),
        last_exercise=LastExercise("2026-10-12", "FAC tabletop", "tabletop", 47),
        problem_count=2, public_note="Public copy: names are left out.")
    empty = dataclasses.replace(
        full, jurisdiction="", score=Score(0, 0, None), sections=(), history=(), history_by="",
        history_note="The plan is not kept in git, so there is no trend to show.", steps=(),
        step_count=0, next_meeting=None, agreements=(), last_exercise=None, problem_count=0,
        public_note="")
    quiet = dataclasses.replace(empty, history_note="")
    untagged = dataclasses.replace(  # a history of commits: no meeting names a point
        full, history=(Point("2026-06-01", "1a2b3c4", 40), Point("2026-09-01", "5d6e7f8", 75)),
        history_by="versions of the plan saved in git")
    return [full, empty, quiet, untagged]
