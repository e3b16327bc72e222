"""`vaplan check` options for CI: several reports in one run, --select/--ignore/--exit-zero."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from junitparser import JUnitXml
from typer.testing import CliRunner

from conftest import ROOT
from vaplan.cli.main import app

PLAN = "tests/data/ci-plan"
SARIF_SCHEMA = ROOT / "tests" / "data" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)

    def invoke(*args: str):
        return CliRunner().invoke(app, ["check", PLAN, "--today", "2026-11-28", *args],
                                  catch_exceptions=False)

    return invoke


def test_several_reports_in_one_run_beside_the_console_text(run, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = run("-o", f"sarif:{out}/results.sarif", "--output", f"junit:{out}/junit.xml",
                 "-o", f"json:{out}/findings.json", "-o", f"github:{out}/github.txt",
                 "-o", f"text:{out}/report.txt")
    assert result.exit_code == 1
    summary, readiness = result.stdout.splitlines()[-2:]
    assert summary.endswith("tests/data/ci-plan: 7 errors, 9 warnings, 0 infos, 1 waived")
    assert readiness.startswith("Readiness: ")
    assert (out / "report.txt").read_text("utf-8") == result.stdout
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(
        json.loads((out / "results.sarif").read_text("utf-8")))
    suite = next(iter(JUnitXml.fromfile(str(out / "junit.xml"))))
    assert suite.failures > 0
    assert len(json.loads((out / "findings.json").read_text("utf-8"))["findings"]) == 17
    assert "::error file=tests/data/ci-plan/agreements.yaml" in (out / "github.txt").read_text()
    assert sorted(p.name for p in out.iterdir()) == [
        "findings.json", "github.txt", "junit.xml", "report.txt", "results.sarif"]


def test_a_report_replaces_an_old_one_whole(run, tmp_path: Path) -> None:
    target = tmp_path / "results.sarif"
    target.write_text("old and much longer " * 10_000)
    assert run("-o", f"sarif:{target}", "--force").exit_code == 1
    assert json.loads(target.read_text("utf-8"))["version"] == "2.1.0"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(("spec", "says"), [
    ("sarif", "write FORMAT:FILE"),
    ("sarif:", "write FORMAT:FILE"),
    ("sarfi:out.sarif", 'there is no format "sarfi" (did you mean "sarif"?)'),
])
def test_bad_output_is_a_usage_error(run, spec: str, says: str) -> None:
    result = run("--output", spec)
    assert result.exit_code == 2
    assert says in result.stderr


def test_two_reports_to_one_file_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run("-o", f"sarif:{tmp_path}/r", "-o", f"junit:{tmp_path}/r")
    assert result.exit_code == 2
    assert "two reports would be written to" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_format_choices(run) -> None:
    for fmt in ("text", "json", "github", "sarif", "junit"):
        assert run("--format", fmt).exit_code == 1
    assert run("--format", "xml").exit_code == 2


@pytest.mark.parametrize(("args", "code"), [
    ((), 1),
    (("--exit-zero",), 0),
    (("--ignore", "VP101,VP502"), 0),
    (("--ignore", "missing-discipline", "--ignore", "agreement-expired"), 0),
    (("--select", "VP102"), 0),
    (("--select", "VP102", "--fail-on", "warning"), 1),
    (("--select", "VP102", "--fail-on", "warning", "--exit-zero"), 0),
    (("--select", "VP101,VP102", "--ignore", "VP101"), 0),
    (("--select", "agreement-expired"), 1),
])
def test_exit_codes(run, args: tuple[str, ...], code: int) -> None:
    assert run(*args).exit_code == code


def test_select_and_ignore_decide_which_findings_are_reported(run) -> None:
    findings = json.loads(run("-f", "json", "--select", "VP102,VP105").stdout)["findings"]
    assert {f["code"] for f in findings} == {"VP102", "VP105"}
    report = json.loads(run("-f", "json", "--ignore", "VP007,VP201").stdout)
    assert "VP007" not in {f["code"] for f in report["findings"]}
    assert "VP201" not in {s["code"] for s in report["skipped"]}


def test_the_command_line_wins_over_vaplan_yaml(run) -> None:
    # vaplan.yaml ignores no-nontraditional-partners (VP106); --select brings it back.
    assert "VP106" not in run().stdout
    findings = json.loads(run("-f", "json", "--select", "VP106").stdout)["findings"]
    assert [f["code"] for f in findings] == ["VP106"]


@pytest.mark.parametrize(("args", "says"), [
    (("--select", "VP1O1"), '--select: there is no rule "VP1O1" (did you mean "VP101"?)'),
    (("--ignore", "VP101,missing-disciplin"),
     '--ignore: there is no rule "missing-disciplin" (did you mean "missing-discipline"?)'),
])
def test_unknown_rule_is_a_usage_error_with_did_you_mean(run, args, says: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert says in result.stderr
    assert result.stdout == ""


def test_exit_zero_still_exits_2_when_vaplan_cannot_run(run) -> None:
    result = CliRunner().invoke(app, ["check", "no/such/plan", "--exit-zero"])
    assert result.exit_code == 2


def test_a_report_to_standard_output_is_refused_in_words_not_written_as_a_file(run) -> None:
    """Issue 25 item 9: `-o FORMAT:-` once wrote a file named "-"; standard output already
    carries the --format report, so it says how to print the report instead."""
    result = run("-o", "sarif:-")
    assert result.exit_code == 2
    assert "print it with --format sarif" in result.output
    assert not (ROOT / "-").exists()
