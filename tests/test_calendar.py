"""`vaplan export calendar`: each deadline an all-day event, its UID the same at every export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import ROOT, TODAY, copy_plan
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
    return to_ics(collect_deadlines(result.plan, result.checks, today),
                  result.community, today)


def test_every_deadline_of_the_plan_is_an_all_day_event() -> None:
    events = _events(_export())
    assert {uid: (e["start"], e["summary"]) for uid, e in events.items()} == {
        "harbor-county.agreement-expires.da-oem-mou@vaplan":
            (date(2026, 12, 31), "MOU expires: Victim assistance in county emergencies"),
        "harbor-county.agreement-renewal-notice.da-oem-mou@vaplan":
            (date(2026, 11, 1), "Start renewing the MOU: Victim assistance in county emergencies"),
        "harbor-county.agreement-expires.legal-aid-moa@vaplan":
            (date(2027, 2, 1), "MOA expires: Legal aid at the family assistance center"),
        "harbor-county.agreement-renewal-notice.legal-aid-moa@vaplan":
            (date(2026, 12, 3), "Start renewing the MOA: Legal aid at the family assistance "
                                "center"),
        "harbor-county.membership-review.committee@vaplan":
            (date(2027, 2, 28), "Committee membership review due"),
        "harbor-county.item-due.tabletop-2027@vaplan":
            (date(2027, 3, 31), "Checklist item due: Run a tabletop exercise of the family "
                                "assistance center."),
        "harbor-county.plan-review.plan@vaplan":  # updated 2026-10-15, every 12 months
            (date(2027, 10, 15), "Victim assistance plan review due"),
    }
    for event in events.values():
        assert type(event["start"]) is date  # all-day, not a time of day
        assert event["end"] == event["start"] + timedelta(days=1)


def test_descriptions_name_organizations_and_where_the_deadline_comes_from() -> None:
    events = _events(_export())
    mou = events["harbor-county.agreement-expires.da-oem-mou@vaplan"]["description"]
    assert "Harbor County District Attorney | Victim Assistance" in mou
    assert "Renewal: Steering committee reviews it each autumn." in mou
    assert "agreements.yaml" in mou
    item = events["harbor-county.item-due.tabletop-2027@vaplan"]["description"]
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
    uid = "harbor-county.agreement-expires.da-oem-mou@vaplan"
    assert after[uid]["start"] == date(2027, 6, 30)


def test_the_same_plan_and_day_give_the_same_bytes() -> None:
    assert _export() == _export()


def test_an_unreviewed_committee_is_due_today(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, PLAN)
    path = plan / "committee.yaml"
    path.write_text(path.read_text().replace("reviewed: 2026-02-28\n", ""))
    event = _events(_export(plan))["harbor-county.membership-review.committee@vaplan"]
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
        "test-county.call-down-drill.contact-list@vaplan",
        "test-county.exercise-due.never-exercised@vaplan",
        "test-county.membership-review.committee@vaplan"]


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*/vaplan.yaml")),
                         ids=lambda p: p.parent.name)
def test_the_examples_export(example: Path) -> None:
    events = _events(_export(example.parent))
    assert events
    assert all(uid.endswith("@vaplan") for uid in events)


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
