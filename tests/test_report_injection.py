"""Plan text cannot steer what reads vaplan's reports: no workflow command in GitHub's log, no
escape sequence or rich markup acted on in a terminal, and every CI format stays valid."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree.ElementTree import fromstring

import pytest
import yaml

from conftest import RIVERSIDE, TODAY, TODAY_ARGS, copy_plan, run
from vaplan.check.checker import check_plan
from vaplan.reporters import REPORTERS, render_text

HOSTILE_ORG = "Evil [bold red]Org[/bold red] \x1b[2J\x1b]0;owned\x07 \u202eredro"
HOSTILE_REASON = ("state agency\n::error file=x.yaml::pwned\r\n::stop-commands::tok\n"
                  "  ::warning::indented\u2028::notice::after a line separator \x1b[31mred")


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    plan = copy_plan(tmp_path, RIVERSIDE)
    path = plan / "committee.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for member in data["members"]:
        if member["id"] == "cal-victim-services":
            member["organization"] = HOSTILE_ORG
            member["waivers"]["VP501"] = HOSTILE_REASON
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return plan


def _commands(log: str) -> list[str]:
    """The lines GitHub's runner would act on: it trims leading whitespace, then looks for ::.
    It splits lines at \\n (a \\r alone or U+2028 also ends a line in some viewers)."""
    lines = log.replace("\r", "\n").replace("\u2028", "\n").split("\n")
    return [line.lstrip() for line in lines if line.lstrip().startswith("::")]


def test_plan_text_starts_no_workflow_command(plan: Path) -> None:
    result = check_plan(plan, TODAY)
    assert any(f.waived and "::error" in f.waived for f in result.findings)
    log = REPORTERS["github"](result)
    commands = _commands(log)
    assert len(commands) == sum(1 for f in result.findings if f.counts)
    assert all(c.split(" ", 1)[0] in ("::error", "::warning", "::notice") for c in commands)
    assert not any("pwned" in c or "stop-commands" in c for c in commands)
    assert "\x1b" not in log and "\u202e" not in log


def test_a_plan_directory_named_like_a_command_is_inert(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(RIVERSIDE, tmp_path / "::error::pwned")
    monkeypatch.chdir(tmp_path)
    result = check_plan(Path("::error::pwned"), TODAY)
    commands = _commands(REPORTERS["github"](result))
    assert commands and all(c.split(" ", 1)[0] in ("::error", "::warning", "::notice")
                            for c in commands)
    assert len(commands) == sum(1 for f in result.findings if f.counts)


@pytest.mark.parametrize("color", [False, True])
def test_the_terminal_gets_no_escape_sequence_and_no_markup_from_the_plan(
        plan: Path, color: bool) -> None:
    text = render_text(check_plan(plan, TODAY), color=color)
    assert "[bold red]Org[/bold red]" in text
    assert "\\x1b[2J" in text and "\x1b[2J" not in text and "\x1b]0;" not in text
    assert "\x07" not in text and "\u202e" not in text and "\u2028" not in text
    assert "\\x1b[31mred" in text
    assert not _commands(text)


def test_the_command_line_prints_the_report_inert(plan: Path) -> None:
    result = run("check", plan, *TODAY_ARGS, "-f", "github")
    assert result.exit_code == 1
    assert not any("pwned" in c for c in _commands(result.stdout))


def test_machine_formats_stay_valid_with_hostile_text(plan: Path) -> None:
    result = check_plan(plan, TODAY)
    sarif = json.loads(REPORTERS["sarif"](result))
    assert "::stop-commands::tok" in json.dumps(sarif, ensure_ascii=False)  # data, kept as data
    assert json.loads(REPORTERS["json"](result))["findings"]
    fromstring(REPORTERS["junit"](result).encode("utf-8"))


def test_several_plans_in_one_report_name_their_directories_inert(tmp_path: Path) -> None:
    hostile = tmp_path / "plan\x1b[2J\n::error::pwned"
    shutil.copytree(RIVERSIDE, hostile)
    result = run("check", hostile, RIVERSIDE, *TODAY_ARGS)
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout
    assert not _commands(result.stdout)
