"""`vaplan render --kind sign-in` (issue 23): members and alternates with a column to sign, for
the next meeting meetings.yaml plans; the Word template is what its script builds."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from docx import Document

from conftest import PIMA, ROOT, TODAY_ARGS, copy_plan, run
from vaplan.render import check_template


def _sheet(plan: Path, *args: str) -> str:
    result = run("render", plan, "--kind", "sign-in", *args, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_member_and_alternate_has_a_line_to_sign() -> None:
    text = _sheet(PIMA)
    assert "| Organization | Representative | Alternate | Signature |" in text
    assert ("| Pima County Office of Emergency Management (Steering) | Daniel Whitfield, "
            "Planning Section Chief | Rosa Lindqvist, Duty Officer Coordinator | |") in text
    assert "| Ramos & Whitaker LLP (pro bono program) | Jonathan Ramos, Partner" in text
    assert "Meeting: date __________" in text  # no meetings.yaml: a line to write it on


def test_the_sheet_is_for_the_next_meeting(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)
    (plan / "meetings.yaml").write_text(
        "meetings:\n  - date: 2027-01-14\n    place: Tucson City Hall, room 4\n")
    assert "Meeting: 2027-01-14, Tucson City Hall, room 4" in _sheet(plan)


def test_a_public_sheet_names_no_one() -> None:
    text = _sheet(PIMA, "--public")
    assert "Daniel Whitfield" not in text and "Public copy" in text
    assert "Ramos & Whitaker LLP (pro bono program)" in text


def test_the_word_sheet_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "sign-in.docx"
    assert run("render", PIMA, "--kind", "sign-in", "-o", out, *TODAY_ARGS).exit_code == 0
    document = Document(str(out))
    assert document.core_properties.title == "Sign-in sheet: Pima County, Arizona"
    members, guests = document.tables
    assert [c.text for c in members.rows[0].cells] == [
        "Organization", "Representative", "Alternate", "Signature"]
    assert len(members.rows) == 1 + 15  # pima-county's fifteen members
    assert all(row.cells[3].text == "" for row in members.rows[1:])
    assert len(guests.rows) == 1 + 4


def test_the_bundled_templates_check_and_the_word_one_is_what_its_script_builds() -> None:
    templates = ROOT / "templates"
    assert check_template(templates / "sign-in.md.j2", "sign-in") == []
    assert check_template(templates / "sign-in.docx", "sign-in") == []
    spec = importlib.util.spec_from_file_location("make_sign_in_docx",
                                                  templates / "make_sign_in_docx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (templates / "sign-in.docx").read_bytes()
