"""`vaplan exercise` and `vaplan action`: a committee records a tabletop, its after-action
report and its corrective actions without editing YAML, and the file keeps every byte the
person wrote outside the edit."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PIMA, TODAY_ARGS, copy_plan, run
from vaplan.edit.starter import starter_text
from vaplan.load.yamlload import load_yaml

TABLETOP = ["--title", "Family assistance center tabletop", "--date", "2026-10-14",
            "--kind", "tabletop", "--function", "family_assistance_center",
            "--function", "victim_notification", "--participant", "pima-oem",
            "--participant", "red-cross-az"]
TABLETOP_ID = "family-assistance-center-tabletop-2026-10-14"

# A file a person wrote: a header, blank lines, a comment between entries and before
# `improvements:`, end-of-line comments, block and flow lists, a comment at the very end.
WRITTEN = """\
# Our exercises.   Kept by the OEM planner.
exercises:
  - id: fac-tabletop-2026
    date: 2026-04-12
    kind: tabletop
    title: Family assistance center tabletop
    participants: [pima-oem, pima-sheriff]   # who came
    functions:
      - victim_notification
      - family_assistance_center

  # the quarterly call-down drills
  - id: calldown-2026-q1
    date: 2026-03-02
    kind: call_down
    title: Call-down drill
    functions:
      - contact_list

# The improvement plan
improvements:
  - id: fac-interpreters
    source: fac-tabletop-2026
    function: family_assistance_center
    issue: No interpreter reached the family assistance center.
    action: Add the language line to the call tree.
    status: open      # agreed at the after-action meeting
    owner: pima-oem
  # done last spring
  - id: fac-signs
    source: fac-tabletop-2026
    issue: No signs to the family assistance center.
    action: Print signs.
    status: in_progress
    start: 2026-05-01
