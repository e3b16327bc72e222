"""Exercises and the improvement plan in the documents a committee reads: the improvement plan
export (CSV, Markdown, Word), the calendar and the meeting packet, all from the same facts."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from conftest import PIMA, TODAY, TODAY_ARGS, copy_plan, counts_pages, run

#: A year of exercises on the Pima County example, as of conftest.TODAY (2026-11-28): one
#: action overdue, one open, one done since 2026-10-01, one cancelled; a contact who is a person.
EXERCISES = """\
# exercises and the improvement plan
exercises:
  - id: fac-tabletop-2026
    date: 2026-04-12
    kind: tabletop
    title: Family assistance center tabletop
    functions: [family_assistance_center, victim_notification]
    participants: [pima-oem, pima-attorney-vs, red-cross-az]
  - id: call-down-2026-q3
    date: 2026-08-20
    kind: call_down
    title: Quarterly call-down drill
    functions: [contact_list]
  - id: call-down-2026-q4
    date: 2026-10-20
    kind: call_down
    title: Fourth-quarter call-down drill
    functions: [contact_list]
improvements:
  - id: fac-site-backup
    source: fac-tabletop-2026
    function: family_assistance_center
    issue: No second FAC site if the fairgrounds are the scene
    action: Sign an MOA for a backup site with Tucson Unified
    element: planning
    owner: pima-oem
    contact: Dana Whitfield
    start: 2026-05-01
    due: 2026-10-01
    status: in_progress
  - id: interpreter-roster
    source: fac-tabletop-2026
    function: victim_notification
    issue: '=HYPERLINK("http://evil.example")'
    action: Keep an on-call interpreter roster | updated *monthly*
    element: organization
    owner: language-bridge
    contact: Luis Ortega
    start: 2026-05-01
    due: 2027-03-01
    status: open
  - id: notify-script
    source: fac-tabletop-2026
    function: victim_notification
    issue: Notification script not agreed
    action: Write and approve the death notification script
    element: training
    owner: pima-medical-examiner
    due: 2026-09-01
    status: done
    completed: 2026-11-02
  - id: old-radio
    issue: Radios on the wrong channel
    action: Buy radios
    element: equipment
    owner: pima-sheriff
    status: cancelled
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """The Pima County example with the year of exercises above."""
    directory = copy_plan(tmp_path, PIMA, "pima")
    (directory / "exercises.yaml").write_text(EXERCISES, encoding="utf-8")
    return directory


def _sheet(text: str) -> str:
    """The CSV as a spreadsheet reads it: the byte-order mark says UTF-8 and is not data."""
    assert text.startswith("\ufeff"), "Excel reads a CSV without the mark in the local code page"
    return text.encode("utf-8").decode("utf-8-sig")


def _export(plan: Path, *args: str) -> str:
    result = run("export", "improvement-plan", plan, *args, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    return result.stdout


# the improvement plan export ------------------------------------------------------------------

def test_csv_has_one_row_per_action_with_names_titles_and_plain_statuses(plan: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_sheet(_export(plan, "-f", "csv")))))
    assert [r["id"] for r in rows] == ["fac-site-backup", "interpreter-roster", "notify-script",
                                       "old-radio"]
    backup = rows[0]
    assert backup["protocol"] == "Family assistance center"
    assert backup["responsible_organization"] == "Pima County Office of Emergency Management"
    assert backup["element"] == "Planning"
    assert backup["contact"] == "Dana Whitfield"
    assert (backup["start"], backup["due"]) == ("2026-05-01", "2026-10-01")
    assert (backup["status"], backup["overdue"]) == ("Overdue (in progress)", "yes")
    assert [(r["status"], r["overdue"], r["completed"]) for r in rows[1:]] == [
        ("Open", "no", ""), ("Done", "no", "2026-11-02"), ("Cancelled", "no", "")]
    assert rows[2]["responsible_organization"] == "Pima County Office of the Medical Examiner"
    assert rows[3]["protocol"] == ""


