"""Build templates/kit.docx, vaplan's Word incident-day kits (response and recovery), from code
so it can be rebuilt.

    python templates/make_kit_docx.py [OUT]    (default: kit.docx beside this file)

A docxtpl template like checklist.docx (see make_checklist_docx.py, whose page, styles and
table helpers it shares). Its first page is what a duty officer who has never seen the plan needs
at 3 a.m.: what starts the call-down and whom to call, in order, with 24-hour numbers and
alternates; then who leads and supports each protocol and what the kit asks of them, with blank
lines for the incident's own notes; then every item with its source and confidence. The same
code always writes the same bytes, so the committed file can be checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Inches, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_checklist_docx import (_loop_table, _page, _styles, finish, bullets,  # noqa: E402
                                 header_footer, main)


def build() -> bytes:
    doc = Document()
    _page(doc)
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Inches(0.7), Inches(0.6)
    section.header_distance = section.footer_distance = Inches(0.3)
    _styles(doc)
    blank = doc.styles.add_style("Note Blank", WD_STYLE_TYPE.PARAGRAPH)
    blank.base_style = doc.styles["Normal"]
    blank.paragraph_format.left_indent = Inches(0.3)
    blank.paragraph_format.space_after = Pt(6)
    header_footer(doc, "{{ community }} · {{ title }} · from the plan as of {{ today }}")
    _body(doc)
    return finish(doc, "Incident-day kit")


def _body(doc: Document) -> None:
    doc.add_paragraph("{{ title }}: {{ community }}", style="Title")
    doc.add_paragraph("{% if jurisdiction %}{{ jurisdiction }} · {% endif %}from the plan as of "
                      "{{ today }}")
    doc.add_paragraph("{%p if public_note %}")
    doc.add_paragraph("{{ public_note }}", style="Public Note")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("Start the call-down", style="Heading 1")
    trigger = doc.add_paragraph()
    trigger.add_run("What starts it: ").bold = True
    trigger.add_run("{% if trigger %}{{ trigger }}{% else %}the plan does not say; start when "
                    "incident command reports a mass violence incident.{% endif %}")
    doc.add_paragraph("{%p if protocols %}")
    glance = doc.add_paragraph(style="Lead In")
    glance.add_run("Who leads what: ").bold = True
    glance.add_run("each lead starts its protocol; the details follow the call-down.")
    _loop_table(doc, ["Protocol", "Lead agency", "Person to call"], [1.9, 2.6, 2.5],
                "protocol in protocols", [
        ["{{ protocol.title }}"], ["{{ protocol.lead }}"],
        ["{% if protocol.lead_contact %}{{ protocol.lead_contact | wrap }}{% else %}none named"
         "{% endif %}"]])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if calls %}")
    doc.add_paragraph("Call in this order. Try the 24-hour number first; when no one answers, "
                      "call the alternate. Each person then calls the organizations in the last "
                      "column.", style="Lead In")
    _loop_table(doc, ["#", "Organization", "Person to call", "Alternate", "Then calls"],
                [0.35, 1.9, 1.75, 1.5, 1.5], "call in calls", [
        ["{{ call.step }}"],
        ["{{ call.organization }}", ("{% if call.caller %}called by {{ call.caller }}"
                                     "{% else %}called first{% endif %}", "Finding")],
        ["{{ call.person.text | wrap }}"],
        ["{% if call.alternate %}{{ call.alternate.text | wrap }}{% else %}none named{% endif %}"],
        ["{{ call.calls }}"]])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if call_gaps %}")
    gaps = doc.add_paragraph()
    gaps.add_run("Gaps in the call tree:").bold = True
    bullets(doc, "call_gaps")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph('Who does what{% if phase == "response" %} in the first hours{% else %} '
                      "in recovery{% endif %}", style="Heading 1")
    doc.add_paragraph("{%p for protocol in protocols %}")
    doc.add_paragraph("{{ protocol.title }}", style="Heading 2")
    lead = doc.add_paragraph()
    lead.add_run("Leads: ").bold = True
    lead.add_run("{{ protocol.lead }}{% if protocol.lead_contact %} "
                 "({{ protocol.lead_contact }}){% endif %}")
    support = doc.add_paragraph()
    support.add_run("Supports: ").bold = True
    support.add_run("{% if protocol.support %}{{ protocol.support }}{% else %}no support agency "
                    "named{% endif %}")
    doc.add_paragraph("{%p for entry in protocol.entries %}")
    doc.add_paragraph("☐ {{ entry.text }}")
    doc.add_paragraph("{%p for note in entry.notes %}")
    doc.add_paragraph("{{ note }}: ________________________________________", style="Note Blank")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Nothing in this kit applies to the plan.")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("The items, their sources and confidence", style="Heading 1")
    doc.add_paragraph("{{ read_in_part }}", style="Lead In")
    doc.add_paragraph("{%p if items %}")
    _loop_table(doc, ["Protocol", "What to do", "Source", "Confidence"], [1.2, 3.0, 1.5, 1.3],
                "entry in items", [
        ["{{ entry.protocol }}"], ["{{ entry.text }}"], ["{{ entry.sources }}"],
        ["{{ entry.confidence }}", ("{{ entry.confidence_note }}", "Finding")]])
    doc.add_paragraph("{%p endif %}")
    _keeper(doc)


def _keeper(doc: Document) -> None:
    """The closing part, as every document has it: ids and file positions for the plan's
    keeper only, never in a public copy; then the credit."""
    doc.add_paragraph("{%p if public_note %}")
    doc.add_paragraph("{%p if problem_count %}")
    doc.add_paragraph("Problems in the plan files", style="Heading 1")
    doc.add_paragraph("The plan files have {{ problem_count }} problem"
                      "{{ '' if problem_count == 1 else 's' }} to fix; the plan's keeper has "
                      "the details.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("For the plan's keeper", style="Heading 1")
    doc.add_paragraph("Adaptations in this kit, by item id: {{ adaptations }}.")
    doc.add_paragraph("{%p if tailored_out %}")
    doc.add_paragraph("Tailored out in checklist.yaml (vaplan tailor ITEM):")
    bullets(doc, "tailored_out")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if problems %}")
    doc.add_paragraph("Problems in the plan files", style="Heading 2")
    bullets(doc, "problems")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ credit }}", style="Credit")


if __name__ == "__main__":
    sys.exit(main(build, "kit.docx"))