# the end
"""


def _pima(tmp_path: Path) -> Path:
    return copy_plan(tmp_path, PIMA, "pima")


def _written(tmp_path: Path, text: str = WRITTEN) -> Path:
    plan = _pima(tmp_path)
    (plan / "exercises.yaml").write_text(text, encoding="utf-8")
    return plan


def _data(plan: Path) -> dict:
    loaded = load_yaml((plan / "exercises.yaml").read_bytes())
    assert not loaded.problems
    return loaded.data


def _ok(*args: object) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def _refused(plan: Path, *args: object) -> str:
    """The command exits 2 with a message, and exercises.yaml is as it was."""
    path = plan / "exercises.yaml"
    before = _contents(path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert _contents(path) == before
    return " ".join(result.output.split())


def _contents(path: Path) -> bytes | str | None:
    """The file's bytes; for a link, where it points; for a FIFO, only that it is one (reading
    it would wait for a writer)."""
    if path.is_symlink():
        return os.readlink(path)
    if path.exists() and not path.is_file():
        return "not a file"
    return path.read_bytes() if path.exists() else None


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip().startswith("#")]


def _schema_findings(plan: Path) -> list[dict]:
    """The errors `vaplan check` reports in exercises.yaml (schema, unknown ids)."""
    result = run("check", plan, "--format", "json", *TODAY_ARGS)
    assert result.exit_code in (0, 1), result.output
    return [f for f in json.loads(result.stdout)["findings"]
            if f["file"].endswith("exercises.yaml") and f["severity"] == "error"]


@pytest.mark.slow
def test_the_whole_loop_on_the_worked_example(tmp_path: Path) -> None:
    """Tabletop, after-action report, two corrective actions, one started, one done and
    validated by a later drill: each step says where it wrote, and check accepts the result."""
    plan = _pima(tmp_path)
    path = plan / "exercises.yaml"
    original = path.read_text(encoding="utf-8") if path.exists() else starter_text(
        "exercises.yaml")
    out = _ok("exercise", "add", plan, *TABLETOP, *TODAY_ARGS)
    assert f'Recorded the tabletop "{TABLETOP_ID}" at {path}:' in out
    assert f"vaplan exercise after-action {TABLETOP_ID} PATH {plan}" in out
    line = int(re.search(r"exercises\.yaml:(\d+)", out).group(1))  # type: ignore[union-attr]
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].strip() == f"- id: {TABLETOP_ID}"

    (plan / "exercises").mkdir(exist_ok=True)
    (plan / "exercises" / "fac-aar.pdf").write_bytes(b"%PDF-1.4 after-action report")
    out = _ok("exercise", "after-action", TABLETOP_ID, "exercises/fac-aar.pdf", plan)
    assert "as exercises/fac-aar.pdf" in out and f"vaplan action add {plan} --source" in out

    out = _ok("action", "add", plan, "--source", TABLETOP_ID, "--function",
              "family_assistance_center", "--issue", "No interpreter reached the family "
              "assistance center in the first two hours.", "--action", "Add the language line "
              "to the call tree.", "--element", "planning", "--owner", "language-bridge",
              "--due", "2027-01-31", *TODAY_ARGS)
    first = f"{TABLETOP_ID}-1"
    assert f'Recorded the corrective action "{first}" (open) at {path}:' in out
    _ok("action", "add", plan, "--source", TABLETOP_ID, "--function", "victim_notification",
        "--issue", "The notification script was never rehearsed.", "--action",
        "Rehearse it with the medical examiner's office.", "--owner", "pima-medical-examiner",
        "--contact", "Duty investigator", "--start", "2026-11-01", "--due", "2027-02-28",
        *TODAY_ARGS)
    second = f"{TABLETOP_ID}-2"
    assert "in progress" in _ok("action", "start", first, plan, *TODAY_ARGS)
    _ok("action", "done", second, plan, "--date", "2026-11-20", *TODAY_ARGS)
    _ok("exercise", "add", plan, "--title", "Call-down drill", "--date", "2026-11-25",
        "--kind", "call_down", "--function", "contact_list", *TODAY_ARGS)
    out = _ok("action", "done", second, plan, "--validated-by", "call-down-drill-2026-11-25",
              *TODAY_ARGS)
    assert 'validated by "call-down-drill-2026-11-25"' in out

    data = _data(plan)
    tabletop = next(e for e in data["exercises"] if e["id"] == TABLETOP_ID)
    assert tabletop == {"id": TABLETOP_ID, "date": "2026-10-14", "kind": "tabletop",
                        "title": "Family assistance center tabletop",
                        "functions": ["family_assistance_center", "victim_notification"],
                        "participants": ["pima-oem", "red-cross-az"],
                        "after_action": "exercises/fac-aar.pdf"}
    actions = {a["id"]: a for a in data["improvements"]}
    assert actions[first]["status"] == "in_progress"
    assert actions[first]["start"] == "2026-11-28"  # today, as --today says
    assert actions[second] == {
        "id": second, "source": TABLETOP_ID, "function": "victim_notification",
        "issue": "The notification script was never rehearsed.",
        "action": "Rehearse it with the medical examiner's office.",
        "owner": "pima-medical-examiner", "contact": "Duty investigator",
        "start": "2026-11-01", "due": "2027-02-28", "status": "done",
        "completed": "2026-11-20", "validated_by": "call-down-drill-2026-11-25"}
    result = path.read_text(encoding="utf-8")
    assert _comments(result) == _comments(original)  # every comment kept, in its order
    assert _schema_findings(plan) == []


def test_a_written_file_changes_only_where_something_was_recorded(tmp_path: Path) -> None:
    """A new entry is spaced like the list's entries (a blank line between exercises, none
    between actions), and the comments after the last entry stay after the new one."""
    plan = _written(tmp_path)
    _ok("exercise", "add", plan, "--id", "fac-functional", "--title", "FAC functional exercise",
        "--date", "2026-09-01", "--kind", "functional", "--function",
        "family_assistance_center", *TODAY_ARGS)
    _ok("action", "add", plan, "--source", "fac-functional", "--function",
        "family_assistance_center", "--issue", "Sign-in took an hour.", "--action",
        "Pre-print the sign-in sheets.", "--owner", "red-cross-az", "--due", "2027-03-01",
        *TODAY_ARGS)
    _ok("action", "done", "fac-interpreters", plan, "--date", "2026-11-02", *TODAY_ARGS)
    _ok("action", "start", "fac-signs", plan, *TODAY_ARGS)  # already: nothing changes
    _ok("exercise", "after-action", "calldown-2026-q1", "roles.yaml", plan)
    expected = WRITTEN.replace("""\
      - contact_list
