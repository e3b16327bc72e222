"""`vaplan export calendar`: each deadline an all-day event, its UID the same at every export."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import PIMA, RIVERSIDE, ROOT, TODAY, copy_plan
from vaplan.cli.main import app
from vaplan.export.calendar import collect_deadlines, to_ics
from vaplan.export.common import ExportError, checked_plan

PLAN = ROOT / "tests" / "data" / "year-plan"


def _events(data: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]): {"start": e.decoded("DTSTART"), "end": e.decoded("DTEND"),
                            "summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"])}
            for e in calendar.walk("VEVENT")}


def _export(plan: Path = PLAN, today: date = TODAY) -> bytes:
    result = checked_plan(plan, today)
    meta = result.plan.vaplan
    return to_ics(collect_deadlines(result.plan, result.checks, today, result.facts_on(today)),
                  result.community, today, meta.jurisdiction if meta else None)


def test_every_deadline_of_the_plan_is_an_all_day_event() -> None:
    events = _events(_export())
    assert {uid: (e["start"], e["summary"]) for uid, e in events.items()} == {
        "or-county-harbor-county.agreement-expires.da-oem-mou@vaplan":
            (date(2026, 12, 31), "MOU expires: Victim assistance in county emergencies"),
        "or-county-harbor-county.agreement-renewal-notice.da-oem-mou@vaplan":
            # due 2026-11-01, already past: on today, said overdue
            (TODAY, "OVERDUE since 2026-11-01: Start renewing the MOU: Victim assistance in "
                    "county emergencies"),
        "or-county-harbor-county.agreement-expires.legal-aid-moa@vaplan":
            (date(2027, 2, 1), "MOA expires: Legal aid at the family assistance center"),
        "or-county-harbor-county.agreement-renewal-notice.legal-aid-moa@vaplan":
            (date(2026, 12, 3), "Start renewing the MOA: Legal aid at the family assistance "
                                "center"),
        "or-county-harbor-county.membership-review.committee@vaplan":
            (date(2027, 2, 28), "Committee membership review due"),
        "or-county-harbor-county.item-due.tabletop-2027@vaplan":
            (date(2027, 3, 31), "Checklist item due: Run a tabletop exercise of the family "
                                "assistance center."),
        "or-county-harbor-county.plan-review.plan@vaplan":  # updated 2026-10-15, every 12 months
            (date(2027, 10, 15), "Victim assistance plan review due"),
    }
    for event in events.values():
        assert type(event["start"]) is date  # all-day, not a time of day
        assert event["end"] == event["start"] + timedelta(days=1)


def test_descriptions_name_organizations_and_where_the_deadline_comes_from() -> None:
    events = _events(_export())
    mou = events["or-county-harbor-county.agreement-expires.da-oem-mou@vaplan"]["description"]
    assert "Harbor County District Attorney | Victim Assistance" in mou
    assert "Renewal: Steering committee reviews it each autumn." in mou
    assert "From the plan's agreements." in mou
    item = events["or-county-harbor-county.item-due.tabletop-2027@vaplan"]["description"]
    assert "Harbor County Emergency Management" in item


def test_done_items_and_agreements_without_expiry_have_no_event() -> None:
    uids = set(_events(_export()))
    assert not any("translate-plan" in uid or "open-ended" in uid or "no-due" in uid
                   for uid in uids)


def test_uids_do_not_change_when_a_date_moves(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, PLAN)
    before = _events(_export(plan))
    path = plan / "agreements.yaml"
    path.write_text(path.read_text().replace("2026-12-31", "2027-06-30"))
    after = _events(_export(plan, today=date(2026, 12, 15)))
    assert set(before) == set(after)
    uid = "or-county-harbor-county.agreement-expires.da-oem-mou@vaplan"
    assert after[uid]["start"] == date(2027, 6, 30)


def test_the_same_plan_and_day_give_the_same_bytes() -> None:
    assert _export() == _export()


def test_an_unreviewed_committee_is_due_today(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, PLAN)
    path = plan / "committee.yaml"
    path.write_text(path.read_text().replace("reviewed: 2026-02-28\n", ""))
    event = _events(_export(plan))["or-county-harbor-county.membership-review.committee@vaplan"]
    assert event["start"] == TODAY
    assert "none recorded" in event["summary"]


def test_a_plan_with_errors_in_a_file_is_refused(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, PLAN)
    (plan / "agreements.yaml").write_text("agreements:\n  - id: x\n    type: MOX\n")
    with pytest.raises(ExportError, match="agreements.yaml has errors"):
        checked_plan(plan, TODAY)


def test_the_starter_plan_exports_its_membership_review(tmp_path: Path) -> None:
    from vaplan.edit.starter import init_plan

    init_plan(tmp_path, "Test County", "county", TODAY)
    # and, from its empty exercises.yaml, the call-down drill and the exercises owed today; no
    # plan review, since a plan just created has no `updated:` date to count from
    assert sorted(_events(_export(tmp_path))) == [
        "county-test-county.call-down-drill.contact-list@vaplan",
        "county-test-county.exercise-due.never-exercised@vaplan",
        "county-test-county.membership-review.committee@vaplan"]


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*/vaplan.yaml")),
                         ids=lambda p: p.parent.name)
def test_the_examples_export(example: Path) -> None:
    events = _events(_export(example.parent))
    assert events
    assert all(uid.endswith("@vaplan") for uid in events)


def _calendar(plan: Path, today: date = TODAY) -> Calendar:
    return Calendar.from_ical(_export(plan, today))


def test_nothing_is_put_on_a_past_day_an_overdue_deadline_is_today(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)  # pima-county
    path = plan / "committee.yaml"
    path.write_text(path.read_text().replace("reviewed: 2026-10-14", "reviewed: 2025-06-23"))
    events = {str(e["UID"]): e for e in _calendar(plan).walk("VEVENT")}
    assert all(e.decoded("DTSTART") >= TODAY for e in events.values())
    review = events["az-county-pima-county.membership-review.committee@vaplan"]
    assert review.decoded("DTSTART") == TODAY
    assert str(review["SUMMARY"]) == "OVERDUE since 2026-06-23: Committee membership review"
    assert "overdue" in [str(c) for c in review["CATEGORIES"].cats]


def test_each_event_reminds_a_week_and_a_day_before_while_those_are_ahead() -> None:
    events = {str(e["UID"]): e for e in _calendar(PIMA).walk("VEVENT")}
    ahead = events["az-county-pima-county.action-due.jic-family-line@vaplan"]  # 2027-06-30
    triggers = sorted(a.decoded("TRIGGER") for a in ahead.walk("VALARM"))
    assert triggers == [timedelta(days=-7), timedelta(days=-1)]
    assert all(str(a["ACTION"]) == "DISPLAY" for a in ahead.walk("VALARM"))
    for event in events.values():  # no reminder before today
        for alarm in event.walk("VALARM"):
            assert event.decoded("DTSTART") + alarm.decoded("TRIGGER") >= TODAY


def test_uids_survive_renaming_the_community(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)
    before = set(_events(_export(plan)))
    path = plan / "vaplan.yaml"
    path.write_text(path.read_text().replace("community: Pima County, Arizona",
                                             "community: Pima County (Arizona) partners"))
    assert b"Pima County (Arizona) partners" in _export(plan)
    assert set(_events(_export(plan))) == before


@pytest.mark.parametrize("plan", [PLAN, PIMA, RIVERSIDE], ids=lambda p: p.name)
def test_descriptions_are_in_words_without_file_keys(plan: Path) -> None:
    for event in _events(_export(plan)).values():
        text = event["summary"] + "\n" + event["description"]
        assert "`" not in text
        assert not re.search(r"\b(reviewed|updated|status|completed|kind|functions|add|"
                             r"improvements|owner|[a-z]+_[a-z_]+):", text), text
        assert "yaml" not in text


def test_an_after_action_report_owed_is_an_event_on_its_due_day(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)
    (plan / "exercises" / "eoc-functional-2026-aar.md").unlink()  # held 2026-08-20, 90 days
    events = _events(_export(plan))
    event = events["az-county-pima-county.after-action-report.eoc-functional-2026@vaplan"]
    assert event["start"] == TODAY  # due 2026-11-18, past
    assert event["summary"].startswith("OVERDUE since 2026-11-18: After-action report: EOC")
    later = _events(_export(plan, date(2026, 9, 1)))
    assert later["az-county-pima-county.after-action-report.eoc-functional-2026@vaplan"][
        "start"] == date(2026, 11, 18)


def test_the_call_down_drill_follows_the_plans_rhythm(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)
    path = plan / "vaplan.yaml"
    text = re.sub(r"\n  call_down_months: \d+", "", path.read_text())
    path.write_text(text.replace("checks:\n", "checks:\n  call_down_months: 3\n", 1))
    drill = _events(_export(plan, date(2026, 10, 1)))[
        "az-county-pima-county.call-down-drill.contact-list@vaplan"]
    assert drill["start"] == date(2026, 12, 15)  # last held 2026-09-15
    assert "every 3 months" in drill["description"]


# command line ---------------------------------------------------------------------------------

def test_cli_writes_the_file_and_refuses_to_overwrite_it(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    runner = CliRunner()
    args = ["export", "calendar", str(PLAN), "-o", str(out), "--today", "2026-11-28"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(_events(out.read_bytes())) == 7
    out.write_bytes(b"mine")
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "--force" in result.output
    assert out.read_bytes() == b"mine"
    result = runner.invoke(app, [*args, "--force"])
    assert result.exit_code == 0
    assert len(_events(out.read_bytes())) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.ics"]


def test_cli_prints_the_calendar_without_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "calendar", str(PLAN), "--today", "2026-11-28"])
    assert result.exit_code == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR")


def test_cli_exit_2_when_there_is_no_plan(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "calendar", str(tmp_path / "nope")])
    assert result.exit_code == 2
    result = CliRunner().invoke(app, ["export", "calendar", str(PLAN), "--today", "soon"])
    assert result.exit_code == 2
