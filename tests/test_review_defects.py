"""Defects a hostile review of the hardening found: each held by a test of what a user sees."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import TODAY_ARGS, copy_plan, run

HOSTILE = "X\x1b]0;title\x07\x9b31m\rY\x00z"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return copy_plan(tmp_path)


def test_a_huge_unknown_key_is_quoted_short(plan: Path) -> None:
    with (plan / "roles.yaml").open("a", encoding="utf-8") as stream:
        stream.write("? " + "k" * 300_000 + "\n: 1\n")
    result = run("check", plan, *TODAY_ARGS)
    assert result.exit_code == 1
    assert "VP003" in result.stdout and len(result.stdout) < 20_000


def test_escape_sequences_in_plan_text_never_reach_a_document_or_the_calendar(
        plan: Path) -> None:
    path = plan / "resources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("need: ", f"need: \"{HOSTILE.encode('unicode_escape').decode()}"
                                 "\" # ", 1), encoding="utf-8")
    outputs = [run("render", plan, *TODAY_ARGS).stdout,
               run("render", plan, "--kind", "packet", *TODAY_ARGS).stdout]
    calendar = plan.parent / "plan.ics"
    assert run("export", "calendar", plan, "-o", calendar, *TODAY_ARGS).exit_code == 0
    outputs.append(calendar.read_text(encoding="utf-8"))
    assert all("title" in out or "Y" in out for out in outputs[:2])
    for out in outputs:
        assert not any(c in out for c in "\x1b\x07\x9b\x00"), repr(out[:200])
        assert "\r" not in out.replace("\r\n", "")


@pytest.mark.parametrize("command", [
    ("check", "{plan}", "-o", "json:{plan}/exercises.yaml"),
    ("render", "{plan}", "-o", "{plan}/checklist.yaml", "--format", "md"),
    ("render", "{plan}", "-o", "{plan}/../plan/exercises.yaml", "--format", "md", "--force"),
    ("render", "{plan}", "-o", "{plan}/{document}", "--format", "md", "--force"),
])
def test_no_output_becomes_or_replaces_a_file_the_plan_holds(plan: Path,
                                                             command: tuple[str, ...]) -> None:
    """A plan file that does not exist yet, and a document the plan names (a signed
    agreement), are the plan's: no report or document is written over them."""
    (plan / "checklist.yaml").unlink(missing_ok=True)
    (plan / "exercises.yaml").unlink(missing_ok=True)
    document = "agreements/planning-committee-mou.md"
    target = plan / document
    target.parent.mkdir(exist_ok=True)
    if not target.exists():
        target.write_text("signed\n", encoding="utf-8")
    before = target.read_bytes()
    if document not in (plan / "agreements.yaml").read_text(encoding="utf-8"):
        pytest.skip("the example names no such document")
    args = [part.format(plan=plan, document=document) for part in command]
    result = run(*args, *TODAY_ARGS)
    assert result.exit_code == 2, result.output
    assert "file of the plan" in result.output
    assert not (plan / "checklist.yaml").exists() and not (plan / "exercises.yaml").exists()
    assert target.read_bytes() == before


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_an_export_refuses_a_plan_whose_checklist_cannot_be_read(plan: Path, tmp_path: Path,
                                                                   kind: str) -> None:
    """Deadlines of an unreadable checklist.yaml would silently be missing from the calendar."""
    outside = tmp_path / "outside.yaml"
    outside.write_text("add:\n  - {id: drill, section: protocols, text: Drill, due: 2027-01-15}\n")
    (plan / "checklist.yaml").unlink(missing_ok=True)
    if kind == "link":
        (plan / "checklist.yaml").symlink_to(outside)
    else:
        os.mkfifo(plan / "checklist.yaml")
    result = run("export", "calendar", plan, "-o", tmp_path / "plan.ics", *TODAY_ARGS)
    assert result.exit_code == 2, result.output
    assert "checklist.yaml" in result.output and not (tmp_path / "plan.ics").exists()
