"""Dates at the calendar's edge (0001-01-01, 9999-12-31) and settings at their bounds: check,
the checklist, the packet and the calendar saturate instead of raising."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PIMA, TODAY_ARGS, copy_plan, run
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist
from vaplan.checklist.packet import build_packet
from vaplan.dates import add_days, add_months
from vaplan.export.calendar import collect_deadlines, to_ics

EDGE = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
_days = st.one_of(st.sampled_from([date.min, date.max, date(9999, 12, 1), date(1, 1, 31)]),
                  st.dates())


def test_date_arithmetic_saturates_at_the_edge() -> None:
    assert add_months(date(9999, 12, 31), 12) == date.max
    assert add_months(date(9999, 11, 30), 1) == date(9999, 12, 30)
    assert add_months(date(1, 1, 1), -1) == date.min
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_days(date.max, 1) == date.max
    assert add_days(date.min, -90) == date.min
    assert add_days(date(2026, 11, 28), 3) == date(2026, 12, 1)


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_an_agreement_that_never_expires_exports_to_the_calendar(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)

    def edge(data: dict) -> None:
        data["agreements"][0]["expires"] = "9999-12-31"
        data["agreements"][1]["expires"] = "0001-01-01"

    _edit(plan / "agreements.yaml", edge)
    out = tmp_path / "deadlines.ics"
    result = run("export", "calendar", plan, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    ics = out.read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:99991231" in ics
    assert "OVERDUE since 0001-01-01" in ics  # expired long ago: an event today


def test_a_huge_warning_horizon_is_a_plain_schema_error(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)
    _edit(plan / "vaplan.yaml", lambda d: d["checks"].update(expiry_warning_days=10 ** 9))
    result = run("check", plan, *TODAY_ARGS)
    assert result.exit_code == 1, result.output
    assert '"expiry_warning_days" should be at most 3650' in result.stdout
    assert "the rule failed" not in result.stdout


@pytest.mark.slow
@EDGE
@given(today=_days, expires=_days, signed=_days, reviewed=_days, updated=_days, raised=_days,
       warning=st.integers(0, 3650), interval=st.integers(1, 120), review=st.integers(1, 120))
def test_no_date_and_no_setting_in_range_makes_check_or_calendar_raise(
        today: date, expires: date, signed: date, reviewed: date, updated: date, raised: date,
        warning: int, interval: int, review: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan"
        shutil.copytree(PIMA, plan)

        def meta(data: dict) -> None:
            data["updated"] = updated.isoformat()
            data["checks"].update(expiry_warning_days=warning, review_interval_months=interval,
                                  plan_review_months=review)

        def agreements(data: dict) -> None:
            for agreement in data["agreements"]:
                agreement.update(expires=expires.isoformat(), signed=signed.isoformat())

        def resources(data: dict) -> None:
            for gap in data.get("gaps", []):
                gap["raised"] = raised.isoformat()

        _edit(plan / "vaplan.yaml", meta)
        _edit(plan / "agreements.yaml", agreements)
        _edit(plan / "resources.yaml", resources)
        _edit(plan / "committee.yaml", lambda d: d.update(reviewed=reviewed.isoformat()))
        result = check_plan(plan, today)
        assert not [s for s in result.skipped if s.failed], result.skipped
        assert all(result.plan.has(s) for s in ("vaplan", "committee", "agreements", "resources"))
        checklist = build_checklist(result)
        build_packet(result, checklist)
        ics = to_ics(collect_deadlines(result.plan, result.checks, today,
                                       result.facts_on(today)), "Test", today)
        assert ics.startswith(b"BEGIN:VCALENDAR")