def test_an_owner_not_named_or_not_on_the_committee_is_said_so(plan: Path) -> None:
    text = (plan / "exercises.yaml").read_text().replace("    owner: pima-sheriff\n", "")
    text = text.replace("owner: language-bridge", "owner: gone-agency")
    (plan / "exercises.yaml").write_text(text)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(_sheet(_export(plan, "-f", "csv"))))}
    assert rows["old-radio"]["responsible_organization"] == "no owner named"
    assert rows["interpreter-roster"]["responsible_organization"] == (
        "gone-agency (not in committee.yaml)")


def test_csv_cells_a_spreadsheet_would_run_are_text(plan: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_sheet(_export(plan, "-f", "csv")))))
    assert rows[1]["issue"] == "'=HYPERLINK(\"http://evil.example\")"


def test_public_copy_has_no_contact_and_says_so(plan: Path) -> None:
    for fmt in ("csv", "md"):
        text = _export(plan, "-f", fmt, "--public")
        assert "Dana Whitfield" not in text and "Luis Ortega" not in text
        assert "Public copy:" in text and "corrective-action contacts" in text
        assert "Pima County Office of Emergency Management" in text
    header = _sheet(_export(plan, "-f", "csv", "--public")).splitlines()[0].split(",")
    assert "contact" not in header and header[-1] == "note"
    assert "| Contact |" not in _export(plan, "--public")


def test_public_copy_leaves_out_a_contact_named_in_an_action(plan: Path) -> None:
    text = (plan / "exercises.yaml").read_text().replace(
        "action: Buy radios", "action: Ask Dana Whitfield to buy radios")
    (plan / "exercises.yaml").write_text(text)
    public = _export(plan, "--public")
    assert "Whitfield" not in public and "Ask \\[left out\\] to buy radios" in public


def test_markdown_marks_overdue_rows_and_escapes_plan_text(plan: Path) -> None:
    text = _export(plan)
    assert "4 corrective actions: 2 still open, 1 of them overdue (⚠); 1 done; 1 cancelled." in text
    [backup] = [line for line in text.splitlines() if "Sign an MOA" in line]
    assert "**⚠ Overdue (in progress)**" in backup
    [roster] = [line for line in text.splitlines() if "interpreter roster" in line]
    assert "roster \\| updated \\*monthly\\*" in roster
    header = next(line for line in text.splitlines() if line.startswith("| Protocol"))
    assert all(line.count(" | ") == header.count(" | ") for line in text.splitlines()
               if line.startswith("| ") and "---" not in line)
    assert "Open |" in roster and "⚠" not in roster


def test_word_matrix_is_landscape_with_overdue_rows_shaded(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "improvement.docx"
    result = run("export", "improvement-plan", plan, "-f", "docx", "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert section.header.paragraphs[0].text == (
        "Pima County, Arizona · Improvement plan · 2026-11-28")
    assert "Page" in section.footer.paragraphs[0].text
    assert document.core_properties.title == "Pima County, Arizona: improvement plan"
    assert document.core_properties.author == "vaplan"
    [table] = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][5] == "Contact"
    assert rows[1][4] == "Pima County Office of Emergency Management"
    assert rows[1][7] == "⚠ Overdue (in progress)"
    assert rows[0][9] == "Source exercise; validated by"
    fills = [row.cells[0]._tc.xpath("./w:tcPr/w:shd/@w:fill") for row in table.rows[1:]]
    assert fills == [["F8D7D3"], ["auto"], ["auto"], ["auto"]]
    public = tmp_path / "public.docx"
    run("export", "improvement-plan", plan, "-f", "docx", "-o", public, "--public", *TODAY_ARGS)
    document = Document(str(public))
    assert "Contact" not in [c.text for c in document.tables[0].rows[0].cells]
    assert any(p.text.startswith("Public copy:") for p in document.paragraphs)
    with open(public, "rb") as f:
        assert b"Whitfield" not in f.read()


