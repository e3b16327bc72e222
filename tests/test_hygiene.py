"""Loose input and hostile output: dates written only one way, and output that a narrow
terminal encoding cannot hold is still printed without a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PIMA, RIVERSIDE, TODAY_ARGS, copy_plan, run


@pytest.mark.parametrize("day", ["20261128", "2026-W48-6", "2026-332", "２０２６-11-28",
                                 "2026-11-28T00:00", " 2026-11-28"])
def test_today_takes_only_year_month_day(day: str) -> None:
    result = run("check", RIVERSIDE, "--today", day)
    assert result.exit_code == 2
    assert "write it as YYYY-MM-DD" in result.output + result.stderr


def test_today_written_year_month_day_is_taken() -> None:
    assert run("check", RIVERSIDE, "--today", "2026-11-28").exit_code == 1


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("command", [["render"], ["export", "calendar"], ["check"]])
def test_a_narrow_output_encoding_gets_replacement_characters_not_a_traceback(
        encoding: str, command: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "vaplan", *command, str(RIVERSIDE),
                           "--today", "2026-11-28"], capture_output=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    assert done.returncode in (0, 1)
    assert done.stdout.strip()


def _plan_without_committee(tmp_path: Path, checks: str) -> Path:
    plan = copy_plan(tmp_path)
    (plan / "committee.yaml").unlink()
    meta = (plan / "vaplan.yaml").read_text(encoding="utf-8")
    (plan / "vaplan.yaml").write_text(meta.replace("\nchecks:\n", f"\nchecks:\n{checks}"),
                                      encoding="utf-8")
    return plan


@pytest.mark.parametrize("checks, args", [
    ("  ignore: [VP007]\n", []),
    ("  ignore: [missing-file]\n", []),
    ("  severity: {VP007: info}\n", []),
    ("", ["--ignore", "VP007"]),
    ("", ["--select", "VP101"]),
])
def test_a_required_file_cannot_be_ignored_away(tmp_path: Path, checks: str,
                                                args: list[str]) -> None:
    plan = _plan_without_committee(tmp_path, checks)
    result = run("check", plan, *TODAY_ARGS, "-f", "json", *args)
    assert result.exit_code == 1, result.output
    missing = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "VP007"]
    assert [(f["file"], f["severity"]) for f in missing] == [("committee.yaml", "error")]


def test_a_missing_optional_file_can_still_be_ignored(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)
    (plan / "principles.yaml").unlink()
    assert run("check", plan, *TODAY_ARGS, "--ignore", "VP007").exit_code == 0
    assert run("check", plan, *TODAY_ARGS, "--fail-on", "warning").exit_code == 1


def test_a_rule_that_fails_makes_the_check_exit_2(tmp_path: Path, monkeypatch) -> None:
    import dataclasses

    from vaplan.check import checker

    def broken(ctx: object) -> list:
        raise RuntimeError("a bug")

    rules = [dataclasses.replace(r, check=broken) if r.code == "VP101" else r
             for r in checker.iter_checks()]
    monkeypatch.setattr(checker, "iter_checks", lambda: rules)
    for extra in ([], ["--exit-zero"]):
        result = run("check", PIMA, *TODAY_ARGS, *extra)
        assert result.exit_code == 2, result.output
        assert "VP101" in result.stdout and "the rule failed" in result.stdout
    sarif = json.loads(run("check", PIMA, *TODAY_ARGS, "-f", "sarif").stdout)
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False
    junit = run("check", PIMA, *TODAY_ARGS, "-f", "junit").stdout
    assert '<error message="the rule failed' in junit
