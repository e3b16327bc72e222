"""The workbook round trip (`vaplan export workbook`, `vaplan import workbook`) and `vaplan add`:
what a keeper sees in the spreadsheet, what an import writes (exactly the change, comments
kept), what it refuses (naming sheet, row and column, writing nothing), and hostile files."""

from __future__ import annotations

import difflib
import io
import os
import shutil
import subprocess
import sys
import warnings
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from conftest import PIMA, TODAY_ARGS, run

PLAN_FILES = ("committee.yaml", "agreements.yaml", "roles.yaml", "resources.yaml",
              "exercises.yaml", "vaplan.yaml", "principles.yaml")


def _plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(PIMA, plan)
    return plan


def _snapshot(plan: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(plan.iterdir()) if p.is_file()}


def _export(plan: Path, out: Path) -> Path:
    result = run("export", "workbook", plan, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    return out


def _exported(tmp_path: Path) -> tuple[Path, Path, Any]:
    """A copy of the Pima County plan, its workbook as exported, and that workbook opened."""
    plan = _plan(tmp_path)
    path = _export(plan, tmp_path / "plan.xlsx")
    return plan, path, openpyxl.load_workbook(path)


def _import(book: Path, plan: Path, *more: str) -> object:
    return run("import", "workbook", book, "--plan", plan, *more)


def _row_of(ws: object, entry_id: str) -> int:
    for row in ws.iter_rows(min_row=2):  # type: ignore[attr-defined]
        if row[0].value == entry_id:
            return int(row[0].row)
    raise AssertionError(entry_id)


def _column_of(ws: object, heading: str) -> int:
    for cell in ws[1]:  # type: ignore[index]
        if cell.value == heading:
            return int(cell.column)
    raise AssertionError(heading)


def _last_row(ws: object) -> int:
    return max(c.row for row in ws.iter_rows() for c in row  # type: ignore[attr-defined]
               if c.value is not None)


def _diff(old: str, new: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


# export ----------------------------------------------------------------------------------------

def test_the_workbook_has_a_sheet_per_list_the_id_first_dates_as_dates_and_drop_downs(
        tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_export(_plan(tmp_path), tmp_path / "plan.xlsx"))
    assert book.sheetnames[0] == "About"
    for name in ("Members", "Agreements", "Protocols", "Resources", "Gaps", "Exercises",
                 "Actions"):
        assert book[name]["A1"].value == "id", name
    members = book["Members"]
    headings = [c.value for c in members[1]]
    assert headings[:5] == ["id", "Organization", "Disciplines", "Sector", "Level"]
    assert "Representative 24-hour phone" in headings and "Alternate email" in headings
    row = _row_of(members, "pima-oem")
    joined = members.cell(row=row, column=_column_of(members, "Joined")).value
    assert isinstance(joined, datetime)
    sector = next(v for v in members.data_validations.dataValidation
                  if members.cell(row=2, column=_column_of(members, "Sector")).coordinate
                  in v.sqref)
    assert sector.type == "list"
    assert "nonprofit: a nonprofit organization" in sector.prompt
    about = " ".join(str(c.value) for c in book["About"]["A"] if c.value)
    assert "What happens on import" in about and "--allow-removals" in about
    assert "family_assistance_center: Family assistance center" in about  # each word's meaning
    assert book["Lists"].sheet_state == "hidden"


def test_a_public_workbook_is_refused(tmp_path: Path) -> None:
    result = run("export", "workbook", _plan(tmp_path), "-o", tmp_path / "x.xlsx", "--public")
    assert result.exit_code == 2
    assert "for editing" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_text_that_looks_like_a_formula_is_exported_as_text(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    path = plan / "committee.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Planning Section Chief", "title: \"=cmd|' /C calc'!A0\""), encoding="utf-8")
    book = openpyxl.load_workbook(_export(plan, tmp_path / "plan.xlsx"))
    members = book["Members"]
    cell = members.cell(row=_row_of(members, "pima-oem"),
                        column=_column_of(members, "Representative title"))
    assert cell.data_type == "s" and cell.value.startswith("=cmd")
    before = _snapshot(plan)
    assert _import(tmp_path / "plan.xlsx", plan).exit_code == 0
    assert _snapshot(plan) == before


# import ----------------------------------------------------------------------------------------

def test_an_unchanged_workbook_changes_no_byte(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    book = _export(plan, tmp_path / "plan.xlsx")
    before = _snapshot(plan)
    result = _import(book, plan)
    assert result.exit_code == 0, result.output
    assert "Nothing to change" in result.stderr
    assert _snapshot(plan) == before


def test_a_changed_cell_and_a_new_row_are_exactly_the_change(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    members = book["Members"]
    members.cell(row=_row_of(members, "pima-oem"),
                 column=_column_of(members, "Representative phone")).value = "520-555-9999"
    new = _last_row(members) + 1
    for heading, value in (("id", "tucson-interfaith"), ("Organization",
                           "Tucson Interfaith Council"), ("Disciplines", "faith, nonprofit"),
                           ("Sector", "nonprofit"), ("Level", "city"),
                           ("Representative name", "Ann Lee"), ("Joined", date(2026, 1, 5))):
        members.cell(row=new, column=_column_of(members, heading)).value = value
    book.save(path)
    old = (plan / "committee.yaml").read_text(encoding="utf-8")
    others = {k: v for k, v in _snapshot(plan).items() if k != "committee.yaml"}
    result = _import(path, plan)
    assert result.exit_code == 0, result.output
    assert 'Members: changed "pima-oem" (row' in result.stdout
    assert 'Members: added "tucson-interfaith"' in result.stdout
    text = (plan / "committee.yaml").read_text(encoding="utf-8")
    removed, added = _diff(old, text)
    assert removed == ['      phone: "520-555-0103"']
    assert [a for a in added if a] == [
        '      phone: "520-555-9999"', "  - id: tucson-interfaith",
        "    organization: Tucson Interfaith Council", "    disciplines: [faith, nonprofit]",
        "    sector: nonprofit", "    level: city", "    representative:", "      name: Ann Lee",
        "    joined: 2026-01-05"]
    assert added.count("") == 1  # the new entry set apart by a blank line, like the others
    assert _comments(text) == _comments(old)
    assert {k: v for k, v in _snapshot(plan).items() if k != "committee.yaml"} == others
    assert run("check", plan, *TODAY_ARGS).exit_code in (0, 1)  # the plan still reads


def test_a_bad_cell_writes_nothing_and_names_sheet_row_and_column(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    members = book["Members"]
    row = _row_of(members, "tucson-police")
    members.cell(row=row, column=_column_of(members, "Disciplines")).value = "clergy"
    members.cell(row=_row_of(members, "pima-oem"),
                 column=_column_of(members, "Representative phone")).value = "520-555-9999"
    agreements = book["Agreements"]
    agreements.cell(row=2, column=_column_of(agreements, "Expires")).value = "5/1/2027"
    book.save(path)
    before = _snapshot(plan)
    result = _import(path, plan)
    assert result.exit_code == 1
    assert (f'Members, row {row}, Disciplines: "clergy" is not a discipline (did you mean '
            '"faith"?)') in result.stderr
    assert 'Agreements, row 2, Expires: "5/1/2027" is not a date' in result.stderr
    assert "nothing was changed" in result.stderr
    assert _snapshot(plan) == before


def test_a_deleted_row_is_kept_unless_removals_are_allowed(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    gaps = book["Gaps"]
    first = gaps["A2"].value
    gaps.delete_rows(2)
    book.save(path)
    before = _snapshot(plan)
    result = _import(path, plan)
    assert result.exit_code == 0, result.output
    assert f'Gaps: kept "{first}"' in result.stdout
    assert _snapshot(plan) == before
    result = _import(path, plan, "--allow-removals")
    assert result.exit_code == 0, result.output
    assert f'Gaps: removed "{first}"' in result.stdout
    gap_ids = [g["id"] for g in yaml.safe_load((plan / "resources.yaml").read_text())["gaps"]]
    assert first not in gap_ids


def test_a_changed_id_is_a_removal_and_an_addition_and_says_so(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    resources = book["Resources"]
    old_id = resources["A2"].value
    resources["A2"] = "renamed-resource"
    book.save(path)
    result = _import(path, plan, "--allow-removals")
    assert result.exit_code == 0, result.output
    assert f'Resources: removed "{old_id}"' in result.stdout
    assert 'Resources: added "renamed-resource"' in result.stdout
    assert "one id left the sheet and another came" in result.stdout
    ids = [r["id"] for r in yaml.safe_load((plan / "resources.yaml").read_text())["resources"]]
    assert old_id not in ids and ids[-1] == "renamed-resource"


def test_a_dry_run_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    members = book["Members"]
    members.cell(row=_row_of(members, "pima-oem"), column=_column_of(members, "Steering")
                 ).value = "no"
    book.save(path)
    before = _snapshot(plan)
    result = _import(path, plan, "--dry-run")
    assert result.exit_code == 0, result.output
    assert 'Members: change "pima-oem"' in result.stdout and "Steering" in result.stdout
    assert "Dry run" in result.stderr
    assert _snapshot(plan) == before


def test_a_reference_to_an_unknown_member_is_refused(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    gaps = book["Gaps"]
    gaps.cell(row=2, column=_column_of(gaps, "Owner")).value = "pima-sherif"
    book.save(path)
    result = _import(path, plan)
    assert result.exit_code == 1
    assert ('Gaps, row 2, Owner: "pima-sherif" is not the id of a member or partner (did you '
            'mean "pima-sheriff"?)') in result.stderr


def test_numbers_as_ids_and_dates_as_text_are_read_as_people_mean_them(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    gaps = book["Gaps"]
    new = _last_row(gaps) + 1
    gaps.cell(row=new, column=1).value = 2027
    gaps.cell(row=new, column=_column_of(gaps, "Need")).value = "A second interpreter line"
    gaps.cell(row=new, column=_column_of(gaps, "Raised")).value = "2026-10-01"
    book.save(path)
    result = _import(path, plan)
    assert result.exit_code == 0, result.output
    gap = yaml.safe_load((plan / "resources.yaml").read_text())["gaps"][-1]
    assert gap["id"] == "2027"  # written quoted: an id is text
    assert gap["raised"] == date(2026, 10, 1)


def test_a_formula_in_a_cell_is_refused(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    members = book["Members"]
    row = _row_of(members, "pima-oem")
    members.cell(row=row, column=_column_of(members, "Representative title")).value = \
        "=cmd|' /C calc'!A0"
    book.save(path)
    before = _snapshot(plan)
    result = _import(path, plan)
    assert result.exit_code == 1
    assert f"Members, row {row}, Representative title: holds a formula" in result.stderr
    assert _snapshot(plan) == before


def test_an_unknown_heading_or_sheet_is_refused_with_did_you_mean(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    book["Members"].cell(row=1, column=_column_of(book["Members"], "Organization")).value = \
        "Organisation"
    book["Gaps"].title = "Gap"
    book.save(path)
    before = _snapshot(plan)
    result = _import(path, plan)
    assert result.exit_code == 1
    assert 'the column heading "Organisation"' in result.stderr
    assert '(did you mean "Organization"?)' in result.stderr
    assert 'the sheet "Gap" is not a list of the plan (did you mean "Gaps"?)' in result.stderr
    assert _snapshot(plan) == before


def test_a_sheet_left_out_leaves_its_list_alone(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    for name in ("Agreements", "Protocols", "Resources", "Gaps", "Exercises", "Actions"):
        del book[name]
    book.save(path)
    before = _snapshot(plan)
    result = _import(path, plan, "--allow-removals")
    assert result.exit_code == 0, result.output
    assert _snapshot(plan) == before


def test_merged_cells_are_refused(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    book["Members"].merge_cells("F2:H2")
    book.save(path)
    result = _import(path, plan)
    assert result.exit_code == 2
    assert "merged cells (F2:H2)" in result.stderr


@pytest.mark.parametrize("content, words", [
    (b"not a workbook at all \x00\x01\x02" * 100, "is not an Excel workbook"),
    (b"PK\x03\x04 broken zip", "is not an Excel workbook (.xlsx) that can be read"),
])
def test_a_file_that_is_not_a_workbook_gets_a_clear_message(tmp_path: Path, content: bytes,
                                                             words: str) -> None:
    plan = _plan(tmp_path)
    (tmp_path / "x.xlsx").write_bytes(content)
    before = _snapshot(plan)
    result = _import(tmp_path / "x.xlsx", plan)
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.output
    assert _snapshot(plan) == before


def test_a_zip_bomb_is_not_unzipped(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(110):  # 110 MB of zeros, about 100 KB zipped (the bound is 30 MB)
                part.write(chunk)
    assert bomb.stat().st_size < 1024 * 1024
    result = _import(bomb, _plan(tmp_path))
    assert result.exit_code == 2
    assert "unzips to far more" in result.stderr


def test_a_zip_that_is_not_a_workbook_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    result = _import(path, _plan(tmp_path))
    assert result.exit_code == 2
    assert "cannot be read as an Excel workbook" in result.stderr


def test_a_hundred_thousand_empty_rows_are_read_as_none(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    members = book["Members"]
    for row in range(2, 100_002):  # each row written as an empty <row> of the sheet
        members.row_dimensions[row].height = 15
    book.save(path)
    before = _snapshot(plan)
    result = _import(path, plan)
    assert result.exit_code == 0, result.output
    assert _snapshot(plan) == before


def test_too_many_rows_are_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Gaps")
    sheet.append(["id", "Need"])
    for n in range(5001):
        sheet.append([f"gap-{n}", "a need"])
    path = tmp_path / "big.xlsx"
    book.save(path)
    result = _import(path, _plan(tmp_path))
    assert result.exit_code == 2
    assert "more than 5000 filled rows" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_workbook_or_as_a_plan_file_is_refused(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    path = _export(plan, tmp_path / "plan.xlsx")
    os.mkfifo(tmp_path / "pipe.xlsx")
    result = _import(tmp_path / "pipe.xlsx", plan)
    assert result.exit_code == 2 and "is not a file" in result.stderr
    (plan / "resources.yaml").unlink()
    os.mkfifo(plan / "resources.yaml")
    result = _import(path, plan)
    assert result.exit_code == 2 and "is not a file" in result.stderr


def test_a_plan_file_that_links_elsewhere_is_never_written_through(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    path = _export(plan, tmp_path / "plan.xlsx")
    outside = tmp_path / "outside.yaml"
    shutil.copy(plan / "committee.yaml", outside)
    (plan / "committee.yaml").unlink()
    (plan / "committee.yaml").symlink_to(outside)
    kept = outside.read_bytes()
    book = openpyxl.load_workbook(path)
    members = book["Members"]
    members.cell(row=2, column=_column_of(members, "Representative phone")).value = "1"
    book.save(path)
    result = _import(path, plan)
    assert result.exit_code == 2 and "is a link" in result.stderr
    assert outside.read_bytes() == kept


def test_a_plan_with_errors_is_fixed_first(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    path = _export(plan, tmp_path / "plan.xlsx")
    committee = plan / "committee.yaml"
    committee.write_text(committee.read_text(encoding="utf-8").replace(
        "sector: public", "sector: publick", 1), encoding="utf-8")
    before = _snapshot(plan)
    result = _import(path, plan)
    assert result.exit_code == 2
    assert "fix that part of the file by hand first" in result.stderr
    assert _snapshot(plan) == before


# vaplan add --------------------------------------------------------------------------------------

MEMBER = ["--organization", "Tucson Interfaith Council", "--disciplines", "faith",
          "--sector", "nonprofit", "--level", "city", "--representative-name", "Ann Lee",
          "--representative-phone", "520-555-0199", "--joined", "2026-01-05"]


def test_add_member_with_options_adds_a_member(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    old = (plan / "committee.yaml").read_text(encoding="utf-8")
    result = run("add", "member", "--plan", plan, *MEMBER)
    assert result.exit_code == 0, result.output
    assert 'Added the member "tucson-interfaith-council"' in result.stdout
    text = (plan / "committee.yaml").read_text(encoding="utf-8")
    removed, added = _diff(old, text)
    assert removed == []
    assert "  - id: tucson-interfaith-council" in added
    assert '      phone: "520-555-0199"' in added or "      phone: 520-555-0199" in added
    assert _comments(text) == _comments(old)
    member = yaml.safe_load(text)["members"][-1]
    assert member["disciplines"] == ["faith"] and member["joined"] == date(2026, 1, 5)
    again = run("add", "member", "--plan", plan, *MEMBER)
    assert again.exit_code == 2 and "already has a member" in again.stderr


def test_add_says_what_is_wrong_with_the_workbooks_words_and_writes_nothing(
        tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    before = _snapshot(plan)
    result = run("add", "member", "--plan", plan, "--organization", "X", "--disciplines",
                 "clergy", "--sector", "nonprofit", "--level", "city")
    assert result.exit_code == 2
    assert '--disciplines: "clergy" is not a discipline (did you mean "faith"?)' in result.stderr
    assert "needs --representative-name" in result.stderr  # no prompt: stdin is not a terminal
    result = run("add", "agreement", "--plan", plan, "--type", "MOU", "--title", "Shelter",
                 "--parties", "pima-oem, pima-sherif")
    assert result.exit_code == 2
    assert '"pima-sherif" is not the id of a member or partner' in result.stderr
    assert _snapshot(plan) == before


@pytest.mark.parametrize("args, option, says", [
    (["member", *MEMBER[:-2], "--joined", "2072-01-05"], "--joined",
     "Tucson Interfaith Council joined the committee on 2072-01-05"),
    (["gap", "--need", "Interpreters for Somali", "--raised", "2027-02-01"], "--raised",
     "the gap “Interpreters for Somali” was raised with the committee on 2027-02-01"),
    (["agreement", "--type", "MOU", "--title", "Shelter MOU", "--parties",
      "pima-oem, pima-sheriff", "--signed", "2026-12-06"], "--signed", "the MOU “Shelter MOU” was signed on 2026-12-06"),
])
def test_add_refuses_a_date_of_something_done_that_is_after_today(
        tmp_path: Path, args: list[str], option: str, says: str) -> None:
    plan = _plan(tmp_path)
    before = _snapshot(plan)
    result = run("add", *args, "--plan", plan, "--today", "2026-12-05")
    assert result.exit_code == 2, result.output
    assert f"{option}: {says}, a date after today (2026-12-05)" in result.stderr
    assert f"leave {option} out until then; nothing was added" in result.stderr
    assert _snapshot(plan) == before
    same_day = [a if a not in ("2072-01-05", "2027-02-01", "2026-12-06") else "2026-12-05"
                for a in args]
    assert run("add", *same_day, "--plan", plan, "--today", "2026-12-05").exit_code == 0


def test_import_refuses_a_changed_date_of_something_done_after_today(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    members = book["Members"]
    members.cell(row=2, column=_column_of(members, "Joined")).value = date(2072, 3, 5)
    book.save(path)
    before = _snapshot(plan)
    result = run("import", "workbook", path, "--plan", plan, "--today", "2026-12-05")
    assert result.exit_code == 1, result.output
    assert ("Members, row 2, Joined: Pima County Attorney's Office, Victim Services Division "
            "joined the committee on 2072-03-05, a date after today (2026-12-05); the cell "
            "records something done") in result.stderr
    assert _snapshot(plan) == before


def test_import_leaves_a_future_date_it_did_not_change_to_the_check(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    committee = plan / "committee.yaml"
    committee.write_text(committee.read_text(encoding="utf-8").replace(
        "joined: 2019-03-05", "joined: 2072-03-05", 1), encoding="utf-8")
    path = _export(plan, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    members = book["Members"]
    members.cell(row=2, column=_column_of(members, "Representative title")).value = "Director"
    book.save(path)
    result = run("import", "workbook", path, "--plan", plan, "--today", "2026-12-05")
    assert result.exit_code == 0, result.output  # VP010 reports the date the plan holds
    assert "title: Director" in committee.read_text(encoding="utf-8")


def test_add_offers_no_shell_completion_of_its_own(tmp_path: Path) -> None:
    result = run("add", "member", "-h")
    assert result.exit_code == 0 and "--plan" in result.stdout
    assert "completion" not in result.stdout  # `vaplan --install-completion` is the one


def test_add_gap_to_a_plan_without_resources_yaml_starts_the_file(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    (plan / "resources.yaml").unlink()
    result = run("add", "gap", "--plan", plan, "--need", "Interpreters for ASL at the FAC",
                 "--owner", "pima-oem", "--sources-sought", "state,federal")
    assert result.exit_code == 0, result.output
    assert "(new file)" in result.stdout
    gaps = yaml.safe_load((plan / "resources.yaml").read_text())["gaps"]
    assert gaps[-1]["sources_sought"] == ["state", "federal"]
    assert gaps[-1]["owner"] == "pima-oem"


def test_four_adds_at_once_are_all_kept(tmp_path: Path) -> None:
    """Each `vaplan add` holds the folder's lock around reading, changing and writing."""
    plan = _plan(tmp_path)
    runs = [subprocess.Popen([sys.executable, "-m", "vaplan", "add", "resource", "--plan",
                              str(plan), "--name", f"Resource number {n}"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n in range(4)]
    for process in runs:
        assert process.wait(timeout=600) == 0, process.stderr.read()  # type: ignore[union-attr]
    names = [r["name"] for r in yaml.safe_load((plan / "resources.yaml").read_text())["resources"]]
    assert sorted(names[-4:]) == [f"Resource number {n}" for n in range(4)]


# LibreOffice -----------------------------------------------------------------------------------

def _no_calc() -> bool:
    """LibreOffice without its spreadsheet (Debian's libreoffice-writer-nogui alone): its
    program folder has no Calc library (libsclo.so, .dylib or .dll)."""
    program = shutil.which("soffice")
    if program is None:
        return True
    folder = Path(os.path.realpath(program)).parent
    return not any(folder.glob("libsclo.*")) and not any(folder.glob("sclo.*"))


@pytest.mark.slow
@pytest.mark.skipif(_no_calc(), reason="LibreOffice Calc is not installed")
def test_a_workbook_saved_again_by_libreoffice_imports_the_same(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    members = book["Members"]
    members.cell(row=_row_of(members, "pima-oem"),
                 column=_column_of(members, "Representative phone")).value = "520-555-9999"
    book.save(tmp_path / "edited.xlsx")
    out = tmp_path / "calc"
    out.mkdir()
    for name in ("plan.xlsx", "edited.xlsx"):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                        str(tmp_path / name)], check=True, capture_output=True, timeout=300)
    before = _snapshot(plan)
    result = _import(out / "plan.xlsx", plan)
    assert result.exit_code == 0, result.output
    assert _snapshot(plan) == before
    old = (plan / "committee.yaml").read_text(encoding="utf-8")
    result = _import(out / "edited.xlsx", plan)
    assert result.exit_code == 0, result.output
    removed, added = _diff(old, (plan / "committee.yaml").read_text(encoding="utf-8"))
    assert (removed, added) == (['      phone: "520-555-0103"'], ['      phone: "520-555-9999"'])


def test_the_workbook_can_go_to_standard_output(tmp_path: Path) -> None:
    result = run("export", "workbook", _plan(tmp_path), "-o", "-", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"PK")
    assert "standard output" in result.stderr
    assert "Members" in openpyxl.load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames


def test_two_entries_with_one_id_are_fixed_by_hand_first(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    path = _export(plan, tmp_path / "plan.xlsx")
    resources = plan / "resources.yaml"
    data = yaml.safe_load(resources.read_text(encoding="utf-8"))
    second = data["resources"][1]["id"]
    resources.write_text(resources.read_text(encoding="utf-8").replace(
        f"id: {second}", f"id: {data['resources'][0]['id']}", 1), encoding="utf-8")
    before = _snapshot(plan)
    for result in (_import(path, plan), run("add", "resource", "--plan", plan, "--name", "X")):
        assert result.exit_code == 2
        assert "two entries of `resources:` with the id" in result.stderr
    assert _snapshot(plan) == before


def test_the_lists_the_models_gained_are_sheets_and_add_commands() -> None:
    """Partners, Sites and Meetings were lines of SHEETS before the models had the lists: now
    that committee.yaml has `partners:`, resources.yaml `sites:` and meetings.yaml `meetings:`,
    their sheets, columns and `vaplan add` commands follow from the models alone."""
    from vaplan.edit import sheets as sheet_module
    from vaplan.edit.add import addable

    found = {s.name: s for s in sheet_module.sheets()}
    assert list(found) == ["Members", "Partners", "Agreements", "Protocols", "Resources",
                           "Sites", "Gaps", "Exercises", "Actions", "Meetings"]
    assert [c.heading for c in found["Partners"].columns] == [
        "id", "Organization", "Sector", "Level", "Disciplines", "Representative name",
        "Representative title", "Representative email", "Representative phone",
        "Representative 24-hour phone", "Languages", "Notes"]
    assert [c.heading for c in found["Sites"].columns] == [
        "id", "Name", "Address", "Use", "Provider", "Capacity", "Agreement", "Backup", "Notes"]
    assert {"partner", "site", "meeting"} <= set(addable())


@pytest.mark.slow  # hypothesis examples, each exporting and importing a workbook: ~4 s
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cells=st.lists(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True),
                                st.booleans(), st.dates(), st.none()), min_size=3, max_size=3))
def test_whatever_is_typed_in_a_row_the_import_answers_in_words(tmp_path: Path,
                                                                cells: list[object]) -> None:
    plan = tmp_path / "plan"
    if not plan.exists():
        shutil.copytree(PIMA, plan)
    path = tmp_path / "typed.xlsx"
    if not (tmp_path / "plan.xlsx").exists():
        _export(plan, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    members = book["Members"]
    for heading, value in zip(("Disciplines", "Joined", "Representative phone"), cells):
        try:
            members.cell(row=3, column=_column_of(members, heading)).value = value
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl cannot hold it
            return
    book.save(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl's warnings are not shown to the person
        result = _import(path, plan, "--dry-run")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "Warning" not in result.output


def test_a_control_character_in_the_plan_stops_the_export_in_words(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    path = plan / "committee.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Planning Section Chief", 'title: "Planning\\x1fChief"'), encoding="utf-8")
    result = run("export", "workbook", plan, "-o", tmp_path / "x.xlsx", *TODAY_ARGS)
    assert result.exit_code == 2, result.output
    assert 'Members, "pima-oem", Representative title' in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_a_sheet_that_runs_to_the_last_row_is_refused_quickly(tmp_path: Path) -> None:
    """One cell at row 1,048,576 and nothing between: refused without reading a million
    rows."""
    path = tmp_path / "far.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Gaps"
    sheet["A1"] = "id"
    sheet["A1048576"] = "far-away"
    book.save(path)
    result = _import(path, _plan(tmp_path))
    assert result.exit_code == 2
    assert "runs past row 200,000" in result.stderr


def test_an_empty_required_cell_is_named_by_its_heading(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    members = book["Members"]
    new = _last_row(members) + 1
    members.cell(row=new, column=1).value = "half-filled"
    members.cell(row=new, column=_column_of(members, "Alternate phone")).value = "520-555-0100"
    book.save(path)
    result = _import(path, plan)
    assert result.exit_code == 1
    for heading in ("Organization", "Sector", "Representative name", "Alternate name"):
        assert f"Members, row {new}, {heading}: empty; a member needs it" in result.stderr


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no terminals here")
def test_add_asks_for_what_is_required_only_at_a_terminal(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    leader, follower = os.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "vaplan", "add", "gap", "--plan",
                                    str(plan), "--owner", "pima-oem"], stdin=follower,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        os.write(leader, b"ASL interpreters at the family assistance center\n")
        out, err = process.communicate(timeout=300)
    finally:
        os.close(leader)
        os.close(follower)
    assert process.returncode == 0, err
    assert out.startswith("Need: ")  # asked, since stdin is a terminal
    assert 'Added the gap "asl-interpreters-at-the-family"' in out
    gap = yaml.safe_load((plan / "resources.yaml").read_text())["gaps"][-1]
    assert gap["need"] == "ASL interpreters at the family assistance center"


def test_text_written_as_yaml_blocks_round_trips_unchanged(tmp_path: Path) -> None:
    """A block of several lines (`notes: |`, a responsibilities paragraph) comes back from its
    cell without its final line break: the same text, so no byte changes."""
    plan = _plan(tmp_path)
    roles = plan / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        "    responsibilities: Convene the full committee quarterly and the steering committee "
        "monthly.", "    responsibilities: |\n      Convene the full committee quarterly.\n"
        "      Convene the steering committee monthly.", 1), encoding="utf-8")
    exercises = plan / "exercises.yaml"
    exercises.write_text(exercises.read_text(encoding="utf-8").replace(
        "    title: Quarterly call-down drill of the contact list (December)",
        "    title: Quarterly call-down drill of the contact list (December)\n    notes: |\n"
        "      Two members did not answer.\n      The duty officer's line rang busy.", 1),
        encoding="utf-8")
    assert run("check", plan, *TODAY_ARGS).exit_code in (0, 1)
    path = _export(plan, tmp_path / "plan.xlsx")
    before = _snapshot(plan)
    result = _import(path, plan)
    assert result.exit_code == 0, result.output
    assert _snapshot(plan) == before


def test_headings_in_another_case_are_the_same_headings(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    members = book["Members"]
    column = _column_of(members, "Representative phone")
    members.cell(row=1, column=column).value = "representative PHONE"
    members.cell(row=_row_of(members, "pima-oem"), column=column).value = "520-555-9999"
    book.save(path)
    result = _import(path, plan)
    assert result.exit_code == 0, result.output
    assert '"520-555-9999"' in (plan / "committee.yaml").read_text(encoding="utf-8")


def test_removing_a_member_others_name_says_where_it_is_still_named(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    members = book["Members"]
    members.delete_rows(_row_of(members, "pima-oem"))
    book.save(path)
    result = _import(path, plan, "--allow-removals")
    assert result.exit_code == 0, result.output
    assert ('Members: "pima-oem" leaves the plan but is still named in Agreements, Protocols'
            in result.stdout)
    assert "the call tree (committee.yaml)" in result.stdout


def test_removing_the_first_entry_leaves_no_blank_line_under_the_key(tmp_path: Path) -> None:
    plan, path, book = _exported(tmp_path)
    book["Gaps"].delete_rows(2)
    book.save(path)
    old = (plan / "resources.yaml").read_text(encoding="utf-8")
    assert _import(path, plan, "--allow-removals").exit_code == 0
    text = (plan / "resources.yaml").read_text(encoding="utf-8")
    assert "gaps:\n  - id: " in text
    removed, added = _diff(old, text)
    assert added == [] and len(removed) == 8 and removed[0].startswith("  - id: ")
