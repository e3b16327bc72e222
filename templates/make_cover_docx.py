"""Build templates/cover.docx, vaplan's Word cover sheet (`vaplan render --kind cover -f docx`).

    python templates/make_cover_docx.py [OUT]    (default: cover.docx beside this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_checklist_docx import _page, _styles, finish, header_footer, main  # noqa: E402


def build() -> bytes:
    doc = Document()
    _page(doc)
    _styles(doc)
    header_footer(doc, "{{ community }} · Cover")
    doc.add_paragraph("{{ community }}", style="Title")
    doc.add_paragraph("As of {{ today }}", style="Subtitle")
    doc.add_paragraph("{%p if public_note %}")
    doc.add_paragraph("{{ public_note }}", style="Public Note")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for lead in leads %}")
    doc.add_paragraph("{{ lead }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ credit }}", style="Credit")
    return finish(doc, "Cover")


if __name__ == "__main__":
    sys.exit(main(build, "cover.docx"))