def test_word_template_is_what_its_script_builds() -> None:
    import importlib.util

    from conftest import ROOT

    script = ROOT / "templates" / "make_improvement_docx.py"
    spec = importlib.util.spec_from_file_location("make_improvement_docx", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (ROOT / "templates" / "improvement.docx").read_bytes(), (
        "rerun templates/make_improvement_docx.py and commit improvement.docx")


soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                             reason="LibreOffice (soffice) is not installed")


@counts_pages
def test_word_matrix_opens_in_libreoffice_on_one_landscape_page(plan: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "improvement.docx"
    run("export", "improvement-plan", plan, "-f", "docx", "-o", out, *TODAY_ARGS)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", out.name], cwd=tmp_path,
                   capture_output=True, timeout=180, check=True)
    pdf = (tmp_path / "improvement.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


def test_a_plan_without_exercises_says_how_to_start_one(plan: Path) -> None:
    (plan / "exercises.yaml").unlink()
    result = run("export", "improvement-plan", plan, *TODAY_ARGS)
    assert result.exit_code == 2  # nothing to export: vaplan could not do it
    assert "no improvement plan yet" in result.stderr and "exercises.yaml" in result.stderr
    assert result.stdout == ""


def test_a_plan_with_no_actions_gets_an_empty_matrix_that_says_so(plan: Path) -> None:
    text = (plan / "exercises.yaml").read_text()
    (plan / "exercises.yaml").write_text(text[:text.index("improvements:")])
    markdown = _export(plan)
    assert "no corrective actions yet" in markdown and "| Protocol" not in markdown
    assert _export(plan, "-f", "csv").splitlines() == [
        "\ufeffid,protocol,issue,corrective_action,element,responsible_organization,contact,"
        "start,due,status,completed,overdue,source_exercise,validated_by"]


def test_output_file_is_never_replaced_without_force_nor_a_plan_file(plan: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "ip.md"
    out.write_text("mine")
    result = run("export", "improvement-plan", plan, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 2 and out.read_text() == "mine"
    assert run("export", "improvement-plan", plan, "-o", out, "--force",
               *TODAY_ARGS).exit_code == 0
    assert "improvement plan" in out.read_text()
    before = (plan / "exercises.yaml").read_bytes()
    result = run("export", "improvement-plan", plan, "-o", plan / "exercises.yaml", "--force",
                 *TODAY_ARGS)
    assert result.exit_code == 2 and (plan / "exercises.yaml").read_bytes() == before


# the calendar --------------------------------------------------------------------------------

def _calendar(plan: Path) -> dict[str, tuple[date, str, str]]:
    from icalendar import Calendar

    result = run("export", "calendar", plan, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    return {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"]), str(e["DESCRIPTION"]))
            for e in Calendar.from_ical(result.stdout.encode()).walk("VEVENT")}


def test_calendar_has_open_actions_the_next_drill_and_each_protocols_next_exercise(
        plan: Path) -> None:
    events = _calendar(plan)
    uid = "az-county-pima-county.{}@vaplan".format
    backup = events[uid("action-due.fac-site-backup")]
    # due 2026-10-01, past: an event today that says so
    assert backup[:2] == (TODAY, "OVERDUE since 2026-10-01: Corrective action: Sign an MOA "
                                 "for a backup site with Tucson Unified")
    assert "Pima County Office of Emergency Management" in backup[2]
    assert "Dana Whitfield" not in backup[2]  # a calendar is shared: no contact in it
    assert events[uid("action-due.interpreter-roster")][0] == date(2027, 3, 1)
    # done and cancelled actions are owed nothing
    assert not any("notify-script" in u or "old-radio" in u for u in events)
    # the last drill 2026-10-20, every 12 months
    assert events[uid("call-down-drill.contact-list")][:2] == (date(2027, 10, 20),
                                                               "Call-down drill due")
    # exercised 2026-04-12, every 24 months; never exercised: owed today
    assert events[uid("exercise-due.family_assistance_center")][:2] == (
        date(2028, 4, 12), "Exercise of the Family assistance center protocol due")
    never = events[uid("exercise-due.never-exercised")]
    assert never[:2] == (TODAY, "Exercise the protocols never exercised (10)")
    assert "Victim identification" in never[2] and "Family assistance" not in never[2]
    assert uid("exercise-due.victim_identification") not in events


def test_calendar_without_drills_owes_one_today_and_without_the_file_nothing(
        plan: Path) -> None:
    text = (plan / "exercises.yaml").read_text().replace("kind: call_down", "kind: drill")
    (plan / "exercises.yaml").write_text(text)
    drill = _calendar(plan)["az-county-pima-county.call-down-drill.contact-list@vaplan"]
    assert drill[:2] == (TODAY, "Call-down drill (none held yet)")
    (plan / "exercises.yaml").unlink()
    assert not any(kind in uid for uid in _calendar(plan)
                   for kind in ("action-due", "call-down-drill", "exercise-due"))


def test_calendar_leaves_out_a_protocol_tailored_out(plan: Path) -> None:
    (plan / "checklist.yaml").write_text(
        "items:\n  donation-management-protocol:\n    applicable: false\n"
        "    reason: The county foundation runs donations.\n")
    never = _calendar(plan)["az-county-pima-county.exercise-due.never-exercised@vaplan"]
    assert never[1] == "Exercise the protocols never exercised (9)"
    assert "Donation management" not in never[2] and "Volunteer management" in never[2]


def test_calendar_uids_stay_the_same_across_runs_and_unrelated_edits(plan: Path) -> None:
    first = _calendar(plan)
    assert _calendar(plan) == first
    ours = {u for u in first if any(k in u for k in ("action-due", "call-down-drill",
                                                     "exercise-due"))}
    # two open actions, the drill, three protocols exercised, ten never (Pima requires 13)
    assert len(ours) == 2 + 1 + 3 + 1
    # an unrelated edit, a date that moves, an action added: no UID of ours changes
    text = (plan / "exercises.yaml").read_text().replace("due: 2026-10-01", "due: 2026-12-15")
    text += ("  - id: new-action\n    issue: A new issue\n    action: A new action\n"
             "    owner: pima-oem\n    due: 2027-05-01\n")
    (plan / "exercises.yaml").write_text(text)
    committee = (plan / "committee.yaml").read_text()
    (plan / "committee.yaml").write_text(committee.replace(
        "Pima County Office of Emergency Management", "Pima County Emergency Management", 1))
    after = _calendar(plan)
    assert ours <= set(after)
    assert set(after) - set(first) == {"az-county-pima-county.action-due.new-action@vaplan"}
    assert after["az-county-pima-county.action-due.fac-site-backup@vaplan"][0] == date(2026, 12,
                                                                                     15)


# the meeting packet --------------------------------------------------------------------------

def _packet(plan: Path, *args: str) -> str:
    result = run("render", plan, "--kind", "packet", *args, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    return result.stdout


def _part(text: str) -> str:
    start = text.index("## Exercises and the improvement plan")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def test_packet_lists_exercises_and_actions_since_the_last_meeting_by_name(plan: Path) -> None:
    part = _part(_packet(plan, "--since", "2026-10-01"))
    assert "**Exercises and real incidents held since 2026-10-01**" in part
    # held on or after the meeting's day, as the rest of the packet counts
    assert "2026-10-20 · Call-down drill: Fourth-quarter call-down drill" in part
    assert "Family assistance center tabletop" not in part
    open_rows = [line for line in part.splitlines() if line.startswith("| ")][1:]
    assert open_rows == [
        "| Sign an MOA for a backup site with Tucson Unified | Pima County "
        "Office of Emergency Management | **⚠ overdue since 2026-10-01** |",
        "| Keep an on-call interpreter roster \\| updated \\*monthly\\* | "
        "Language Bridge Interpreting Cooperative | due 2027-03-01 |"]
    assert ("- Pima County Office of the Medical Examiner: Write and approve the death "
            "notification script (done 2026-11-02)") in part
    assert "fac-site-backup" not in part  # ids only in the part for the plan's keeper
    assert "pima-oem" not in part and "Buy radios" not in part  # names, not ids; not cancelled
    agenda = _packet(plan, "--since", "2026-10-01")
    assert ("7. **Exercises and the improvement plan**: 1 exercise held; 2 corrective actions "
            "open, 1 overdue; 1 completed") in agenda


def test_packet_overdue_actions_come_first(plan: Path) -> None:
    text = (plan / "exercises.yaml").read_text()
    text = text.replace("due: 2027-03-01", "due: 2026-06-01")  # overdue longer than the other
    (plan / "exercises.yaml").write_text(text)
    part = _part(_packet(plan))
    assert part.index("interpreter roster") < part.index("backup site")
    assert "**⚠ overdue since 2026-06-01**" in part


def test_packet_without_since_looks_back_a_year_and_says_so(plan: Path) -> None:
    part = _part(_packet(plan))
    assert "held since 2025-11-28, a year ago" in part
    assert "Family assistance center tabletop" in part
    # said in words on the page; the option that changes it is for the plan's keeper
    assert "no date was given for the last meeting" in part and "--since" not in part
    assert "after-action report missing (due 2026-07-11)" in part


def test_packet_says_plainly_when_there_is_nothing(plan: Path) -> None:
    (plan / "exercises.yaml").write_text("exercises: []\nimprovements: []\n")
    part = _part(_packet(plan, "--since", "2026-10-01"))
    assert "None held since 2026-10-01." in part
    assert "No corrective action is open." in part
    assert "None completed since 2026-10-01." in part
    (plan / "exercises.yaml").unlink()
    assert "No exercises, real incidents or corrective actions are recorded" in _part(
        _packet(plan))


def test_public_packet_has_no_contact(plan: Path, tmp_path: Path) -> None:
    text = (plan / "exercises.yaml").read_text().replace(
        "action: Buy radios", "action: Ask Dana Whitfield to buy radios").replace(
        "status: cancelled", "status: open")
    (plan / "exercises.yaml").write_text(text)
    assert "Dana Whitfield" in _packet(plan)
    public = _packet(plan, "--public")
    assert "Whitfield" not in public and "Ortega" not in public
    assert "Pima County Sheriff's Department" in public
    out = tmp_path / "packet.docx"
    run("render", plan, "--kind", "packet", "--public", "-o", out, *TODAY_ARGS)
    words = "\n".join(p.text for p in Document(str(out)).paragraphs)
    words += "\n".join(c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells)
    assert "Whitfield" not in words and "Ask [left out] to buy radios" in words


def test_word_packet_shows_the_same_actions_by_name(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "packet.docx"
    result = run("render", plan, "--kind", "packet", "--since", "2026-10-01", "-o", out,
                 *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Corrective action")
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [
        ["Sign an MOA for a backup site with Tucson Unified",
         "Pima County Office of Emergency Management", "⚠ overdue since 2026-10-01"],
        ["Keep an on-call interpreter roster | updated *monthly*",
         "Language Bridge Interpreting Cooperative", "due 2027-03-01"]]
    texts = [p.text for p in document.paragraphs]
    assert "Corrective actions completed since 2026-10-01" in texts
    assert ("Pima County Office of the Medical Examiner: Write and approve the death "
            "notification script (done 2026-11-02)") in texts


def test_packet_counts_from_a_git_revision_s_day(plan: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {"GIT_AUTHOR_DATE": "2026-10-01T12:00:00+00:00",
           "GIT_COMMITTER_DATE": "2026-10-01T12:00:00+00:00", "HOME": str(plan.parent),
           "GIT_CONFIG_NOSYSTEM": "1", "PATH": os.environ["PATH"]}
    for args in (["init", "-q"], ["add", "."],
                 ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "m"],
                 ["tag", "last-meeting"]):
        subprocess.run(["git", *args], cwd=plan, env=env, check=True, capture_output=True)
    part = _part(_packet(plan, "--since", "last-meeting"))
    assert "held since last-meeting (commit" in part and "of 2026-10-01)" in part
    assert "Fourth-quarter call-down drill" in part and "tabletop" not in part