""", """\
      - contact_list
    after_action: roles.yaml

  - id: fac-functional
    date: 2026-09-01
    kind: functional
    title: FAC functional exercise
    functions: [family_assistance_center]
""").replace("""\
    status: open      # agreed at the after-action meeting
    owner: pima-oem
""", """\
    status: done      # agreed at the after-action meeting
    owner: pima-oem
    completed: 2026-11-02
""").replace("""\
    start: 2026-05-01
""", """\
    start: 2026-05-01
  - id: fac-functional-1
    source: fac-functional
    function: family_assistance_center
    issue: Sign-in took an hour.
    action: Pre-print the sign-in sheets.
    owner: red-cross-az
    due: 2027-03-01
    status: open
""")
    assert (plan / "exercises.yaml").read_text(encoding="utf-8") == expected
    assert _schema_findings(plan) == []


def test_a_new_file_starts_from_the_starter_and_keeps_its_comments(tmp_path: Path) -> None:
    plan = _pima(tmp_path)
    (plan / "exercises.yaml").unlink(missing_ok=True)
    out = _ok("exercise", "add", plan, *TABLETOP, *TODAY_ARGS)
    assert "(a new file)" in out
    text = (plan / "exercises.yaml").read_text(encoding="utf-8")
    starter = starter_text("exercises.yaml")
    assert _comments(text) == _comments(starter)
    assert "exercises: []" not in text and "improvements: []" in text
    assert f"exercises:\n  - id: {TABLETOP_ID}\n" in text  # indented like the examples
    _ok("action", "add", plan, "--source", TABLETOP_ID, "--function", "victim_notification",
        "--issue", "x", "--action", "y", *TODAY_ARGS)
    assert "improvements:\n  - id: " in (plan / "exercises.yaml").read_text(encoding="utf-8")
    assert len(_data(plan)["improvements"]) == 1
    assert _schema_findings(plan) == []


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "improvements:\n", "exercises:\n"])
def test_an_empty_or_partial_file_gains_the_list(tmp_path: Path, text: str) -> None:
    plan = _written(tmp_path, text)
    _ok("exercise", "add", plan, *TABLETOP, *TODAY_ARGS)
    written = (plan / "exercises.yaml").read_text(encoding="utf-8")
    ops = difflib.SequenceMatcher(None, text.splitlines(), written.splitlines()).get_opcodes()
    assert {op[0] for op in ops} <= {"equal", "insert"}  # every line kept, lines only added
    assert [e["id"] for e in _data(plan)["exercises"]] == [TABLETOP_ID]
    assert _schema_findings(plan) == []


def test_crlf_line_ends_are_kept(tmp_path: Path) -> None:
    plan = _pima(tmp_path)
    (plan / "exercises.yaml").write_bytes(WRITTEN.replace("\n", "\r\n").encode("utf-8"))
    _ok("action", "cancel", "fac-signs", plan)
    raw = (plan / "exercises.yaml").read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.replace(b"\r\n", b"\n").decode() == WRITTEN.replace(
        "status: in_progress", "status: cancelled")


def test_commands_work_from_inside_the_plan_folder(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _written(tmp_path)
    monkeypatch.chdir(plan)
    out = _ok("action", "done", "fac-interpreters", *TODAY_ARGS)
    assert "at exercises.yaml:" in out and "vaplan action done fac-interpreters --validated-by" \
        in out
    assert _data(plan)["improvements"][0]["status"] == "done"
    (plan / "reports").mkdir()
    (plan / "reports" / "aar.pdf").write_bytes(b"report")
    _ok("exercise", "after-action", "fac-tabletop-2026", "reports/aar.pdf")
    assert _data(plan)["exercises"][0]["after_action"] == "reports/aar.pdf"


def test_a_report_path_from_the_current_folder_is_stored_from_the_plan_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _written(tmp_path)
    (plan / "aar.pdf").write_bytes(b"report")
    monkeypatch.chdir(tmp_path)
    _ok("exercise", "after-action", "fac-tabletop-2026", "pima/aar.pdf", "pima")
    assert _data(plan)["exercises"][0]["after_action"] == "aar.pdf"


def test_repeating_a_step_changes_nothing_and_says_so(tmp_path: Path) -> None:
    plan = _written(tmp_path)
    _ok("action", "done", "fac-interpreters", plan, "--date", "2026-11-02", *TODAY_ARGS)
    before = (plan / "exercises.yaml").read_bytes()
    out = _ok("action", "done", "fac-interpreters", plan, *TODAY_ARGS)
    assert "already says so; nothing changed" in out
    assert (plan / "exercises.yaml").read_bytes() == before


def test_unknown_ids_are_refused_with_a_suggestion_and_the_allowed_words(tmp_path: Path) -> None:
    plan = _written(tmp_path)
    out = _refused(plan, "exercise", "add", plan, *TABLETOP[:6], "--function",
                   "victim_notifcation", *TODAY_ARGS)
    assert '"victim_notifcation" is not a protocol id (did you mean "victim_notification"?)' \
        in out and "use one of: contact_list, committee_meeting" in out
    out = _refused(plan, "exercise", "add", plan, *TABLETOP[:6], "--participant", "pima-eom",
                   *TODAY_ARGS)
    assert '--participant: "pima-eom" is not the id of a committee member or partner (did you mean ' \
           '"pima-oem"?)' in out and "pima-attorney-vs" in out
    out = _refused(plan, "exercise", "add", plan, *TABLETOP[:4], "--kind", "table-top",
                   *TODAY_ARGS)
    assert '(did you mean "tabletop"?)' in out and "call_down or real_incident" not in out
    action = ["--function", "family_assistance_center", "--issue", "i", "--action", "a"]
    out = _refused(plan, "action", "add", plan, "--source", "fac-tabletop", *action,
                   *TODAY_ARGS)
    assert '--source: there is no exercise "fac-tabletop"' in out
    assert 'did you mean "fac-tabletop-2026"' in out
    out = _refused(plan, "action", "add", plan, "--source", "fac-tabletop-2026", *action,
                   "--owner", "redcross", *TODAY_ARGS)
    assert '--owner: "redcross" is not the id of a committee member' in out
    out = _refused(plan, "action", "add", plan, "--source", "fac-tabletop-2026", *action,
                   "--element", "plans", *TODAY_ARGS)
    assert '"plans" is not a capability element (did you mean "planning"?)' in out
    out = _refused(plan, "action", "done", "fac-interpreter", plan, *TODAY_ARGS)
    assert 'there is no corrective action "fac-interpreter"' in out
    assert 'did you mean "fac-interpreters"' in out
    out = _refused(plan, "action", "done", "fac-interpreters", plan, "--validated-by",
                   "calldown-2026-q1", *TODAY_ARGS)
    assert "was held on or before" in out and "validated by a later exercise" in out


def test_bad_and_future_dates_are_refused_in_plain_words(tmp_path: Path) -> None:
    plan = _written(tmp_path)
    out = _refused(plan, "exercise", "add", plan, *TABLETOP[:2], "--date", "14/10/2026",
                   *TABLETOP[4:6], *TODAY_ARGS)
    assert '--date: "14/10/2026" is not written YYYY-MM-DD' in out
    assert "write it 2026-10-14 if you mean October 14, 2026" in out
    out = _refused(plan, "exercise", "add", plan, *TABLETOP[:2], "--date", "2026-02-30",
                   *TABLETOP[4:6], *TODAY_ARGS)
    assert "February 2026 has 28 days" in out
    out = _refused(plan, "exercise", "add", plan, *TABLETOP[:2], "--date", "2026-12-01",
                   *TABLETOP[4:6], *TODAY_ARGS)
    assert "2026-12-01 is after today (2026-11-28)" in out and "once it has been held" in out
    out = _refused(plan, "action", "done", "fac-signs", plan, "--date", "2027-01-01",
                   *TODAY_ARGS)
    assert "after today" in out
    out = _refused(plan, "action", "add", plan, "--source", "fac-tabletop-2026", "--function",
                   "family_assistance_center", "--issue", "i", "--action", "a", "--start",
                   "2027-02-01", "--due", "2027-01-01", *TODAY_ARGS)
    assert "the due date 2027-01-01 is before the start date 2027-02-01" in out


def test_duplicates_are_refused(tmp_path: Path) -> None:
    plan = _written(tmp_path)
    _ok("exercise", "add", plan, *TABLETOP, *TODAY_ARGS)
    out = _refused(plan, "exercise", "add", plan, *TABLETOP, *TODAY_ARGS)
    assert f'the id "{TABLETOP_ID}" is already used in exercises.yaml (line ' in out
    assert "give it another id with --id" in out
    out = _refused(plan, "exercise", "add", plan, "--id", "fac-interpreters", *TABLETOP,
                   *TODAY_ARGS)
    assert 'the id "fac-interpreters" is already used' in out
    out = _refused(plan, "exercise", "add", plan, "--id", "FAC Tabletop", *TABLETOP,
                   *TODAY_ARGS)
    assert 'cannot be an id' in out and '"fac-tabletop"' in out
    action = ["--source", "fac-tabletop-2026", "--function", "family_assistance_center",
              "--issue", "No interpreter reached the family assistance center.",
              "--action", "Add the language line to the call tree."]
    out = _refused(plan, "action", "add", plan, *action, *TODAY_ARGS)
    assert 'already recorded, as "fac-interpreters"' in out


def test_a_status_that_cannot_follow_is_refused(tmp_path: Path) -> None:
    plan = _written(tmp_path)
    _ok("action", "done", "fac-interpreters", plan, *TODAY_ARGS)
    assert "is done" in _refused(plan, "action", "start", "fac-interpreters", plan, *TODAY_ARGS)
    assert "a done action is not cancelled" in _refused(plan, "action", "cancel",
                                                        "fac-interpreters", plan)
    _ok("action", "cancel", "fac-signs", plan)
    assert "is cancelled" in _refused(plan, "action", "done", "fac-signs", plan, *TODAY_ARGS)


def test_a_missing_plan_or_a_folder_that_is_not_one_is_refused(tmp_path: Path) -> None:
    out = _refused(tmp_path, "exercise", "add", tmp_path / "nowhere", *TABLETOP, *TODAY_ARGS)
    assert "there is no plan directory" in out
    out = _refused(tmp_path, "action", "done", "x", tmp_path, *TODAY_ARGS)
    assert "holds neither vaplan.yaml nor committee.yaml" in out
    assert not (tmp_path / "exercises.yaml").exists()


def test_a_file_with_errors_is_fixed_first(tmp_path: Path) -> None:
    plan = _written(tmp_path, WRITTEN.replace("    start: 2026-05-01", "    strat: 2026-05-01"))
    out = _refused(plan, "action", "done", "fac-interpreters", plan, *TODAY_ARGS)
    assert f'{plan / "exercises.yaml"}:35: unknown key "strat" (did you mean "start"?)' in out
    assert "fix that part of the file by hand first; the file is unchanged" in out
    plan = _written(tmp_path / "b", "exercises: [\n")
    assert "cannot be edited until it is fixed" in _refused(plan, "exercise", "add", plan,
                                                            *TABLETOP, *TODAY_ARGS)


def test_a_multi_line_title_is_refused(tmp_path: Path) -> None:
    plan = _written(tmp_path)
    out = _refused(plan, "exercise", "add", plan, "--title", "FAC\n\x1b[31mtabletop",
                   *TABLETOP[2:6], *TODAY_ARGS)
    assert "the title must be one line of plain text" in out


@pytest.mark.parametrize("breaker", ["\x85", "\u2028", "\u2029", "\x1c", "\x9b"])
def test_a_line_break_of_any_kind_in_a_one_line_text_is_refused_in_words(
        tmp_path: Path, breaker: str) -> None:
    """NEL (U+0085), the Unicode line and paragraph separators and C1 controls break a line in
    YAML or an editor as surely as a newline: refused as what they are, never as a fault of
    vaplan's to report, and the file is untouched."""
    plan = _written(tmp_path)
    text = f"FAC{breaker}tabletop"
    for args, what in (
            (["exercise", "add", plan, "--title", text, *TABLETOP[2:6]], "the title"),
            (["action", "add", plan, "--source", "fac-tabletop-2026", "--function",
              "contact_list", "--issue", text, "--action", "a"], "the issue"),
            (["action", "add", plan, "--source", "fac-tabletop-2026", "--function",
              "contact_list", "--issue", "i", "--action", "a", "--contact", text],
             "the contact")):
        out = _refused(plan, *args, *TODAY_ARGS)
        assert f"{what} must be one line of plain text" in out
        assert "report this" not in out


