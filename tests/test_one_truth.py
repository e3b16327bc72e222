"""One truth in every document (issue 23): each fact is read from the plan's facts by every
document, so the checklist (JSON and Markdown), the meeting packet, the incident-day kits, the
improvement plan and the calendar never disagree. Plans are generated from the examples by
changing what the issue found documents disagreeing about: an after-action report owed, a
corrective action overdue, the membership review overdue, the call-down rhythm, the day."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import EXAMPLES, PIMA, RIVERSIDE, TODAY, copy_plan, run
from vaplan.catalogue import catalogue, kits
from vaplan.check.checker import check_plan
from vaplan.text import markdown_text
from vaplan.vocabulary import vocabulary

ORLANDO = EXAMPLES / "orlando-florida"


@dataclass(frozen=True)
class Variant:
    name: str
    source: Path
    today: date = TODAY
    drop_report: str | None = None  # an after-action report file to take out of the plan
    action_due: tuple[str, str] | None = None  # (due date as written, the new one)
    reviewed: str | None = None  # a new `reviewed:` date for the committee
    call_down_months: int | None = None


VARIANTS = [
    Variant("pima", PIMA),
    Variant("riverside", RIVERSIDE),
    Variant("pima-report-missing", PIMA, drop_report="eoc-functional-2026-aar.md"),
    Variant("pima-report-owed-not-yet-due", PIMA, date(2026, 9, 1),
            drop_report="eoc-functional-2026-aar.md"),
    Variant("pima-action-overdue", PIMA, action_due=("2027-06-30", "2026-09-30")),
    Variant("pima-review-overdue", PIMA, reviewed="2025-06-23"),
    Variant("pima-quarterly-drills", PIMA, call_down_months=3),
    Variant("pima-quarterly-drills-late", PIMA, date(2027, 1, 20), call_down_months=3),
    Variant("riverside-later", RIVERSIDE, date(2027, 3, 1)),
    Variant("orlando", ORLANDO),
    Variant("orlando-later", ORLANDO, date(2027, 6, 1)),
]


def _make(variant: Variant, where: Path) -> Path:
    plan = copy_plan(where, variant.source)
    if variant.drop_report:
        (plan / "exercises" / variant.drop_report).unlink()
    if variant.action_due:
        path = plan / "exercises.yaml"
        old, new = variant.action_due
        path.write_text(path.read_text().replace(f"due: {old}", f"due: {new}"))
    if variant.reviewed:
        path = plan / "committee.yaml"
        path.write_text(re.sub(r"(?m)^reviewed: .*$", f"reviewed: {variant.reviewed}",
                               path.read_text()))
    if variant.call_down_months:
        path = plan / "vaplan.yaml"
        text = re.sub(r"(?m)^  call_down_months: \d+\n", "", path.read_text())
        path.write_text(text.replace("checks:\n", "checks:\n  call_down_months: "
                                     f"{variant.call_down_months}\n", 1))
    return plan


def _out(*args: object) -> str:
    result = run(*args)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_every_document_tells_the_same_facts(variant: Variant, tmp_path: Path) -> None:
    plan = _make(variant, tmp_path)
    day = ["--today", variant.today.isoformat()]
    facts = check_plan(plan, variant.today).facts
    checklist = _out("render", plan, *day)
    data = json.loads(_out("render", plan, "-f", "json", *day))
    packet = _out("render", plan, "--kind", "packet", *day)
    kit = {phase: _out("render", plan, "--kind", phase, *day)
           for phase in ("response", "recovery")}
    improvement = _out("export", "improvement-plan", plan, *day)
    events = {str(e["UID"]).split(".", 1)[1].rsplit("@", 1)[0]: e
              for e in Calendar.from_ical(_out("export", "calendar", plan, *day)).walk("VEVENT")}
    record = facts.exercise_record

    # nothing on the calendar is on a past day; what is overdue is today, and says so
    for event in events.values():
        assert event.decoded("DTSTART") >= variant.today

    # after-action reports owed: the improvement plan and the calendar list the same ones;
    # once past due, the checklist and the packet call them missing
    owed = {e.id for e in record.reports_owed}
    assert {k.split(".", 1)[1] for k in events if k.startswith("after-action-report.")} == owed
    for exercise in record.exercises:
        title = markdown_text(exercise.title)
        assert (f"{title} (held {exercise.day}): after-action report" in improvement) == (
            exercise.id in owed)
        assert (f"{title}”, held on {exercise.day}, is more than" in checklist) == (
            exercise.after_action_missing)
        in_packet = re.search(re.escape(f"{title} (") + r".*after-action report missing",
                              packet)
        assert bool(in_packet) == exercise.after_action_missing

    # corrective actions overdue: the same in the improvement plan, the calendar, the
    # checklist's next steps and the packet
    for fact in record.open_actions:
        action = fact.action
        event = events.get(f"action-due.{action.id}")
        if action.due is None:
            continue
        assert event is not None
        said_overdue = str(event["SUMMARY"]).startswith(f"OVERDUE since {action.due}")
        assert said_overdue == fact.overdue
        assert (f"finish the corrective action “{markdown_text(action.action)}”, overdue since "
                f"{action.due}" in checklist) == fact.overdue
        assert (f"overdue since {action.due}" in packet) == fact.overdue
        assert (f"| {action.due} | **⚠ Overdue" in improvement) == fact.overdue

    # the membership review: the packet, the calendar and the checklist agree it is overdue
    review = facts.membership_review
    if review is not None and review.due is not None:
        event = events["membership-review.committee"]
        assert str(event["SUMMARY"]).startswith("OVERDUE since") == review.overdue
        assert (f"due {review.due}: **overdue by" in packet) == review.overdue
        assert (f"membership list with the committee, overdue since {review.due}"
                in checklist) == review.overdue

    # the call-down rhythm is the plan's `checks.call_down_months`, and the drill is due when
    # the facts say
    drill = record.call_down
    if drill is not None and drill.due is not None:
        event = events["call-down-drill.contact-list"]
        assert f"due every {drill.months} months" in str(event["DESCRIPTION"])
        assert event.decoded("DTSTART") == max(drill.due, variant.today)
        if variant.call_down_months:
            assert drill.months == variant.call_down_months

    # optional protocols: "optional" in the checklist iff the kits say they are not in the plan
    optional = {item["id"] for section in data["sections"] for item in section["items"]
                if item["status"] == "optional"}
    by_function = {i.function: i.id for i in catalogue().items if i.function}
    names = {**vocabulary().functions, **kits().protocol_titles}
    compared = 0
    for phase, functions in kits().protocol_phases.items():
        said = re.search(r"Optional protocols that are not part of this plan: (.*)\.\n",
                         kit[phase])
        listed = said.group(1).split(", ") if said else []
        for function in functions:
            if function in by_function:
                compared += 1
                assert (names[function] in listed) == (by_function[function] in optional), (
                    phase, function)
    assert compared >= 10


def test_the_problems_to_fix_are_counted_alike_and_leave_out_waived_ones() -> None:
    """Orlando's plan has two expired agreements the committee waived (completed as planned):
    the checklist still lists them with the reason, but no document counts them among the
    problems "to fix", and the summary, the packet and the kits give the same number."""
    result = check_plan(ORLANDO, TODAY)
    errors = [f for f in result.findings if f.severity == "error"]
    assert any(f.waived for f in errors)  # the case this test is about
    to_fix = sum(1 for f in errors if not f.waived)
    said = f"The plan files have {to_fix} problem{'' if to_fix == 1 else 's'} to fix"
    day = ["--today", TODAY.isoformat()]
    assert said in _out("render", ORLANDO, "--kind", "summary", *day)
    for kind in ("packet", "response", "recovery", "summary"):
        assert said in _out("render", ORLANDO, "--kind", kind, "--public", *day), kind


def test_an_expiry_the_committee_waived_is_never_marked_as_a_gap_beside_its_waiver(
        tmp_path: Path) -> None:
    """Orlando's two grants that ran out as planned are waived: the checklist's item said
    "✔ Waived" while its table of agreements marked both "✖ expired" in red, and the summary
    and packet listed them as plain alerts. Every document now says they are waived."""
    import docx

    day = ["--today", TODAY.isoformat()]
    checklist = _out("render", ORLANDO, *day)
    table = checklist.split("## Agreements expired or expiring")[1].split("\n## ")[0]
    rows = [line for line in table.splitlines() if line.startswith("| grant:")
            or line.startswith("| subaward:")]
    assert len(rows) == 2
    for row in rows:
        assert "| ✔ Waived: expired " in row and "✖" not in row
    assert "(Completed as planned on 2019-12-31" in table  # the committee's own reason
    summary = _out("render", ORLANDO, "--kind", "summary", *day)
    assert summary.count("ago (waived)") == 2
    packet = _out("render", ORLANDO, "--kind", "packet", *day)
    assert "**Agreements**: 2 expired (2 waived by the committee)" in packet
    assert "✖ **expired" not in packet
    # an expiry nobody waived stays loud
    assert "✖ **expired" in _out("render", RIVERSIDE, *day)
    word = tmp_path / "checklist.docx"
    assert run("render", ORLANDO, "-o", word, *day).exit_code == 0
    cells = [c.text for t in docx.Document(str(word)).tables for r in t.rows for c in r.cells]
    assert sum(c.startswith("✔ Waived: expired ") for c in cells) == 2


def test_only_an_expired_agreement_nobody_waived_is_shaded_red_in_word(tmp_path: Path) -> None:
    """The Word checklist shaded every agreement's status cell red: Riverside's MOU that
    expires in 41 days looked as expired as its lapsed MOA, and Orlando's waived grants too."""
    import docx
    from docx.oxml.ns import qn

    def fills(plan: Path) -> dict[str, str | None]:
        word = tmp_path / f"{plan.name}.docx"
        assert run("render", plan, "-o", word, "--today", TODAY.isoformat()).exit_code == 0
        table = next(t for t in docx.Document(str(word)).tables
                     if t.rows[0].cells[0].text == "Agreement")
        out = {}
        for row in table.rows[1:]:
            cell = row.cells[3]
            shade = cell._tc.tcPr.find(qn("w:shd"))
            out[cell.text.split(" (")[0]] = None if shade is None else shade.get(qn("w:fill"))
        return out

    riverside = fills(RIVERSIDE)
    assert [fill for text, fill in riverside.items() if text.startswith("✖ expired")] == \
        ["F8D7DA"]
    assert [fill for text, fill in riverside.items() if text.startswith("◐ expires")] == \
        ["FFFFFF"]
    assert set(fills(ORLANDO).values()) == {"FFFFFF"}


