"""Build templates/sign-in.docx, vaplan's Word sign-in sheet for a committee meeting
(`vaplan render --kind sign-in -f docx`), from code so it can be rebuilt.

    python templates/make_sign_in_docx.py [OUT]    (default: sign-in.docx beside this)

A docxtpl template like checklist.docx (see make_checklist_docx.py, whose styles, table, header
and footer helpers it shares): one row per member organization with its representative and
alternate and a tall empty cell to sign in, then blank rows for guests. The same code always
writes the same bytes, so the committed file can be checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.shared import Inches

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_checklist_docx import (_loop_table, _page, _styles, finish,  # noqa: E402
                                 header_footer, main)

#: The height of a row to sign in.
ROW = Inches(0.42)


def build() -> bytes:
    doc = Document()
    _page(doc)
    _styles(doc)
    header_footer(doc, "{{ community }} · Sign-in sheet")
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{{ community }}", style="Subtitle")
    doc.add_paragraph("Meeting: {% if meeting %}{{ meeting }}{% else %}date __________ "
                      "place ______________________________{% endif %}")
    doc.add_paragraph("{%p if public_note %}")
    doc.add_paragraph("{{ public_note }}", style="Public Note")
    doc.add_paragraph("{%p endif %}")
    _loop_table(doc, ["Organization", "Representative", "Alternate", "Signature"],
                [2.3, 1.5, 1.4, 1.8], "row in rows",
                [["{{ row.organization }}{% if row.role %} ({{ row.role }}){% endif %}"],
                 ["{{ row.representative }}"], ["{{ row.alternate }}"], [""]])
    doc.tables[-1].rows[2].height = ROW
    doc.add_paragraph("Guests and anyone not on the list", style="Lead In")
    _loop_table(doc, ["Name", "Organization", "Signature"], [2.3, 2.9, 1.8],
                "blank in blanks", [["{{ blank }}"], [""], [""]])
    doc.tables[-1].rows[2].height = ROW
    doc.add_paragraph("{{ credit }}", style="Credit")
    return finish(doc, "Sign-in sheet")


if __name__ == "__main__":
    sys.exit(main(build, "sign-in.docx"))
