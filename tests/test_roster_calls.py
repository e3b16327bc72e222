"""The roster and call sheet show the call order, 24-hour numbers and alternates of the call tree
(committee.yaml `activation`), and a public copy shows none of the numbers."""

from __future__ import annotations

import csv
import io

import vobject
from docx import Document

from conftest import PIMA, TODAY
from vaplan.check.checker import check_plan
from vaplan.checklist.roster import build_roster
from vaplan.export.roster_formats import to_csv, to_vcf
from vaplan.export.roster_sheet import to_docx, to_markdown


def _roster(public: bool = False):
    result = check_plan(PIMA, TODAY)
    return build_roster(result, TODAY,
                        public=public)


def test_entries_carry_their_place_in_the_call_down() -> None:
    entries = {e.id: e for e in _roster().entries}
    assert entries["pima-oem"].call == 1 and entries["pima-oem"].called_by == ""
    assert entries["pima-attorney-vs"].call == 2
    assert entries["pima-attorney-vs"].called_by == "Pima County Office of Emergency Management"
    assert sorted(e.call for e in entries.values()) == list(range(1, 16))


def test_csv_has_call_order_and_24_hour_numbers_for_both_people() -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(to_csv(_roster()).lstrip("\ufeff")))}
    oem = rows["pima-oem"]
    assert oem["call_order"] == "1"
    assert oem["representative_phone_24h"] == "+1 520-555-0203"
    assert oem["alternate_name"] == "Rosa Lindqvist"
    assert oem["alternate_phone_24h"] == "+1 520-555-0403"
    assert rows["tucson-medical"]["called_by"] == "Tucson Police Department"


def test_vcard_lists_the_24_hour_number_as_preferred() -> None:
    cards = [c for c in vobject.readComponents(to_vcf(_roster())) if c.fn.value == "Rosa Lindqvist"]
    tels = {t.value: t.params.get("TYPE", []) for t in cards[0].contents["tel"]}
    assert "PREF" in tels["+1 520-555-0403"] and "PREF" not in tels["+1 520-555-0303"]


def test_call_sheets_show_the_order_and_the_24_hour_numbers() -> None:
    text = to_markdown(_roster())
    row = next(line for line in text.splitlines() if "| Pima County Office of Emergency" in line)
    assert row.startswith("| 1 | Pima County Office of Emergency Management |")
    assert "(520) 555-0203" in row and "(520) 555-0403" in row
    table = Document(io.BytesIO(to_docx(_roster()))).tables[0]
    oem = next(r for r in table.rows if r.cells[1].text.startswith("Pima County Office of Em"))
    assert oem.cells[0].text == "1"
    for cell, number in ((oem.cells[3], "Daniel Whitfield\n(520) 555-0203"),
                         (oem.cells[5], "Rosa Lindqvist\n(520) 555-0403")):
        assert cell.text.replace("\xa0", " ").replace("\u2011", "-") == number
        assert all(run.bold for p in cell.paragraphs for run in p.runs)


def test_public_roster_keeps_the_order_and_leaves_out_every_number() -> None:
    roster = _roster(public=True)
    text = to_markdown(roster) + to_csv(roster)
    assert "555" not in text and "Lindqvist" not in text
    assert "| 1 | Pima County Office of Emergency Management |" in text


def test_a_dash_in_the_call_column_is_explained_on_the_sheet() -> None:
    """Orlando's call sheet had a dash for every member and Riverside's for five, with no word
    of what a dash means: the line under the title now says it, once, in both formats."""
    from conftest import EXAMPLES, RIVERSIDE

    def said(plan: object, public: bool = False) -> tuple[str, str]:
        roster = build_roster(check_plan(plan, TODAY), TODAY, public=public)
        words = [p.text for p in Document(io.BytesIO(to_docx(roster))).paragraphs]
        return to_markdown(roster).splitlines()[2], " ".join(words)

    markdown, word = said(RIVERSIDE)
    note = "A dash instead of a call number: the call tree does not reach that member"
    assert note in markdown and note in word
    markdown, word = said(EXAMPLES / "orlando-florida")
    note = "The plan has no call tree yet: call each member directly."
    assert note in markdown and note in word
    for markdown, word in (said(PIMA), said(RIVERSIDE, public=True)):
        assert "call tree" not in markdown and "call tree" not in word
