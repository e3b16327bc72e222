"""What every command keeps to: data on standard output and status on standard error, `-o -`,
extensions that fit, exit 2 when vaplan cannot do what was asked, colour, -h, completion."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PIMA, RIVERSIDE, TODAY_ARGS, run

ANSI = "\x1b["


@pytest.fixture()
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "plan"
    shutil.copytree(PIMA, copy)
    monkeypatch.chdir(tmp_path)
    return copy


@pytest.mark.parametrize("args, starts", [
    (["render"], "# "),
    (["export", "roster", "--format", "csv"], "\ufeffid,"),
    (["export", "roster"], "# "),
    (["export", "calendar"], "BEGIN:VCALENDAR"),
    (["export", "improvement-plan"], "# "),
])
def test_dash_output_is_standard_output(plan: Path, args: list[str], starts: str) -> None:
    result = run(*args, plan, "-o", "-", *TODAY_ARGS)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(starts)
    assert not (plan.parent / "-").exists(), "wrote a file named '-'"
    assert "wrote" not in result.stdout.lower()


@pytest.mark.parametrize("args, name, says", [
    (["export", "roster"], "roster.xlsx", "a .csv file opens in Excel"),
    (["export", "roster", "--format", "csv"], "roster.xlsx", ".csv, .vcf, .docx, .pdf, .md"),
    (["export", "calendar"], "deadlines.csv", "name it with one of .ics"),
    (["export", "improvement-plan"], "matrix.xlsx", ".csv, .docx, .pdf, .md"),
])
def test_an_extension_the_command_cannot_write_is_refused(plan: Path, args: list[str],
                                                          name: str, says: str) -> None:
    result = run(*args, plan, "-o", plan.parent / name, *TODAY_ARGS)
    assert result.exit_code == 2
    assert f"cannot write a {Path(name).suffix} file" in result.stderr and says in result.stderr
    assert "Traceback" not in result.output
    assert not (plan.parent / name).exists()


@pytest.mark.parametrize("args", [
    ["render", "{plan}", "-o", "{out}/checklist.md", *TODAY_ARGS],
    ["export", "roster", "{plan}", "-o", "{out}/roster.csv", *TODAY_ARGS],
    ["schema", "-o", "{out}/schemas"],
    ["confirm", "review-existing-plans", "--plan", "{plan}", *TODAY_ARGS],
    ["tailor", "review-existing-plans", "--plan", "{plan}", "--reason", "reviewed by the state"],
    ["init", "{out}/new-plan", "--community", "Cedar Falls, Iowa"],
])
def test_status_lines_go_to_standard_error(plan: Path, args: list[str]) -> None:
    out = plan.parent / "out"
    out.mkdir()
    words = [a.replace("{plan}", str(plan)).replace("{out}", str(out)) for a in args]
    result = run(*words)
    assert result.exit_code == 0, result.output
    assert result.stdout == "", "status on standard output would mix with data in a pipe"
    assert result.stderr.strip()


def test_force_color_and_no_color(plan: Path) -> None:
    plan = RIVERSIDE  # a plan with findings, which are coloured
    assert ANSI not in run("check", plan, *TODAY_ARGS).stdout  # not a terminal
    forced = run("check", plan, *TODAY_ARGS, env={"FORCE_COLOR": "1"})
    assert ANSI in forced.stdout
    both = run("check", plan, *TODAY_ARGS, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert ANSI not in both.stdout
    empty = run("check", plan, *TODAY_ARGS, env={"FORCE_COLOR": ""})
    assert ANSI not in empty.stdout  # set but empty counts as unset


@pytest.mark.parametrize("args", [[], ["export", "roster"], ["check"]])
def test_dash_h_is_help(args: list[str]) -> None:
    short, long = run(*args, "-h"), run(*args, "--help")
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout and "Usage:" in short.stdout


def test_shell_completion_is_offered_and_completes_commands() -> None:
    assert "--install-completion" in run("--help").stdout
    program = Path(sys.executable).parent / ("vaplan.exe" if os.name == "nt" else "vaplan")
    if not program.exists():
        pytest.skip("the vaplan program is not installed beside this Python")
    env = {**os.environ, "_VAPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "vaplan ex",
           "COMP_CWORD": "1"}
    done = subprocess.run([str(program)], env=env, capture_output=True, text=True, timeout=60)
    assert set(done.stdout.split()) == {"exercise", "export"}, done.stdout + done.stderr
