"""The command line through Typer's CliRunner: exit codes, plain output, `rules`, JSON shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import TODAY_ARGS, copy_plan, run
from vaplan import __version__
from vaplan.rules import all_rules

EXAMPLES = Path(__file__).parent.parent / "examples"
PIMA = EXAMPLES / "pima-county"
RIVERSIDE = EXAMPLES / "riverside-city"
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def warning_only(tmp_path: Path) -> Path:
    """The clean example with one warning: a gap never brought to the committee (VP403)."""
    plan = copy_plan(tmp_path)
    path = plan / "resources.yaml"
    text = path.read_text()
    assert "    raised: 2026-07-16\n" in text
    path.write_text(text.replace("    raised: 2026-07-16\n", "", 1))
    return plan


@pytest.fixture
def info_only(warning_only: Path) -> Path:
    """The same, with VP403 turned down to info in vaplan.yaml's `checks:`."""
    path = warning_only / "vaplan.yaml"
    path.write_text(path.read_text().replace("checks:\n", "checks:\n  severity: {VP403: info}\n"))
    return warning_only


# --- exit codes -----------------------------------------------------------------------------

def test_clean_plan_exits_0() -> None:
    assert run("check", PIMA, *TODAY_ARGS).exit_code == 0


def test_plan_with_errors_exits_1() -> None:
    assert run("check", RIVERSIDE, *TODAY_ARGS).exit_code == 1


def test_no_such_directory_exits_2(tmp_path: Path) -> None:
    result = run("check", tmp_path / "nowhere", *TODAY_ARGS)
    assert result.exit_code == 2
    assert "there is no directory" in result.output
    assert "Traceback" not in result.output


def test_directory_without_plan_files_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a plan")
    result = run("check", tmp_path, *TODAY_ARGS)
    assert result.exit_code == 2
    assert "holds no plan files" in result.output


def test_yml_names_are_named_when_there_is_no_plan(tmp_path: Path) -> None:
    (tmp_path / "vaplan.yml").write_text("community: X\n")
    result = run("check", tmp_path, *TODAY_ARGS)
    assert result.exit_code == 2
    assert "vaplan.yml" in result.output and ".yaml" in result.output


def test_file_instead_of_directory_exits_2() -> None:
    result = run("check", PIMA / "vaplan.yaml", *TODAY_ARGS)
    assert result.exit_code == 2
    assert "is a file, not a plan directory" in result.output


def test_bad_today_exits_2() -> None:
    result = run("check", PIMA, "--today", "28/11/2026")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_bad_format_exits_2() -> None:
    result = run("check", PIMA, "--format", "yaml", *TODAY_ARGS)
    assert result.exit_code == 2
    assert "--format" in result.output


def test_bad_fail_on_exits_2() -> None:
    assert run("check", PIMA, "--fail-on", "never", *TODAY_ARGS).exit_code == 2


def test_warnings_pass_by_default_and_fail_with_fail_on_warning(warning_only: Path) -> None:
    assert run("check", warning_only, *TODAY_ARGS).exit_code == 0
    assert run("check", warning_only, "--fail-on", "warning", *TODAY_ARGS).exit_code == 1
    assert run("check", warning_only, "--fail-on", "info", *TODAY_ARGS).exit_code == 1


def test_info_fails_only_with_fail_on_info(info_only: Path) -> None:
    assert run("check", info_only, *TODAY_ARGS).exit_code == 0
    assert run("check", info_only, "--fail-on", "warning", *TODAY_ARGS).exit_code == 0
    assert run("check", info_only, "--fail-on", "info", *TODAY_ARGS).exit_code == 1


def test_waived_finding_never_fails(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)
    path = plan / "resources.yaml"
    path.write_text(path.read_text().replace(
        "    raised: 2026-07-16\n",
        '    waivers: {gap-not-raised: "Found by the steering committee; full committee meets '
        'in January."}\n', 1))
    result = run("check", plan, "--fail-on", "info", "--format", "json", *TODAY_ARGS)
    assert result.exit_code == 0
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["waived"] is not None) for f in findings] == [("VP403", True)]


# --- plain output ---------------------------------------------------------------------------