def test_notes_keep_their_line_breaks_but_no_other_control_character(tmp_path: Path) -> None:
    plan = _written(tmp_path)
    for notes in ("a\x85b", "red \x1b[31m", "a\u2028b"):
        out = _refused(plan, "exercise", "add", plan, *TABLETOP, "--notes", notes, *TODAY_ARGS)
        assert "the notes must be plain text (line breaks are fine)" in out
    result = run("exercise", "add", plan, *TABLETOP, "--notes", "first\nsecond", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert _data(plan)["exercises"][-1]["notes"] == "first\nsecond"


def test_text_that_was_not_utf8_on_the_command_line_is_refused_in_words(tmp_path: Path) -> None:
    """A byte a terminal in another encoding sends reaches Python as a lone surrogate, which no
    UTF-8 file can hold: refused in words, not as vaplan's own fault."""
    plan = _written(tmp_path)
    out = _refused(plan, "exercise", "add", plan, "--title", "caf\udce9", *TABLETOP[2:6],
                   *TODAY_ARGS)
    assert "the title holds a character that is not UTF-8 text" in out
    assert "report this" not in out


def test_an_id_with_a_final_line_break_is_refused_as_an_id(tmp_path: Path) -> None:
    """`$` in a pattern also matches before a final newline: "x\n" was taken for an id and only
    the check after the edit caught it, as a fault to report to the developers."""
    plan = _written(tmp_path)
    for args in ((["exercise", "add", plan, *TABLETOP, "--id", "drill\n"]),
                 (["action", "add", plan, "--source", "fac-tabletop-2026", "--function",
                   "contact_list", "--issue", "i", "--action", "a", "--id", "fix\n"])):
        out = _refused(plan, *args, *TODAY_ARGS)
        assert "cannot be an id" in out and "report this" not in out


def test_an_after_action_report_outside_the_plan_is_refused(tmp_path: Path) -> None:
    plan = _written(tmp_path)
    (tmp_path / "outside.pdf").write_bytes(b"report")
    for report in ("../outside.pdf", str(tmp_path / "outside.pdf"), "missing.pdf"):
        out = _refused(plan, "exercise", "after-action", "fac-tabletop-2026", report, plan)
        assert "is not a file in the plan folder" in out


def test_a_report_path_that_steps_out_and_back_in_is_stored_from_the_plan_folder(
        tmp_path: Path) -> None:
    """`../pima/exercises/aar.md` finds the report only while the folder is called pima; the
    file records `exercises/aar.md`, which still holds when the plan is renamed or cloned."""
    plan = _written(tmp_path)
    (plan / "exercises").mkdir(exist_ok=True)
    (plan / "exercises" / "aar.md").write_text("# After-action report\n", encoding="utf-8")
    result = run("exercise", "after-action", "fac-tabletop-2026",
                 f"../{plan.name}/exercises/../exercises/aar.md", plan)
    assert result.exit_code == 0, result.output
    assert _data(plan)["exercises"][0]["after_action"] == "exercises/aar.md"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_link_or_a_fifo_is_never_written_through(tmp_path: Path) -> None:
    plan = _pima(tmp_path)
    target = plan / "kept.yaml"
    target.write_text(WRITTEN, encoding="utf-8")
    (plan / "exercises.yaml").unlink(missing_ok=True)
    (plan / "exercises.yaml").symlink_to(target)
    out = _refused(plan, "action", "cancel", "fac-signs", plan)
    assert "is a link" in out
    assert target.read_text(encoding="utf-8") == WRITTEN
    (plan / "exercises.yaml").unlink()
    (plan / "exercises.yaml").symlink_to(tmp_path / "nothing-here.yaml")  # dangling
    assert "is a link" in _refused(plan, "exercise", "add", plan, *TABLETOP, *TODAY_ARGS)
    assert not (tmp_path / "nothing-here.yaml").exists()
    (plan / "exercises.yaml").unlink()
    os.mkfifo(plan / "exercises.yaml")
    assert "is not a file" in _refused(plan, "exercise", "add", plan, *TABLETOP, *TODAY_ARGS)


@pytest.mark.slow
def test_ten_action_adds_at_once_are_all_kept(tmp_path: Path) -> None:
    """Ten `vaplan action add` processes at once: each takes the folder's lock around reading,
    changing and writing, so every action is kept, each with its own id."""
    plan = _written(tmp_path)
    before = _data(plan)
    commands = [[sys.executable, "-m", "vaplan", "action", "add", str(plan), "--source",
                 "fac-tabletop-2026", "--function", "family_assistance_center", "--issue",
                 f"Issue number {n}.", "--action", f"Action number {n}.", *TODAY_ARGS]
                for n in range(10)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for command in commands]
    for process in runs:
        assert process.wait(timeout=600) == 0, process.stderr.read()  # type: ignore[union-attr]
    after = _data(plan)
    assert after["exercises"] == before["exercises"]
    assert after["improvements"][:2] == before["improvements"]
    added = after["improvements"][2:]
    assert sorted(a["issue"] for a in added) == sorted(f"Issue number {n}." for n in range(10))
    assert sorted(a["id"] for a in added) == sorted(f"fac-tabletop-2026-{n}"
                                                    for n in range(1, 11))
    text = (plan / "exercises.yaml").read_text(encoding="utf-8")
    assert _comments(text) == _comments(WRITTEN)
    # no temporary or lock file left behind
    assert {p.name for p in plan.iterdir()} == {p.name for p in PIMA.iterdir()} | {
        "exercises.yaml"}


def test_the_readme_loop_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's commands, typed in the worked example's folder, all succeed."""
    import shlex

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    part = readme.split("### Recording exercises and corrective actions", 1)[1].split("###")[0]
    lines = "\n".join(line[4:] for line in part.splitlines() if line.startswith("    "))
    commands = [shlex.split(c) for c in lines.replace("\\\n", " ").splitlines() if c.strip()]
    assert len(commands) >= 5 and all(c[0] == "vaplan" for c in commands)
    plan = _pima(tmp_path)
    (plan / "exercises.yaml").unlink(missing_ok=True)
    (plan / "exercises").mkdir(exist_ok=True)
    (plan / "exercises" / "fac-tabletop-aar.pdf").write_bytes(b"report")
    monkeypatch.chdir(plan)
    for command in commands:
        _ok(*command[1:], *(TODAY_ARGS if command[2] != "after-action" else []))
    action = _data(plan)["improvements"][0]
    assert (action["status"], action["validated_by"]) == ("done", "call-down-drill-2026-11-20")
    assert _schema_findings(plan) == []


def test_a_write_that_fails_halfway_leaves_the_file_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk (or a kill) in the middle of the write: the old file stays whole, and no
    temporary file is left in the plan."""
    import errno

    from vaplan import atomic

    plan = _written(tmp_path)

    def half_then_full(handle: object, data: bytes) -> None:
        handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_write_all", half_then_full)
    out = _refused(plan, "action", "add", plan, "--source", "fac-tabletop-2026", "--function",
                   "family_assistance_center", "--issue", "i", "--action", "a", *TODAY_ARGS)
    assert "cannot write" in out and "No space left on device" in out
    assert (plan / "exercises.yaml").read_text(encoding="utf-8") == WRITTEN
    assert not [p for p in plan.iterdir() if p.name.startswith(atomic.TEMP_PREFIX)]


_LINE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0,
                max_size=60)


