"""Sample summaries for `vaplan template check --kind summary`: one with something in every list
and every optional text, and one with nothing, so a check walks both sides of every `if`."""

from __future__ import annotations

import dataclasses

from vaplan.checklist.build import AgreementAlert, Score
from vaplan.checklist.summary import LastExercise, Meeting, SectionScore, Summary
from vaplan.checklist.trend import Point
from vaplan.checklist.view import Action


def sample_summaries() -> list[Summary]:
    full = Summary(
        community="Sample County", jurisdiction="Sample County, OR", today="2026-11-28",
        score=Score(30, 40, 75),
        sections=(SectionScore("committee", "Assemble a planning committee", Score(6, 7, 85)),
                  SectionScore("empty", "A section with nothing to count", Score(0, 0, None))),
        history=(Point("2026-03-01", "spring-meeting", 40), Point("2026-06-01", "1a2b3c4", None),
                 Point("2026-09-01", "fall-meeting", 75)),
        history_by="meeting tags", history_note="",
        steps=(Action("Sample County OEM", "sign the FAC MOA", "2027-01-15", "fac-moa"),
               Action("the committee", "confirm the review", "", "review")),
        step_count=7,
        next_meeting=Meeting("2026-12-10", "County annex, room 2", "in 12 days"),
        agreements=(AgreementAlert("moa", "MOA", "Family assistance center",
                                   "Sample OEM; Red Cross", "2026-06-30", "expired",
                                   "expired 151 days ago"),),
        last_exercise=LastExercise("2026-10-12", "FAC tabletop", "tabletop", 47),
        problem_count=2, public_note="Public copy: names are left out.")
    empty = dataclasses.replace(
        full, jurisdiction="", score=Score(0, 0, None), sections=(), history=(), history_by="",
        history_note="The plan is not kept in git, so there is no trend to show.", steps=(),
        step_count=0, next_meeting=None, agreements=(), last_exercise=None, problem_count=0,
        public_note="")
    quiet = dataclasses.replace(empty, history_note="")
    return [full, empty, quiet]