def test_text_report_names_file_line_column_and_summary() -> None:
    result = run("check", RIVERSIDE, *TODAY_ARGS)
    assert "committee.yaml:14:1" in result.output
    assert "VP104" in result.output
    # 38 warnings: VP404 (no site chosen for the family assistance center) is true of it
    assert "3 errors, 38 warnings, 0 infos, 1 waived" in result.output


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"TERM": "xterm-256color"}])
def test_no_ansi_escape_codes_when_not_a_terminal(env: dict[str, str]) -> None:
    result = run("check", RIVERSIDE, *TODAY_ARGS, env=env)
    assert result.output.strip()
    assert not ANSI.search(result.output)


def test_no_ansi_escape_codes_in_rules_output() -> None:
    assert not ANSI.search(run("rules", env={"NO_COLOR": "1"}).output)
    assert not ANSI.search(run("rules", "VP101").output)


# --- rules ----------------------------------------------------------------------------------

def test_rules_lists_every_rule() -> None:
    result = run("rules")
    assert result.exit_code == 0
    for entry in all_rules():
        assert entry.code in result.output and entry.name in result.output


@pytest.mark.parametrize("ref", ["VP101", "vp101", "missing-discipline"])
def test_rules_shows_one_rules_documentation(ref: str) -> None:
    result = run("rules", ref)
    assert result.exit_code == 0
    assert "VP101" in result.output and "missing-discipline" in result.output
    for part in ("Why it matters", "Fails", "Passes"):
        assert part in result.output


@pytest.mark.parametrize("ref, suggestion", [("missing-disciplin", "missing-discipline"),
                                             ("VP1O1", "VP101")])
def test_unknown_rule_exits_2_with_did_you_mean(ref: str, suggestion: str) -> None:
    result = run("rules", ref)
    assert result.exit_code == 2
    assert f'did you mean "{suggestion}"' in result.output


def test_unknown_rule_far_from_any_exits_2() -> None:
    result = run("rules", "no-such-thing-at-all")
    assert result.exit_code == 2
    assert "no-such-thing-at-all" in result.output


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"vaplan {__version__}"


# --- JSON, per PLAN-FORMAT.md -----------------------------------------------------------------

def test_json_output_shape() -> None:
    result = run("check", RIVERSIDE, "--format", "json", *TODAY_ARGS)
    report = json.loads(result.stdout)
    assert {"findings", "summary"} <= set(report)
    assert report["findings"]
    for finding in report["findings"]:
        assert {"code", "name", "severity", "message", "file", "line", "column",
                "waived"} <= set(finding)
        assert re.fullmatch(r"VP\d{3}", finding["code"])
        assert finding["severity"] in ("error", "warning", "info")
        assert not Path(finding["file"]).is_absolute()
        assert finding["line"] is None or finding["line"] >= 1
        assert finding["column"] is None or finding["column"] >= 1
        assert finding["waived"] is None or finding["waived"].strip()
    summary = report["summary"]
    for severity in ("error", "warning", "info"):
        assert isinstance(summary[severity], int)
    assert "checklist" in summary


def test_json_counts_match_the_findings() -> None:
    report = json.loads(run("check", RIVERSIDE, "--format", "json", *TODAY_ARGS).stdout)
    for severity in ("error", "warning", "info"):
        assert report["summary"][severity] == sum(
            1 for f in report["findings"] if f["severity"] == severity and f["waived"] is None)


def test_json_is_the_only_thing_on_stdout_even_for_a_broken_plan(tmp_path: Path) -> None:
    (tmp_path / "vaplan.yaml").write_text("community: [unclosed\n")
    result = run("check", tmp_path, "--format", "json", *TODAY_ARGS)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    missing = [f for f in report["findings"] if f["file"] == "committee.yaml"]
    assert missing and missing[0]["line"] is None and missing[0]["column"] is None
    assert any(f["code"] == "VP001" and f["line"] == 2 for f in report["findings"])


def test_fail_escapes_control_characters_in_a_typed_path(tmp_path: Path) -> None:
    """A path typed with an escape sequence cannot recolour the terminal in the message."""
    result = run("check", str(tmp_path / "no\x1b[31mplan"))
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\x1b[31m" in result.stderr
