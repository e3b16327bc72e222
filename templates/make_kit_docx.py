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


GAP = ("", "⚠ {{ gap }}", "")


def _body(doc: Document) -> None:
    doc.add_paragraph("{{ title }}: {{ community }}", style="Title")
    doc.add_paragraph("{% if jurisdiction %}{{ jurisdiction }} · {% endif %}from the plan as of "
                      "{{ today }}")
    doc.add_paragraph("{%p if public_note %}")
    doc.add_paragraph("{{ public_note }}", style="Public Note")
    doc.add_paragraph("{%p endif %}")
    _first_hour(doc)
    _call_down(doc)
    _who_leads_what(doc)
    _call_tree(doc)
    _protocols(doc)
    doc.add_paragraph("Appendix: the items, their sources and confidence", style="Heading 1")
    doc.add_paragraph("{{ read_in_part }}", style="Lead In")
    doc.add_paragraph("{%p if items %}")
    _loop_table(doc, ["Protocol", "What to do", "Source", "Confidence"], [1.2, 3.0, 1.5, 1.3],
                "entry in items", [
        ["{{ entry.protocol }}"], ["{{ entry.text }}"], ["{{ entry.sources }}"],
        ["{{ entry.confidence }}", ("{{ entry.confidence_note }}", "Finding")]])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if first_hour %}")
    doc.add_paragraph("The first hour's actions, by their sources: {% for action in first_hour %}"
                      "{{ action.step }}. {{ action.sources }}{% if not loop.last %}; {% endif %}"
                      "{% endfor %}.")
    doc.add_paragraph("{%p endif %}")
    _keeper(doc)


def _first_hour(doc: Document) -> None:
    """Page 1, first: what to do in the first hour, in order, who does it and how to reach
    them; what would stop an action printed loud beside it."""
    doc.add_paragraph("{%p if first_hour %}")
    doc.add_paragraph("The first hour", style="Heading 1")
    what = ["{{ action.text }}", ("{% if action.where %}At: {{ action.where }}{% endif %}",
                                 "Finding")]
    doc.add_paragraph("{%p if public_note %}")
    _loop_table(doc, ["#", "Do this", "Who"], [0.35, 4.0, 2.65], "action in first_hour", [
        ["{{ action.step }}"], what, ["{{ action.owner }}"]])
    doc.add_paragraph("{%p else %}")
    _loop_table(doc, ["#", "Do this", "Who", "How to reach them"], [0.35, 2.75, 1.9, 2.0],
                "action in first_hour", [
        ["{{ action.step }}"], what, ["{{ action.owner }}"],
        # the gap stands in the first line when there is no one to reach: no blank line
        [("{{ action.contact | wrap }}",
          "{% if action.gap and not action.contact %}⚠ {{ action.gap }}{% endif %}", ""),
         "{%p if action.gap and action.contact %}", ("", "⚠ {{ action.gap }}", ""),
         "{%p endif %}"]])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ first_hour_note }}", style="Finding")
    doc.add_paragraph("{%p endif %}")


def _call_down(doc: Document) -> None:
    doc.add_paragraph('{%p if phase == "response" %}')
    doc.add_paragraph("Start the call-down", style="Heading 1")
    trigger = doc.add_paragraph()
    trigger.add_run("What starts it: ").bold = True
    trigger.add_run("{% if trigger %}{{ trigger }}{% else %}the plan does not say; start when "
                    "incident command reports a mass violence incident.{% endif %}")
    starter = doc.add_paragraph()
    starter.add_run("Who starts it: ").bold = True
    # a public copy never says the plan names no one, nor that someone is named when no one is
    starter.add_run("{% if activator %}{{ activator }}{% elif public_note %}set by the "
                    "committee.{% endif %}")
    starter.add_run("{% if not activator and not public_note %}⚠ the plan names no one to call "
                    "first: the call tree has no starting point.{% endif %}").bold = True
    doc.add_paragraph("{%p endif %}")


def _who_leads_what(doc: Document) -> None:
    doc.add_paragraph("{%p if glance %}")
    glance = doc.add_paragraph(style="Lead In")
    glance.add_run("Who leads what: ").bold = True
    glance.add_run('each lead starts its protocol; the details follow{% if phase == "response" %}'
                   " the call-down{% endif %}.")
    doc.add_paragraph("{%p if public_note %}")
    _loop_table(doc, ["Protocol", "Lead agency"], [2.5, 4.5],
                "protocol in glance if protocol.lead", [
        ["{{ protocol.title }}"], ["{{ protocol.lead }}"]])
    doc.add_paragraph("{%p else %}")
    _loop_table(doc, ["Protocol", "Lead agency", "Person to call", "Alternate"],
                [1.45, 1.85, 2.0, 1.7], "protocol in glance", [
        ["{{ protocol.title }}"], ["{{ protocol.lead }}"],
        [("{{ protocol.lead_contact | wrap }}",
          "{% if protocol.gaps and not protocol.lead_contact %}⚠ {{ protocol.gaps[0] }}"
          "{% endif %}", ""),
         "{%p for gap in (protocol.gaps if protocol.lead_contact else protocol.gaps[1:]) %}",
         GAP, "{%p endfor %}"],
        ["{{ protocol.alternate_contact | wrap }}"]])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")


