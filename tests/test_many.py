"""Several plans in one run: each finding under its plan, one combined summary and exit code."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
from junitparser import JUnitXml
from typer.testing import CliRunner

from conftest import ROOT
from vaplan.check.many import check_plans
from vaplan.cli.main import app

CLEAN, GAPPY = str(ROOT / "examples" / "pima-county"), str(ROOT / "examples" / "riverside-city")
DATE = ["--today", "2026-11-28"]


def _run(*args: str):
    return CliRunner().invoke(app, ["check", *args, *DATE])


def test_parallel_results_equal_one_by_one() -> None:
    plans = [Path(CLEAN), Path(GAPPY), Path(GAPPY)]
    parallel = check_plans(plans, date(2026, 11, 28), workers=2)
    serial = check_plans(plans, date(2026, 11, 28), workers=1)
    assert [r.findings for r in parallel] == [r.findings for r in serial]
    # riverside: 41 findings, and VP404 (no FAC site) is true of it
    assert [len(r.findings) for r in parallel] == [0, 42, 42]


def test_text_reports_each_plan_then_one_summary() -> None:
    result = _run(CLEAN, GAPPY)
    assert result.exit_code == 1
    assert f"== {CLEAN} ==" in result.stdout and f"== {GAPPY} ==" in result.stdout
    assert result.stdout.rstrip().endswith("2 plans: 3 errors, 38 warnings, 0 infos, 1 waived")


def test_clean_plans_together_exit_0() -> None:
    assert _run(CLEAN, CLEAN).exit_code == 0


def test_json_lists_each_plan_with_a_combined_summary() -> None:
    data = json.loads(_run(CLEAN, GAPPY, "--format", "json").stdout)
    assert [p["plan"] for p in data["plans"]] == [CLEAN, GAPPY]
    # riverside: VP404 (no FAC site) is true of it
    assert [len(p["findings"]) for p in data["plans"]] == [0, 42]
    # 38 warnings: VP404 (no site chosen for the family assistance center) is true of riverside
    assert data["summary"] == {"error": 3, "warning": 38, "info": 0, "waived": 1, "plans": 2}


def test_a_missing_plan_exits_2_after_reporting_the_others() -> None:
    result = _run(GAPPY, "/no/such/plan")
    assert result.exit_code == 2
    assert "there is no directory '/no/such/plan'" in result.stderr
    assert "examples/riverside-city: 3 errors" in result.stdout


def test_sarif_for_several_plans_is_one_run_github_accepts() -> None:
    # GitHub's upload refuses runs sharing a category and more than 20 runs: the plans are one
    # run (one tool, one set of rules) with one invocation per plan.
    schema = json.loads((ROOT / "tests/data/schemas/sarif-schema-2.1.0.json").read_text())
    plans = [CLEAN, GAPPY] * 11
    log = json.loads(_run(*plans, "--format", "sarif").stdout)
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    [run] = log["runs"]
    assert len(run["invocations"]) == 22
    # riverside: VP404 (no FAC site) is true of it
    assert len(run["results"]) == 42 * 11
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].split("/")[-2]
            for r in run["results"]}
    assert uris == {"riverside-city"}


def test_junit_holds_one_suite_per_plan(tmp_path: Path) -> None:
    out = tmp_path / "report.xml"
    assert _run(CLEAN, GAPPY, "--output", f"junit:{out}").exit_code == 1
    suites = list(JUnitXml.fromfile(str(out)))
    assert [s.name for s in suites] == [f"vaplan check {CLEAN}", f"vaplan check {GAPPY}"]
    assert suites[0].failures == 0 and suites[1].failures > 0
