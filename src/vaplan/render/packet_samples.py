"""Sample packets for `vaplan template check`: one with something in every list and every
optional text, and one with nothing, so a check walks both sides of every `if`."""

from __future__ import annotations

import dataclasses

from vaplan.checklist.build import Action, AgreementAlert, OpenGap, Score, Section
from vaplan.checklist.changes import Change, Changes
from vaplan.checklist.packet import (
    ActionLine,
    AgendaItem,
    ExerciseReport,
    HeldExercise,
    MeetingNotes,
    Packet,
    Review,
)
from vaplan.render.context import sample_checklists


def sample_packets() -> list[Packet]:
    checklist = sample_checklists()[0]
    change = Change("sample", "Sample County Emergency Management", "joined 2026-10-01")
    one = (change,)
    changes = Changes("2026-09-01", "since 2026-09-01", "since 2026-09-01", True,
                      one, one, one, one, one, ("checklist.yaml has errors now, so items "
                                                "confirmed are not shown.",))
    full = Packet(
        community="Sample County", jurisdiction="Sample County, OR", plan_version="1.0",
        today="2026-11-28",
        agenda=(AgendaItem(1, "Welcome and introductions", "introductions of anyone new"),),
        score=checklist.score, sections=checklist.sections,
        gaps=(*checklist.gaps, OpenGap("site", "A second site", "open", "no owner",
                                       "not raised", "")),
        agreements=(*checklist.agreements, AgreementAlert(
            "moa", "MOA", "Family assistance center", "Sample OEM; Red Cross", "2026-06-30",
            "expired", "expired 151 days ago")),
        horizon=90,
        reviews=(Review("Committee membership review", "2025-06-30", "2026-06-30", "overdue",
                        "overdue by 151 days", True),
                 Review("Committee membership review", "2026-10-14", "2027-10-14", "not due",
                        "due in 320 days", False)),
        changes=changes, public_note="Public copy: names are left out.",
        problems=checklist.problems,
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
