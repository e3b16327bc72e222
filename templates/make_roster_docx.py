"""Build templates/roster.docx, vaplan's Word call sheet (`vaplan export roster -f docx`), from
code so it can be rebuilt.

    python templates/make_roster_docx.py [OUT]    (default: roster.docx beside this file)

A docxtpl template like checklist.docx (see make_checklist_docx.py, whose styles, table and
field helpers it shares), laid out on one landscape page: who to call for each member
organization and how, the representative first, then who stands in. A public copy shows the
organizations only, with the note that says what was left out. The same code always writes the
same bytes, so the committed file can be checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_checklist_docx import (_loop_table, _styles, finish, header_footer,  # noqa: E402
                                 landscape, main)


def build() -> bytes:
    doc = Document()
    landscape(doc)
    section = doc.sections[0]
    # every point of height goes to the rows: 25 members of two lines each fit one page
    section.top_margin, section.bottom_margin = Inches(0.4), Inches(0.35)
    section.header_distance = section.footer_distance = Inches(0.15)
    _styles(doc)
    _sheet_styles(doc)
    header_footer(doc, ("{% if not public_note %}Committee only · {% endif %}"
                  "{{ community }} · Planning committee contact list · {{ today }}"), "{{ upkeep }} · ")
    _body(doc)
    return finish(doc, "Planning committee contact list")


def _sheet_styles(doc: Document) -> None:
    """Smaller than the checklist, so fifteen or so members fit one page; phone numbers and
    emails get the widest columns, so they do not wrap where a caller reads them."""
    doc.styles["Title"].font.size = Pt(13)
    doc.styles["Title"].paragraph_format.space_after = Pt(2)
    doc.styles["Normal"].paragraph_format.space_after = Pt(2)
    doc.styles["Public Note"].paragraph_format.space_before = Pt(0)
    doc.styles["Footer"].font.size = Pt(8)
    doc.styles["Table Text"].font.size = Pt(9)
    doc.styles["Table Text"].paragraph_format.space_after = Pt(0)
    doc.styles["Table Text"].paragraph_format.space_before = Pt(0)
    # exactly 9.4 points a line, whatever the font's own line height (DejaVu Sans's is
    # larger): the same rows fit the page in any font
    doc.styles["Table Text"].paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    doc.styles["Table Text"].paragraph_format.line_spacing = Pt(9.4)
    doc.styles["Finding"].font.size = Pt(9)

    doc.styles["Finding"].paragraph_format.left_indent = Inches(0)
    doc.styles["Finding"].paragraph_format.space_after = Pt(0)


def _body(doc: Document) -> None:
    doc.add_paragraph("{{ title }}", style="Title")
    # one line under the title: who may see the list, then when it was printed
    line = doc.add_paragraph(style="Public Note")
    line.add_run("{{ notice }} ")
    line.add_run("{{ subtitle }}").italic = False
    doc.add_paragraph("{%p if not members %}")
    doc.add_paragraph("The plan lists no committee members yet.")
    doc.add_paragraph("{%p elif public_note %}")
    _loop_table(doc, ["Organization", "Role", "Disciplines", "Sector", "Level"],
                [4.1, 0.9, 3.2, 1.0, 1.0], "member in members", [
        ["{{ member.organization }}"], ["{{ member.role }}"], ["{{ member.disciplines }}"],
        ["{{ member.sector }}"], ["{{ member.level }}"]])
    doc.add_paragraph("{%p else %}")
    # The call order, who to call and the number answered at any hour first and in bold, then
    # the day number, then who stands in: the order a caller at 2 a.m. needs.
    _loop_table(doc, ["#", "Organization", "Leads", "Person to call", "Other phone or email",
                      "Alternate"],
                [0.3, 2.5, 2.3, 1.75, 1.6, 1.75], "member in members", [
        ["{{ member.call or '–' }}"],
        ["{{ member.organization }}{% if member.role %} ({{ member.role | lower }}){% endif %}"],
        ["{{ member.leads }}"],
        ["{{ member.representative.name }}",
         "{{ (member.representative.phone_24h | wrap) or 'no 24-hour number' }}"],
        ["{{ (member.representative.phone | wrap) or (member.representative.email | wrap) "
         "or '–' }}"],
        ["{{ member.alternate.name or '–' }}",
         "{% if member.alternate.phone_24h %}{{ member.alternate.phone_24h | wrap }}{% else %}"
         "{{ member.alternate.phone | wrap }}{% endif %}"]])
    _bold_first_runs(doc, 3)
    _bold_first_runs(doc, 5)
    _narrow_cell_margins(doc)
    doc.add_paragraph("{%p endif %}")
    # The credit to the OVC toolkit is in the footer: the sheet must stay one page.


def _narrow_cell_margins(doc: Document) -> None:
    """Cell margins of 0.03 inch instead of Word's 0.08: the width goes to the names and
    numbers, so fewer rows wrap and 25 members fit the page."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "43")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = doc.tables[-1]._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # the schema puts the margins before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _bold_first_runs(doc: Document, index: int) -> None:
    """The person to call and their 24-hour number stand out: they are the first call."""
    row = doc.tables[-1].rows[2]
    for paragraph in row.cells[index].paragraphs:
        for run in paragraph.runs:
            run.bold = True


if __name__ == "__main__":
    sys.exit(main(build, "roster.docx"))
