"""The command line for people: help pages in plain words, the plan in the current folder by
default for every command, `confirm ITEM` with the older `confirm PLAN ITEM` still working,
and `markdown` accepted wherever `md` is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import PIMA, TODAY_ARGS, copy_plan, run
from vaplan.cli.app import summary
from vaplan.cli.main import app

NOT_A_PLAN = ("This folder has no vaplan.yaml. Run the command inside your plan folder, or "
              "name it: ")


def _commands() -> list[tuple[list[str], object]]:
    """Every command and group of `vaplan`, as the words that name it."""
    found: list[tuple[list[str], object]] = []

    def walk(words: list[str], command: object) -> None:
        found.append((words, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk([*words, name], sub)

    walk([], typer.main.get_command(app))
    return found


def _help(words: list[str]) -> str:
    result = CliRunner().invoke(app, [*words, "--help"], prog_name="vaplan")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("words", [w for w, _ in _commands()], ids=lambda w: " ".join(w) or "-")
def test_every_usage_line_and_help_page_reads_plainly(words: list[str]) -> None:
    """No `{plan}`, `[[PLAN]...]...`, `<list[Path]>` or `<str>`: values are named in capitals,
    "..." only marks a value that may be repeated."""
    page = _help(words)
    usage = page.splitlines()[0]
    assert usage.startswith("Usage: vaplan " + " ".join(words))
    for artefact in ("<", ">", "{", "}", "[["):
        assert artefact not in usage, usage
    assert "..." not in usage.replace("]...", "]").replace("COMMAND [ARGS]", ""), usage
    assert not re.search(r"<[\w|\[\]]+>", page), page  # no type names such as <path>


def test_the_command_lists_show_every_summary_whole() -> None:
    for words, command in _commands():
        subcommands = getattr(command, "commands", {})
        if not subcommands:
            continue
        page = " ".join(_help(words).split())
        for sub in subcommands.values():
            text = summary(sub)
            assert text and "..." not in text and text in page, (words, text)


@pytest.mark.parametrize(("words", "usage"), [
    (["check"], "vaplan check [OPTIONS] [PLAN]..."),
    (["render"], "vaplan render [OPTIONS] [PLAN]"),
    (["confirm"], "vaplan confirm [OPTIONS] ITEM"),
    (["tailor"], "vaplan tailor [OPTIONS] ITEM"),
    (["export", "roster"], "vaplan export roster [OPTIONS] [PLAN]"),
    (["init"], "vaplan init [OPTIONS] FOLDER"),
])
def test_usage_lines_name_what_to_type(words: list[str], usage: str) -> None:
    assert _help(words).splitlines()[0] == "Usage: " + usage


@pytest.mark.parametrize(("args", "named"), [
    (["check"], "vaplan check path/to/plan"),
    (["check", "."], "vaplan check path/to/plan"),
    (["render"], "vaplan render path/to/plan"),
    (["render", "--kind", "packet"], "vaplan render path/to/plan"),
    (["export", "roster"], "vaplan export roster path/to/plan"),
    (["export", "calendar"], "vaplan export calendar path/to/plan"),
    (["confirm", "contact-list-protocol"], "vaplan confirm --plan path/to/plan ITEM"),
    (["tailor", "contact-list-protocol", "--reason", "no"],
     "vaplan tailor --plan path/to/plan ITEM"),
])
def test_a_folder_that_is_not_a_plan_is_named_plainly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], named: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args, *([] if args[0] == "tailor" else TODAY_ARGS))
    assert result.exit_code == 2
    assert result.stderr == f"vaplan: {NOT_A_PLAN}{named}\n"
    assert list(tmp_path.iterdir()) == []  # nothing written, no checklist.yaml started


def _plan(tmp_path: Path) -> Path:
    return copy_plan(tmp_path)


def test_every_command_works_on_the_plan_in_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _plan(tmp_path)
    monkeypatch.chdir(plan)
    assert run("check", *TODAY_ARGS).exit_code in (0, 1)
    assert "Partnerships & Planning checklist" in run("render", *TODAY_ARGS).stdout
    assert run("export", "calendar", *TODAY_ARGS).stdout.startswith("BEGIN:VCALENDAR")
    assert run("export", "roster", *TODAY_ARGS).exit_code == 0
    result = run("confirm", "review-existing-plans", "--date", "2026-11-01", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    result = run("tailor", "plan-reviewed-annually", "--reason", "one language here")
    assert result.exit_code == 0, result.output
    checklist = (plan / "checklist.yaml").read_text("utf-8")
    assert "review-existing-plans" in checklist and "one language here" in checklist


def test_confirm_and_tailor_take_the_plan_with_plan_or_first_as_before(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    result = run("confirm", "review-existing-plans", "--plan", plan, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    result = run("confirm", plan, "victim-services-in-all-planning", *TODAY_ARGS)  # old scripts
    assert result.exit_code == 0, result.output
    result = run("tailor", plan, "plan-reviewed-annually", "--reason", "one language here")
    assert result.exit_code == 0, result.output
    checklist = (plan / "checklist.yaml").read_text("utf-8")
    for item in ("review-existing-plans", "victim-services-in-all-planning", "plan-reviewed-annually"):
        assert item in checklist


@pytest.mark.parametrize("args", [
    ["confirm", "{plan}", "review-existing-plans", "--plan", "{plan}"],
    ["confirm", "no-such-folder", "review-existing-plans"],
    ["tailor", "no-such-folder", "plan-reviewed-annually", "--reason", "no"],
])
def test_two_words_need_a_plan_folder_first_and_no_plan_option(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    plan = _plan(tmp_path)
    monkeypatch.chdir(plan)  # even inside a plan, a mistyped first word changes nothing
    before = {p.name: p.read_bytes() for p in plan.iterdir() if p.is_file()}
    result = run(*[a.replace("{plan}", str(plan)) for a in args])
    assert result.exit_code == 2
    assert f"`vaplan {args[0]} ITEM --plan PLAN`" in result.stderr
    assert {p.name: p.read_bytes() for p in plan.iterdir() if p.is_file()} == before


def test_markdown_is_the_same_as_md(tmp_path: Path) -> None:
    for command in (["render", PIMA], ["export", "roster", PIMA]):
        md = run(*command, "--format", "md", *TODAY_ARGS)
        markdown = run(*command, "--format", "markdown", *TODAY_ARGS)
        assert md.exit_code == markdown.exit_code == 0, markdown.output
        assert markdown.stdout == md.stdout and md.stdout.startswith("# ")


def test_the_roster_follows_the_output_file_extension(tmp_path: Path) -> None:
    """`-o roster.docx` makes the Word call sheet, not Markdown in a file named .docx."""
    result = run("export", "roster", PIMA, "-o", tmp_path / "roster.docx", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "roster.docx").read_bytes()[:2] == b"PK"
    result = run("export", "roster", PIMA, "-o", tmp_path / "roster.csv", *TODAY_ARGS)
    assert (tmp_path / "roster.csv").read_text("utf-8").splitlines()[0].count(",") > 2


def test_a_refused_choice_names_the_choices_in_plain_words() -> None:
    result = run("render", PIMA, "--format", "pfd", *TODAY_ARGS)
    assert result.exit_code == 2
    assert "'pfd' is not one of 'md', 'markdown', 'docx', 'pdf', 'json'" in result.stderr
    assert "Value error" not in result.stderr
