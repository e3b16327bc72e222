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
from docx.shared import Inches, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_checklist_docx import (_loop_table, _styles, finish, header_footer,  # noqa: E402
                                 landscape, main)


def build() -> bytes:
    doc = Document()
    landscape(doc)
    _styles(doc)
    _sheet_styles(doc)
    header_footer(doc, ("{% if not public_note %}Committee only · {% endif %}"
                  "{{ community }} · Planning committee contact list · {{ today }}"), "{{ upkeep }} · ")
    _body(doc)
    return finish(doc, "Planning committee contact list")


def _sheet_styles(doc: Document) -> None:
    """Smaller than the checklist, so fifteen or so members fit one page; phone numbers and
    emails get the widest columns, so they do not wrap where a caller reads them."""
    doc.styles["Title"].font.size = Pt(15)
    doc.styles["Title"].paragraph_format.space_after = Pt(2)
    doc.styles["Normal"].paragraph_format.space_after = Pt(2)
    doc.styles["Public Note"].paragraph_format.space_before = Pt(0)
    doc.styles["Footer"].font.size = Pt(8)
    doc.styles["Table Text"].font.size = Pt(8)
    doc.styles["Table Text"].paragraph_format.space_after = Pt(0)
    doc.styles["Finding"].font.size = Pt(7.5)

    doc.styles["Finding"].paragraph_format.left_indent = Inches(0)
    doc.styles["Finding"].paragraph_format.space_after = Pt(0)


def _body(doc: Document) -> None:
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{{ subtitle }}")
    doc.add_paragraph("{{ notice }}", style="Public Note")
    doc.add_paragraph("{%p if not members %}")
    doc.add_paragraph("The plan lists no committee members yet.")
    doc.add_paragraph("{%p elif public_note %}")
    _loop_table(doc, ["Organization", "Role", "Disciplines", "Sector", "Level"],
                [4.1, 0.9, 3.2, 1.0, 1.0], "member in members", [
        ["{{ member.organization }}"], ["{{ member.role }}"], ["{{ member.disciplines }}"],
        ["{{ member.sector }}"], ["{{ member.level }}"]])
    doc.add_paragraph("{%p else %}")
    # The call order, who to call, how to reach them at any hour, and who stands in: the
    # order a caller needs.
    _loop_table(doc, ["Call", "Organization", "Role", "Representative", "Phone", "Email",
                      "Alternate", "Alternate's phone"],
                [0.4, 2.1, 0.6, 1.5, 1.3, 1.95, 1.15, 1.2], "member in members", [
        ["{{ member.call or '–' }}"],
        ["{{ member.organization }}", ("{% if member.called_by %}called by "
                                       "{{ member.called_by }}{% else %}"
                                       "{{ member.disciplines }}{% endif %}", "Finding")],
        ["{{ member.role }}"],
        ["{{ member.representative.name }}", ("{{ member.representative.title }}", "Finding")],
        ["{% if member.representative.phone_24h %}24 h {{ member.representative.phone_24h | wrap }}"
         "{% else %}{{ (member.representative.phone | wrap) or '–' }}{% endif %}",
         ("{% if member.representative.phone_24h %}{{ member.representative.phone | wrap }}"
          "{% endif %}", "Finding")],
        ["{{ (member.representative.email | wrap) or '–' }}"],
        ["{{ member.alternate.name or '–' }}", ("{{ member.alternate.title }}", "Finding")],
        ["{% if member.alternate.phone_24h %}24 h {{ member.alternate.phone_24h | wrap }}"
         "{% else %}{{ (member.alternate.phone | wrap) or '–' }}{% endif %}",
         ("{% if member.alternate.phone_24h %}{{ member.alternate.phone | wrap }}{% endif %}",
          "Finding")]])
    _bold_column(doc, 3)
    doc.add_paragraph("{%p endif %}")
    # The credit to the OVC toolkit is in the footer: the sheet must stay one page.


def _bold_column(doc: Document, index: int) -> None:
    """The representative's name stands out: it is the first call."""
    row = doc.tables[-1].rows[2]
    for run in row.cells[index].paragraphs[0].runs:
        run.bold = True


if __name__ == "__main__":
    sys.exit(main(build, "roster.docx"))