def test_the_summary_names_its_section_counts_as_the_checklist_does(tmp_path: Path) -> None:
    """The summary headed its count "Met" where the checklist and packet say "Ready": Orlando's
    "Formalize partnerships" counts a waived item, which is ready but not met. Each section's
    count is the checklist's, under the same word, in Markdown, the web page and Word."""
    import docx

    day = ["--today", TODAY.isoformat()]
    summary = _out("render", ORLANDO, "--kind", "summary", *day)
    checklist = _out("render", ORLANDO, *day)
    assert "| Section | Ready | Applicable | Readiness |" in summary
    assert "| Formalize partnerships in MOUs or MOAs | 2 of 4 | 50% |" in checklist
    assert "| Formalize partnerships in MOUs or MOAs | 2 | 4 | 50% |" in summary
    assert "Waived" in next(line for line in checklist.splitlines()
                            if line.startswith("| No agreement has expired"))
    page = tmp_path / "summary.html"
    assert run("render", ORLANDO, "--kind", "summary", "-o", page, *day).exit_code == 0
    assert '<th scope="col" class="num">Ready</th>' in page.read_text(encoding="utf-8")
    word = tmp_path / "summary.docx"
    assert run("render", ORLANDO, "--kind", "summary", "-o", word, *day).exit_code == 0
    head = [c.text for c in docx.Document(str(word)).tables[0].rows[0].cells]
    assert head == ["Section", "Ready", "Applicable", "Readiness"]