@pytest.mark.slow
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=_LINE, issue=_LINE, notes=_LINE)
def test_any_text_is_recorded_exactly_or_refused_in_words(tmp_path: Path, title: str,
                                                          issue: str, notes: str) -> None:
    """Whatever a person types as a title, an issue or notes, the command records exactly that
    text (as vaplan check reads it back) or refuses in words, exit 2, file untouched."""
    plan = tmp_path / "pima"
    if not plan.exists():  # one copy for every example; the file is put back after each
        plan = _written(tmp_path)
    before = (plan / "exercises.yaml").read_bytes()
    result = run("exercise", "add", plan, "--id", "t", "--title", title, "--date", "2026-10-01",
                 "--kind", "drill", "--notes", notes, *TODAY_ARGS)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert "report this" not in result.output  # a refusal of the text, not vaplan's fault
        assert (plan / "exercises.yaml").read_bytes() == before
    else:
        assert result.exit_code == 0, result.output
        recorded = _data(plan)["exercises"][-1]
        assert recorded["title"] == title.strip()
        assert recorded.get("notes") == (notes.strip() or None)
    action = run("action", "add", plan, "--source", "fac-tabletop-2026", "--function",
                 "contact_list", "--issue", issue, "--action", "Fix it.", "--id", "a",
                 *TODAY_ARGS)
    assert "Traceback" not in action.output and action.exit_code in (0, 2), action.output
    if action.exit_code == 0:
        assert _data(plan)["improvements"][-1]["issue"] == issue.strip()
    (plan / "exercises.yaml").write_bytes(before)


