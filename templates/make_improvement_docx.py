"""Build templates/improvement.docx, vaplan's Word improvement plan (`vaplan export
improvement-plan -f docx`), from code so it can be rebuilt.

    python templates/make_improvement_docx.py [OUT]    (default: improvement.docx beside this)

A docxtpl template like checklist.docx (see make_checklist_docx.py, whose styles, table, header
and footer helpers it shares), on landscape pages: FEMA HSEEP's improvement plan matrix, one row
per corrective action, an overdue row shaded and its status in bold. A public copy has no
contact column and says what was left out. The same code always writes the same bytes, so the
committed file can be checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_checklist_docx import (_loop_table, _styles, finish, header_footer,  # noqa: E402
                                 landscape, main)

#: (heading, width in inches, cell text) of the matrix's columns; the contact's is left out of
#: a public copy, and its width goes to the issue and the action.
COLUMNS = [("Protocol", 1.1, "{{ row.protocol or '–' }}"),
           ("Issue (area for improvement)", 1.3, "{{ row.issue }}"),
           ("Corrective action", 1.35, "{{ row.action }}"),
           ("Element", 0.85, "{{ row.element or '–' }}"),
           ("Responsible organization", 1.1, "{{ row.organization }}"),
           ("Contact", 0.8, "{{ row.contact or '–' }}"),
           ("Start, due", 0.9, "{{ row.start or '–' }} to {{ row.due or '–' }}"),
           ("Status", 0.8, ""),
           ("Completed", 0.75, "{{ row.completed or '–' }}"),
           ("Source exercise; validated by", 1.05,
            "{{ row.source or '–' }}{% if row.validated_by %}; validated by "
            "{{ row.validated_by }}{% endif %}")]


def build() -> bytes:
    doc = Document()
    landscape(doc)
    _styles(doc)
    _matrix_styles(doc)
    header_footer(doc, "{{ community }} · Improvement plan · {{ today }}",
                  "Overdue rows are shaded and marked ⚠ · ")
    _body(doc)
    return finish(doc, "Improvement plan")


def _matrix_styles(doc: Document) -> None:
    doc.styles["Title"].font.size = Pt(16)
    doc.styles["Title"].paragraph_format.space_after = Pt(2)
    doc.styles["Normal"].paragraph_format.space_after = Pt(3)
    doc.styles["Footer"].font.size = Pt(9)
    doc.styles["Table Text"].font.size = Pt(9)
    doc.styles["Table Text"].paragraph_format.space_after = Pt(0)


def _body(doc: Document) -> None:
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{{ subtitle }}")
    doc.add_paragraph("{%p if public_note %}")
    doc.add_paragraph("{{ public_note }}", style="Public Note")
    doc.add_paragraph("{%p endif %}")
    summary = doc.add_paragraph()
    summary.add_run("{{ summary }}").bold = True
    doc.add_paragraph("{%p if reports_owed %}")
    doc.add_paragraph("After-action reports still owed:")
    doc.add_paragraph("{%p for report in reports_owed %}")
    doc.add_paragraph("{{ report }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if rows and public_note %}")
    _matrix(doc, public=True)
    doc.add_paragraph("{%p elif rows %}")
    _matrix(doc, public=False)
    doc.add_paragraph("{%p endif %}")


def _matrix(doc: Document, public: bool) -> None:
    columns = [c for c in COLUMNS if not (public and c[0] == "Contact")]
    widths = [w for _, w, _ in columns]
    if public:  # the contact's width goes to the two longest texts
        widths[1] += 0.45
        widths[2] += 0.45
    # {% cellbg %} (docxtpl) shades each cell of the row: light red when the action is overdue.
    _loop_table(doc, [h for h, _, _ in columns], widths, "row in rows",
                [["{% cellbg row.fill %}" + text] for _, _, text in columns])
    index = [h for h, _, _ in columns].index("Status")
    status = doc.tables[-1].rows[2].cells[index].paragraphs[0]
    status.text = "{% cellbg row.fill %}"
    # The bold run sits between the tags, so only an overdue status is bold (as in the packet).
    status.add_run("{% if not row.overdue %}{{ row.status }}{% else %}")
    status.add_run("{{ row.mark }} {{ row.status }}").bold = True
    status.add_run("{% endif %}")


if __name__ == "__main__":
    sys.exit(main(build, "improvement.docx"))