def test_the_rollup_says_its_section_counts_are_items_ready(tmp_path: Path) -> None:
    """The roll-up's legend called each section's count "items met"; Orlando's agreements
    column counts a waived item among its 2 of 4, as the checklist does."""
    page = tmp_path / "rollup.html"
    assert run("rollup", ORLANDO, "-o", page, "--today", TODAY.isoformat()).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert "Each section shows its items ready (met, confirmed or waived) of those that " \
           "apply." in text
    assert ">2 of 4</td>" in text
    # Orlando's latest record is the Pulse attack: the summary says it is a real incident,
    # and the column counting its days says it counts one too
    assert "Days since the last exercise or real incident" in text


def test_the_call_sheet_gives_each_member_the_roles_the_checklist_gives() -> None:
    """Pima's chair is also on the steering committee: both documents say both roles."""
    day = ["--today", "2026-12-05"]
    checklist = run("render", PIMA, *day).stdout
    sheet = run("export", "roster", PIMA, "--format", "md", *day).stdout
    table = checklist[checklist.index("## Planning committee"):].split("\n\n")[1]
    roles = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        roles[cells[0]] = cells[-1]
    assert "Chair, Steering" in roles.values() and len(roles) > 5
    for organization, role in roles.items():
        row = next(line for line in sheet.splitlines() if f"| {organization} |" in line)
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
        assert cells[3] == role, (organization, row)
