"""Build templates/packet.docx, vaplan's Word meeting packet, from code so it can be rebuilt.

    python templates/make_packet_docx.py [OUT]    (default: packet.docx beside this file)

A docxtpl template like checklist.docx (see make_checklist_docx.py, whose page, styles and
table helpers it shares), laid out to print on one or two pages: the agenda first, then one
short part per agenda item that the plan can speak to. The same code always writes the same
bytes, so the committed file can be checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt
from docx.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_checklist_docx import (AGREEMENT_STATE, _loop_table, _page, _styles, finish,  # noqa: E402
                                 header_footer, keeper_part, main)

#: (title, list in `changes`) in the order the packet shows them
GROUPS = (("Agreements signed", "agreements_signed"),
          ("Agreements renewed", "agreements_renewed"),
          ("Agreements expired", "agreements_expired"),
          ("Protocols written down", "protocols_written"),
          ("Checklist items confirmed", "confirmed"), ("Members added", "members_added"),
          ("Members removed", "members_removed"), ("Gaps opened", "gaps_opened"),
          ("Gaps closed", "gaps_closed"))


def build() -> bytes:
    doc = Document()
    _page(doc)
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Inches(0.75), Inches(0.6)
    section.header_distance = section.footer_distance = Inches(0.3)
    _styles(doc)
    _packet_styles(doc)
    header_footer(doc, "{{ community }} · Planning committee meeting packet · {{ today }}")
    _body(doc)
    return finish(doc, "Planning committee meeting packet")


def _packet_styles(doc: Document) -> None:
    """Tighter than the checklist, so a packet stays on one or two pages."""
    doc.styles["Title"].font.size = Pt(16)
    doc.styles["Title"].paragraph_format.space_after = Pt(2)
    doc.styles["Subtitle"].paragraph_format.space_after = Pt(2)
    doc.styles["Heading 1"].font.size = Pt(12.5)
    doc.styles["Normal"].paragraph_format.space_after = Pt(3)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(7)
    doc.styles["Heading 1"].paragraph_format.space_after = Pt(3)
    doc.styles["Heading 2"].font.size = Pt(10)
    doc.styles["Heading 2"].paragraph_format.space_before = Pt(4)
    doc.styles["Heading 2"].paragraph_format.space_after = Pt(1)
    doc.styles["Heading 2"].paragraph_format.keep_with_next = True
    for name in ("List Bullet", "List Number"):
        doc.styles[name].paragraph_format.space_after = Pt(1)


def _body(doc: Document) -> None:
    doc.add_paragraph("Planning committee meeting packet", style="Title")
    doc.add_paragraph("{{ community }}", style="Subtitle")
    doc.add_paragraph(
        "{% if jurisdiction %}{{ jurisdiction }} · {% endif %}"
        "{% if plan_version %}plan version {{ plan_version }} · {% endif %}packet of {{ today }}")
    doc.add_paragraph("{%p if public_note %}")
    doc.add_paragraph("{{ public_note }}", style="Public Note")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("Agenda", style="Heading 1")
    doc.add_paragraph("{%p for entry in agenda %}")
    entry = doc.add_paragraph()
    entry.paragraph_format.left_indent = Inches(0.25)
    entry.paragraph_format.first_line_indent = Inches(-0.25)
    entry.paragraph_format.space_after = Pt(2)
    entry.add_run("{{ entry.number }}.\t{{ entry.title }}").bold = True
    entry.add_run(": {{ entry.note }}")
    entry.paragraph_format.tab_stops.add_tab_stop(Inches(0.25))
    doc.add_paragraph("{%p endfor %}")

    _changes(doc)
    _meetings(doc)

    doc.add_paragraph("Readiness by section", style="Heading 1")
    readiness = doc.add_paragraph(style="Lead In")
    readiness.add_run("Readiness: ").bold = True
    readiness.add_run(
        "{% if score.percent is none %}no applicable items{% else %}{{ score.percent }}%, with "
        "{{ score.ready }} of {{ score.applicable }} applicable items met, confirmed or waived"
        "{% endif %}")
    doc.add_paragraph("{%p if progress %}")
    progress = doc.add_paragraph()
    progress.add_run("Progress: ").bold = True
    progress.add_run("{{ progress }}")
    doc.add_paragraph("{%p endif %}")
    _loop_table(doc, ["Section", "Ready", "Still open", "Readiness"], [4.3, 0.9, 0.9, 0.9],
                "section in sections", [
        ["{{ section.title }}"],
        ["{{ section.score.ready }} of {{ section.score.applicable }}"],
        ["{{ section.score.applicable - section.score.ready }}"],
        ["{% if section.score.percent is none %}–{% else %}{{ section.score.percent }}%"
         "{% endif %}"]])
    _align_right(doc.tables[-1], (1, 2, 3))

    doc.add_paragraph("Open resource gaps", style="Heading 1")
    doc.add_paragraph("{%p if gaps %}")
    _loop_table(doc, ["Need", "Owner", "Status", "Raised", "Open for"],
                [2.45, 1.9, 0.85, 0.9, 0.9], "gap in gaps", [
        ["{{ gap.need }}"], ["{{ gap.owner }}"], ["{{ gap.status }}"], ["{{ gap.raised }}"],
        ["{{ gap.age or '–' }}"]])
    _align_right(doc.tables[-1], (4,))
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No open resource gaps.")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("Agreements expired or expiring", style="Heading 1")
    doc.add_paragraph("{%p if agreements %}")
    _loop_table(doc, ["Agreement", "Parties", "Expires", "Status"], [2.3, 2.4, 0.9, 1.4],
                "agreement in agreements", [
        ["{{ agreement.type }}: {{ agreement.title }}"], ["{{ agreement.parties }}"],
        ["{{ agreement.expires }}"], AGREEMENT_STATE])
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No agreement has expired or expires within {{ horizon }} days.")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("Reviews due", style="Heading 1")
    doc.add_paragraph("{%p for review in reviews %}")
    review = doc.add_paragraph(style="List Bullet")
    review.add_run("{{ review.what }}: {% if review.last %}last {{ review.last }}, due "
                   "{{ review.due }}: {% endif %}"
                   "{% if review.state == 'not due' %}{{ review.when }}{% else %}")
    review.add_run("{{ review.when }}").bold = True  # overdue or due soon
    review.add_run("{% endif %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No reviews are recorded in the plan.")
    doc.add_paragraph("{%p endfor %}")

    _exercises(doc)
    doc.add_paragraph("{%p if next_meeting %}")  # else the agenda asks for it
    doc.add_paragraph("Next meeting", style="Heading 1")
    doc.add_paragraph("{{ next_meeting }}.")
    doc.add_paragraph("{%p endif %}")
    keeper_part(doc, _keeper)


def _keeper(doc: Document) -> None:
    doc.add_paragraph("{%p if changes is none %}")
    doc.add_paragraph("To list what changed, render the packet with --since and the date of the "
                      "last meeting (YYYY-MM-DD), or a git revision of the plan (a commit, tag or "
                      "branch).")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if exercises.open %}")
    doc.add_paragraph("Open corrective actions", style="Heading 2")
    doc.add_paragraph("Record progress with vaplan action start ID and vaplan action done ID:",
                      style="Lead In")
    doc.add_paragraph("{%p for action in exercises.open %}")
    doc.add_paragraph("{{ action.id }}: {{ action.action }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


def _align_right(table: Table, columns: tuple[int, ...]) -> None:
    """Numbers line up on the right, in the heading too."""
    for row in table.rows:
        for index in columns:
            for paragraph in row.cells[index].paragraphs:
                if not paragraph.text.startswith("{%tr"):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _meetings(doc: Document) -> None:
    """The last meeting's attendance, minutes and decisions, and the items open with who does
    them by when."""
    doc.add_paragraph("{%p if last_meeting %}")
    doc.add_paragraph("The last meeting: {{ last_meeting.day }}{% if last_meeting.place %}, "
                      "{{ last_meeting.place }}{% endif %}", style="Heading 1")
    doc.add_paragraph("Attended: {{ last_meeting.attendees or 'not recorded' }}.")
    doc.add_paragraph("{%p if last_meeting.minutes %}")
    doc.add_paragraph("Minutes: {{ last_meeting.minutes }}.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if last_meeting.decisions %}")
    doc.add_paragraph("Decisions", style="Heading 2")
    doc.add_paragraph("{%p for decision in last_meeting.decisions %}")
    doc.add_paragraph("{{ decision }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if open_items %}")
    doc.add_paragraph("Open items", style="Heading 1")
    _loop_table(doc, ["Who", "What", "By"], [1.9, 4.25, 0.85], "item in open_items",
                [["{{ item.owner }}"], ["{{ item.action }}"], ["{{ item.due }}"]])
    doc.add_paragraph("{%p if more_items %}")
    doc.add_paragraph("And {{ more_items }} more, in the checklist's next steps.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")


def _changes(doc: Document) -> None:
    doc.add_paragraph("What changed since the last meeting", style="Heading 1")
    doc.add_paragraph("{%p if changes is none %}")
    doc.add_paragraph("Not compared. This packet does not list what changed since the last "
                      "meeting.")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{%p if changes.count %}")
    doc.add_paragraph("{{ changes.count }} change{{ '' if changes.count == 1 else 's' }} "
                      "{{ changes.words }}.")
    for title, name in GROUPS:
        doc.add_paragraph(f"{{%p if changes.{name} %}}")
        doc.add_paragraph(title, style="Heading 2")
        doc.add_paragraph(f"{{%p for change in changes.{name} %}}")
        line = doc.add_paragraph(style="List Bullet")
        line.add_run("{{ change.text }}: ")
        line.add_run("{{ change.detail }}").italic = True
        doc.add_paragraph("{%p endfor %}")
        doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if changes.exercises_held %}")
    held = doc.add_paragraph()
    held.add_run("Exercises and real incidents held: ").bold = True
    held.add_run("{{ changes.exercises_held | length }}, listed under Exercises and the "
                 "improvement plan.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Nothing recorded {{ changes.words }}.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for note in changes.notes %}")
    doc.add_paragraph("{{ note }}", style="Finding")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


def _exercises(doc: Document) -> None:
    """Exercises held and corrective actions completed since the last meeting, and the actions
    still open, the overdue ones first and in bold."""
    doc.add_paragraph("Exercises and the improvement plan", style="Heading 1")
    doc.add_paragraph("{%p if not exercises.kept %}")
    doc.add_paragraph("No exercises, real incidents or corrective actions are recorded in the "
                      "plan yet.")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Exercises and real incidents held {{ exercises.period }}",
                      style="Heading 2")
    doc.add_paragraph("{%p for exercise in exercises.held %}")
    line = doc.add_paragraph(style="List Bullet")
    line.add_run("{{ exercise.day }} · {{ exercise.kind }}: {{ exercise.title }}").bold = True
    line.add_run("{% if exercise.protocols %} ({{ exercise.protocols }}){% endif %}; ")
    line.add_run("{{ exercise.report }}").italic = True
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("None held {{ exercises.period }}.")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if exercises.note %}")
    doc.add_paragraph("{{ exercises.note }}", style="Finding")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Corrective actions open", style="Heading 2")
    doc.add_paragraph("{%p if exercises.open %}")
    _loop_table(doc, ["Corrective action", "Responsible organization", "Due"], [3.6, 2.2, 1.2],
                "action in exercises.open", [["{{ action.action }}"],
                                             ["{{ action.organization }}"], [""]])
    due = doc.tables[-1].rows[2].cells[2].paragraphs[0]
    # The bold run sits between the tags, so only an overdue action's date is bold.
    due.add_run("{% if not action.overdue %}{{ action.when }}{% else %}")
    due.add_run("⚠ {{ action.when }}").bold = True
    due.add_run("{% endif %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No corrective action is open.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Corrective actions completed {{ exercises.period }}", style="Heading 2")
    doc.add_paragraph("{%p for action in exercises.completed %}")
    line = doc.add_paragraph(style="List Bullet")
    line.add_run("{{ action.organization }}: ").bold = True
    line.add_run("{{ action.action }} ")
    line.add_run("({{ action.when }})").italic = True
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("None completed {{ exercises.period }}.")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


if __name__ == "__main__":
    sys.exit(main(build, "packet.docx"))
