"""Hostile review, round 3: the commands that landed with the Version 3 records (the workbook,
`vaplan add`, `vaplan rollup`, the one-page summary) attacked as a stranger would and used as a
tired coordinator would. Each test is a defect found in that review, held fixed."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from conftest import PIMA, TODAY_ARGS, run


def _plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(PIMA, plan)
    return plan


def _book(tmp_path: Path, plan: Path) -> Path:
    out = tmp_path / "plan.xlsx"
    result = run("export", "workbook", plan, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    return out


def _snapshot(plan: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(plan.iterdir()) if p.is_file()}


def _import(book: Path, plan: Path, *more: str) -> object:
    return run("import", "workbook", book, "--plan", plan, *more)


# the workbook's shape --------------------------------------------------------------------------

def test_every_row_deleted_with_removals_empties_a_list_whose_first_entry_has_a_comment(
        tmp_path: Path) -> None:
    """committee.yaml has a comment above its first member: emptying the list used to make
    YAML that does not parse, and the import stopped asking to report a bug."""
    plan = _plan(tmp_path)
    book = _book(tmp_path, plan)
    wb = openpyxl.load_workbook(book)
    wb["Members"].delete_rows(2, 400)
    wb.save(book)
    result = _import(book, plan, "--allow-removals")
    assert result.exit_code == 0, result.output
    text = (plan / "committee.yaml").read_text(encoding="utf-8")
    assert "members: []" in text
    # what follows the list (the call tree and its comments) stays as it was
    old = (PIMA / "committee.yaml").read_text(encoding="utf-8")
    assert text[text.index("# How the committee is called up"):] == \
        old[old.index("# How the committee is called up"):]
    assert run("check", plan, *TODAY_ARGS).exit_code in (0, 1)


def test_a_sheet_cleared_headings_and_all_removes_nothing(tmp_path: Path) -> None:
    """A sheet emptied whole is an accident far more often than a wish to remove every entry:
    even with --allow-removals it is refused, saying how to do either."""
    plan = _plan(tmp_path)
    book = _book(tmp_path, plan)
    wb = openpyxl.load_workbook(book)
    wb["Members"].delete_rows(1, 400)
    wb.save(book)
    before = _snapshot(plan)
    result = _import(book, plan, "--allow-removals")
    assert result.exit_code == 1
    assert "Members: the sheet is empty, its headings too" in result.output
    assert _snapshot(plan) == before


def test_a_value_typed_in_a_column_with_no_heading_is_not_dropped_unsaid(
        tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    book = _book(tmp_path, plan)
    wb = openpyxl.load_workbook(book)
    wb["Agreements"]["Z2"] = "renewal agreed at the June meeting"
    wb.save(book)
    before = _snapshot(plan)
    result = _import(book, plan)
    assert result.exit_code == 1
    assert "Agreements, row 2, column Z: a value in a column with no heading" in result.output
    assert _snapshot(plan) == before
