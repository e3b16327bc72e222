"""Hostile review, round 3: the commands that landed with the Version 3 records (the workbook,
`vaplan add`, `vaplan rollup`, the one-page summary) attacked as a stranger would and used as a
tired coordinator would. Each test is a defect found in that review, held fixed."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

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


def _set(book: Path, sheet: str, row_id: str, heading: str, value: object) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    column = next(c.column for c in ws[1] if c.value == heading)
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == row_id)
    ws.cell(row=row, column=column, value=value)
    wb.save(book)


# the workbook's cells --------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["inf", "Infinity", "1e400", "nan", "-inf"])
def test_an_amount_that_is_not_finite_is_refused(tmp_path: Path, typed: str) -> None:
    """float("inf") is a number to Python: the import wrote `amount: .inf`."""
    plan = _plan(tmp_path)
    book = _book(tmp_path, plan)
    _set(book, "Agreements", "planning-committee-mou", "Amount", typed)
    before = _snapshot(plan)
    result = _import(book, plan)
    assert result.exit_code == 1
    assert f'Agreements, row 2, Amount: "{typed}" is not a number' in result.output
    assert _snapshot(plan) == before


@pytest.mark.parametrize("line, field", [
    ("    amount: .inf", "amount"), ("    amount: .nan", "amount")])
def test_check_reports_an_amount_that_is_not_finite(tmp_path: Path, line: str,
                                                    field: str) -> None:
    plan = _plan(tmp_path)
    with (plan / "agreements.yaml").open("a", encoding="utf-8") as out:
        out.write("  - id: big-grant\n    type: grant\n    title: Big grant\n"
                  f"    parties: [pima-oem, pima-sheriff]\n{line}\n")
    result = run("check", plan, *TODAY_ARGS)
    assert result.exit_code == 1
    assert f'VP002  "{field}": {line.split(": ")[1]} is not a number' in result.output


def test_a_whole_number_typed_as_digits_keeps_every_digit(tmp_path: Path) -> None:
    """Read through a float, 99999999999999999999999 became 99999999999999991611392."""
    plan = _plan(tmp_path)
    book = _book(tmp_path, plan)
    _set(book, "Sites", "fac-site-primary", "Capacity", "99999999999999999999999")
    result = _import(book, plan)
    assert result.exit_code == 0, result.output
    assert "    capacity: 99999999999999999999999\n" in \
        (plan / "resources.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("override", ["\u202e", "\u2066"])
def test_a_direction_override_in_a_cell_is_refused(tmp_path: Path, override: str) -> None:
    """Text that shows in another order than it is written (as in `git diff` of the plan)
    never goes into a plan file from a workbook a partner sent back."""
    plan = _plan(tmp_path)
    book = _book(tmp_path, plan)
    _set(book, "Members", "pima-oem", "Organization", f"Pima {override}Office\u202c")
    before = _snapshot(plan)
    result = _import(book, plan)
    assert result.exit_code == 1
    assert f"Organization: holds a direction override or isolate (U+{ord(override):04X})" in \
        result.output
    assert _snapshot(plan) == before
    result = run("add", "gap", "--plan", plan, "--need", f"ASL {override}interpreters")
    assert result.exit_code == 2
    assert "--need: holds a direction override" in result.output
    assert _snapshot(plan) == before


def test_the_workbook_holds_no_direction_override_from_the_plan(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    path = plan / "agreements.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Membership, meeting duties", "Membership, \u202emeeting\u202c duties"), encoding="utf-8")
    book = _book(tmp_path, plan)
    wb = openpyxl.load_workbook(book)
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert any("Membership, meeting duties" in t for t in texts)
    assert not any("\u202e" in t or "\u202c" in t for t in texts)


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y"])
def test_an_id_yaml_1_1_reads_as_true_or_false_is_written_quoted(tmp_path: Path,
                                                                   word: str) -> None:
    """vaplan reads `id: yes` as text, but PyYAML and other YAML 1.1 readers of the plan
    read it as true."""
    plan = _plan(tmp_path)
    result = run("add", "gap", "--plan", plan, "--id", word, "--need", word.capitalize())
    assert result.exit_code == 0, result.output
    text = (plan / "resources.yaml").read_text(encoding="utf-8")
    assert f"  - id: '{word}'\n    need: '{word.capitalize()}'\n" in text
    assert yaml.safe_load(text)["gaps"][-1]["id"] == word


# vaplan add and the ids members and partners share ----------------------------------------------

def test_add_refuses_a_partner_with_a_members_id(tmp_path: Path) -> None:
    """The plan names members and partners by one kind of id: `add partner --id pima-oem`
    was written, and `vaplan check` then failed with VP005."""
    plan = _plan(tmp_path)
    before = _snapshot(plan)
    result = run("add", "partner", "--plan", plan, "--id", "pima-oem", "--organization",
                 "Another OEM", "--sector", "public", "--level", "county")
    assert result.exit_code == 2
    assert '"pima-oem" is already the id of a member in committee.yaml' in result.output
    assert _snapshot(plan) == before


def test_import_refuses_a_partner_row_with_a_members_id(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    book = _book(tmp_path, plan)
    wb = openpyxl.load_workbook(book)
    for column, value in enumerate(["pima-sheriff", "Sheriff's Auxiliary", "public", "county"],
                                   start=1):
        wb["Partners"].cell(row=2, column=column, value=value)
    wb.save(book)
    before = _snapshot(plan)
    result = _import(book, plan)
    assert result.exit_code == 1
    assert 'Partners, row 2, id: "pima-sheriff" is also the id of a member' in result.output
    assert _snapshot(plan) == before


# documents the Version 3 records name ---------------------------------------------------------

def _with_minutes(plan: Path, name: str) -> Path:
    minutes = plan / name
    minutes.parent.mkdir(exist_ok=True)
    minutes.write_text("Minutes as approved and signed.\n", encoding="utf-8")
    (plan / "meetings.yaml").write_text(
        f"meetings:\n  - date: 2026-10-14\n    place: EOC\n    minutes: {name}\n",
        encoding="utf-8")
    return minutes


def test_a_meetings_minutes_are_never_written_over_even_with_force(tmp_path: Path) -> None:
    """Every document the plan names is kept, even with --force: meetings.yaml's minutes
    were not among them, so a summary written over them replaced the signed minutes."""
    plan = _plan(tmp_path)
    minutes = _with_minutes(plan, "minutes/2026-10.md")
    result = run("render", plan, "--kind", "summary", "-o", minutes, "--force", *TODAY_ARGS)
    assert result.exit_code == 2
    assert "it is a file of the plan" in result.output
    assert minutes.read_text(encoding="utf-8") == "Minutes as approved and signed.\n"


def test_a_rollup_page_is_never_written_over_a_meetings_minutes(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    minutes = _with_minutes(plan, "pima-county-arizona.html")
    result = run("rollup", plan, "-o", plan, "--force", *TODAY_ARGS)
    assert result.exit_code == 2
    assert minutes.read_text(encoding="utf-8") == "Minutes as approved and signed.\n"


# vaplan rollup ----------------------------------------------------------------------------------

def test_a_public_rollup_row_says_in_words_why_a_plans_people_cannot_be_read(
        tmp_path: Path) -> None:
    """committee.yaml with a syntax error: the row said "a fault it did not expect
    (PeopleUnknown) ... please report this" instead of what to fix."""
    plan = _plan(tmp_path)
    with (plan / "committee.yaml").open("a", encoding="utf-8") as out:
        out.write("members: [ {id: x, representative: {name: Zed Quincy}\n")
    out = tmp_path / "rollup.csv"
    result = run("rollup", plan, "--public", "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    assert "committee.yaml cannot be read" in text
    assert "did not expect" not in text and "Zed" not in text


# the summary's trend over git history -----------------------------------------------------------

@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("arm", ["_gpg", "_include", "_pagers", "_fsmonitor", "_hooks",
                                 "_external_diff", "_textconv"])
def test_the_summarys_trend_runs_no_program_of_the_repository(tmp_path: Path, arm: str) -> None:
    """The trend reads every tagged revision (rev-list, for-each-ref, ls-tree, cat-file) with
    the same overrides as --since: nothing the repository names runs, also when the plan's
    .git is a file pointing at that repository."""
    import test_git_runs_nothing as armed

    from conftest import RIVERSIDE, copy_plan

    root = copy_plan(tmp_path, RIVERSIDE, "repo")
    armed.git(root, "init", "-q", "-b", "main")
    armed.git(root, "add", ".")
    armed._signed_commit(root, "Plan as agreed")
    armed.git(root, "tag", "fall-meeting")
    marker = tmp_path / "ran"
    getattr(armed, arm)(root, armed._script(tmp_path, marker))
    elsewhere = copy_plan(tmp_path, RIVERSIDE, "linked")
    (elsewhere / ".git").write_text(f"gitdir: {root / '.git'}\n", encoding="utf-8")
    for plan in (root, elsewhere):
        result = run("render", plan, "--kind", "summary", "--format", "json", *TODAY_ARGS)
        assert result.exit_code == 0, result.output
        assert '"revision": "fall-meeting"' in result.output
        assert not marker.exists(), marker.read_text()


# two workbooks sent out at once ---------------------------------------------------------------

def test_two_workbooks_sent_out_at_once_keep_each_others_changes(tmp_path: Path) -> None:
    """The keeper sends one export to two partners and imports both answers: the second used
    to put back, cell by cell, what the first had changed (a lost update, printed as a change
    of its own)."""
    plan = _plan(tmp_path)
    book = _book(tmp_path, plan)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    shutil.copy(book, first)
    shutil.copy(book, second)
    _set(first, "Members", "pima-oem", "Organization", "Pima County Emergency Management")
    _set(second, "Agreements", "planning-committee-mou", "Renewal", "Renewed every year.")
    assert _import(first, plan).exit_code == 0
    result = _import(second, plan)
    assert result.exit_code == 0, result.output
    assert "Members" not in result.output
    assert "organization: Pima County Emergency Management\n" in \
        (plan / "committee.yaml").read_text(encoding="utf-8")
    assert "renewal: Renewed every year.\n" in \
        (plan / "agreements.yaml").read_text(encoding="utf-8")


def test_an_entry_added_after_the_export_is_not_removed_by_its_import(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    book = _book(tmp_path, plan)
    added = run("add", "gap", "--plan", plan, "--id", "new-gap", "--need", "Cots for the FAC")
    assert added.exit_code == 0, added.output
    result = _import(book, plan, "--allow-removals")
    assert result.exit_code == 0, result.output
    assert "new-gap" not in result.output
    assert "  - id: new-gap\n" in (plan / "resources.yaml").read_text(encoding="utf-8")


def test_add_names_the_option_it_refused_not_an_id_it_could_not_make(tmp_path: Path) -> None:
    """The id is made from --need: when --need was refused, the message also said "a gap
    needs --id", sending the person after the wrong option."""
    plan = _plan(tmp_path)
    result = run("add", "gap", "--plan", plan, "--need", "ASL\x1b[2J interpreters")
    assert result.exit_code == 2
    assert "--need: holds a control character" in result.output
    assert "--id" not in result.output


def test_a_plan_named_twice_has_one_row_in_the_rollup(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    (tmp_path / "again").symlink_to(plan)
    out = tmp_path / "rollup.csv"
    result = run("rollup", plan, tmp_path / "again", plan, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert "is named more than once" in result.output
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2  # the heading and one plan


def test_an_import_that_keeps_entries_does_not_say_the_plan_matches_the_workbook(
        tmp_path: Path) -> None:
    """Rows deleted without --allow-removals: the import said "the plan already says what the
    workbook says", which is not so; it says what it kept."""
    plan = _plan(tmp_path)
    book = _book(tmp_path, plan)
    wb = openpyxl.load_workbook(book)
    wb["Gaps"].delete_rows(2, 2)
    wb.save(book)
    result = _import(book, plan)
    assert result.exit_code == 0, result.output
    assert "already says what the workbook says" not in result.output
    assert "the 2 entries whose rows are not in it were kept" in result.output


# web pages ------------------------------------------------------------------------------------

def test_the_summary_and_rollup_pages_forbid_loading_or_running_anything_else(
        tmp_path: Path) -> None:
    """Every plan text is escaped; the page's own policy is the second wall: nothing is
    fetched from anywhere and no script runs but the roll-up's own sorting, by its hash."""
    import base64
    import hashlib
    import html
    import re

    plan = _plan(tmp_path)
    summary, rollup = tmp_path / "summary.html", tmp_path / "rollup.html"
    assert run("render", plan, "--kind", "summary", "-o", summary, *TODAY_ARGS).exit_code == 0
    assert run("rollup", plan, "-o", rollup, *TODAY_ARGS).exit_code == 0
    for page in (summary, rollup):
        text = page.read_text(encoding="utf-8")
        found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        assert found, page
        policy = html.unescape(found.group(1))
        assert policy.startswith("default-src 'none'; ")
        scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
        assert len(scripts) == (1 if page == rollup else 0)
        for script in scripts:
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"script-src 'sha256-{digest}'" in policy
        if page == summary:
            assert "script-src" not in policy


# the Version 3 records ---------------------------------------------------------------------------

def test_an_agreement_between_one_organization_and_itself_is_refused(tmp_path: Path) -> None:
    """`parties: [pima-oem, pima-oem]` met "at least two parties": a grant from a county to
    itself was added, and `vaplan check` said nothing of it."""
    plan = _plan(tmp_path)
    before = _snapshot(plan)
    result = run("add", "agreement", "--plan", plan, "--type", "grant", "--title", "Self grant",
                 "--parties", "pima-oem,pima-oem", "--amount", "1000")
    assert result.exit_code == 2
    assert '"pima-oem" is named twice' in result.output
    assert _snapshot(plan) == before
    with (plan / "agreements.yaml").open("a", encoding="utf-8") as out:
        out.write("  - id: self-grant\n    type: grant\n    title: Self grant\n"
                  "    parties: [pima-oem, pima-oem]\n")
    result = run("check", plan, *TODAY_ARGS)
    assert result.exit_code == 1
    assert 'VP002  "parties": "pima-oem" is named twice in the parties' in result.output