def _call_tree(doc: Document) -> None:
    doc.add_paragraph("{%p if calls and public_note %}")
    doc.add_paragraph("The call-down, in order; each organization then calls those in the last "
                      "column.", style="Lead In")
    _loop_table(doc, ["#", "Organization", "Leads", "Then calls"], [0.35, 2.4, 2.0, 2.25],
                "call in calls", [
        ["{{ call.step }}"], ["{{ call.organization }}"], ["{{ call.leads }}"],
        ["{{ call.calls }}"]])
    doc.add_paragraph("{%p elif calls %}")
    doc.add_paragraph("Call in this order. Try the 24-hour number first; when no one answers, "
                      "call the alternate. Each person then calls the organizations in the last "
                      "column.", style="Lead In")
    _loop_table(doc, ["#", "Organization", "Person to call", "Alternate", "Then calls"],
                [0.35, 1.9, 1.75, 1.5, 1.5], "call in calls", [
        ["{{ call.step }}"],
        ["{{ call.organization }}", ("{% if call.caller %}called by {{ call.caller }}"
                                     "{% else %}called first{% endif %}", "Finding"),
         ("{% if call.leads %}leads {{ call.leads }}{% endif %}", "Finding")],
        ["{{ call.person.text | wrap }}"],
        ["{% if call.alternate %}{{ call.alternate.text | wrap }}{% else %}none named{% endif %}"],
        ["{{ call.calls }}"]])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if languages %}")
    doc.add_paragraph().add_run(
        "Languages residents speak at home, and who on the plan speaks each:").bold = True
    bullets(doc, "languages")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if call_gaps %}")
    gaps = doc.add_paragraph()
    gaps.add_run("Gaps in the call tree:").bold = True
    doc.add_paragraph("{%p for line in call_gaps %}")
    doc.add_paragraph(style="List Bullet").add_run("⚠ {{ line }}").bold = True
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


def _protocols(doc: Document) -> None:
    doc.add_paragraph('Who does what{% if phase == "response" %} in the first hours{% else %} '
                      "in recovery{% endif %}", style="Heading 1")
    doc.add_paragraph("{%p for protocol in protocols %}")
    doc.add_paragraph("{{ protocol.title }}", style="Heading 2")
    doc.add_paragraph("{%p if protocol.lead or not public_note %}")
    _labelled(doc, "Leads: ", "{% if protocol.lead %}{{ protocol.lead }}{% else %}none named"
              "{% endif %}{% if protocol.lead_contact %} ({{ protocol.lead_contact }}){% endif %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if protocol.alternate_contact %}")
    _labelled(doc, "Alternate: ", "{{ protocol.alternate_contact }}")
    doc.add_paragraph("{%p endif %}")
    _labelled(doc, "Supports: ", "{% if protocol.support %}{{ protocol.support }}{% else %}no "
              "support agency named{% endif %}")
    doc.add_paragraph("{%p for gap in protocol.gaps %}")
    doc.add_paragraph(style="List Bullet").add_run("⚠ {{ gap }}").bold = True
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if protocol.responsibilities %}")
    doc.add_paragraph().add_run("What the plan asks of the lead:").bold = True
    bullets(doc, "protocol.responsibilities")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if protocol.written %}")
    _labelled(doc, "Where it is written: ", "{{ protocol.written }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for site in protocol.sites %}")
    _labelled(doc, "Site: ", "{{ site }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for agreement in protocol.agreements %}")
    _labelled(doc, "Agreement: ", "{{ agreement }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for line in protocol.funding %}")
    _labelled(doc, "Funding: ", "{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for entry in protocol.entries %}")
    doc.add_paragraph("☐ {{ entry.text }}")
    doc.add_paragraph("{%p for note in entry.notes %}")
    doc.add_paragraph("{{ note }}: ________________________________________", style="Note Blank")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Nothing in this kit applies to the plan.")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if optional_out %}")
    doc.add_paragraph("Optional protocols that are not part of this plan: {{ optional_out }}.")
    doc.add_paragraph("{%p endif %}")


def _labelled(doc: Document, label: str, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(text)


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