def test_entries_spaced_by_blank_lines_get_one_before_the_new_entry(tmp_path: Path) -> None:
    spaced = ("exercises:\n  - id: a\n    date: 2026-01-05\n    kind: drill\n    title: A\n\n"
              "  - id: b\n    date: 2026-02-05\n    kind: drill\n    title: B\n\n"
              "improvements: []\n")
    plan = _written(tmp_path, spaced)
    _ok("exercise", "add", plan, "--id", "c", "--title", "C", "--date", "2026-03-05", "--kind",
        "drill", *TODAY_ARGS)
    assert (plan / "exercises.yaml").read_text(encoding="utf-8") == spaced.replace(
        "title: B\n\n", "title: B\n\n  - id: c\n    date: 2026-03-05\n    kind: drill\n"
        "    title: C\n\n")


def test_an_exercise_recorded_with_its_report_asks_only_for_its_actions(tmp_path: Path) -> None:
    plan = _written(tmp_path)
    (plan / "aar.md").write_text("# After-action report\n", encoding="utf-8")
    out = _ok("exercise", "add", plan, *TABLETOP, "--after-action", "aar.md", "--notes",
              "Held at the county EOC.", *TODAY_ARGS)
    assert "after-action" not in out.split("Next:")[1] and "vaplan action add" in out
    recorded = _data(plan)["exercises"][-1]
    assert (recorded["after_action"], recorded["notes"]) == ("aar.md", "Held at the county EOC.")


@pytest.mark.slow
def test_a_long_file_is_diffed_a_fixed_number_of_times(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Choosing the indentation style once ran a full line diff per style (18), each quadratic
    on a file of many similar entries: a few hundred exercises took minutes to add one. The
    style is now ranked by counting lines; only the merge itself diffs, twice."""
    import difflib

    plan = _pima(tmp_path)
    (plan / "exercises.yaml").write_text("exercises:\n" + "".join(
        f"  - id: drill-{n}\n    date: 2026-01-01\n    kind: drill\n    title: Drill {n}\n"
        for n in range(300)), encoding="utf-8")
    made = []
    real = difflib.SequenceMatcher

    def counted(*args: object, **kwargs: object) -> difflib.SequenceMatcher:
        made.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "SequenceMatcher", counted)
    result = run("exercise", "add", plan, "--title", "One more", "--date", "2026-11-01",
                 "--kind", "drill", "--id", "one-more", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert _data(plan)["exercises"][-1]["id"] == "one-more"
    assert len(made) <= 2
