"""Build templates/summary.docx, vaplan's one-page Word summary, from code so it can be rebuilt.

    python templates/make_summary_docx.py [OUT]    (default: summary.docx beside this file)

A docxtpl template like checklist.docx (see make_checklist_docx.py, whose page, styles and
table helpers it shares), made to fit one page: readiness by section, the trend chart, the first
five next steps, the next meeting, agreements expired or expiring and the last exercise. The
chart's place holds a one-pixel picture that vaplan replaces with the chart when it renders
(vaplan.render.chart.with_chart). The same code always writes the same bytes.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Inches, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_checklist_docx import (_loop_table, _page, _styles, finish,  # noqa: E402
                                 header_footer, main)

#: The chart's width and height on the page (the chart is drawn at this aspect ratio).
CHART = (Inches(6.4), Inches(1.45))


def build() -> bytes:
    from vaplan.render.chart import placeholder_png

    doc = Document()
    _page(doc)
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Inches(0.6), Inches(0.6)
    section.header_distance = section.footer_distance = Inches(0.3)
    _styles(doc)
    _summary_styles(doc)
    header_footer(doc, "{{ community }} · Summary · {{ today }}")
    _body(doc, placeholder_png())
    return finish(doc, "Summary")


def _summary_styles(doc: Document) -> None:
    """Tighter than the checklist, so the summary stays on one page."""
    doc.styles["Title"].font.size = Pt(18)
    doc.styles["Title"].paragraph_format.space_after = Pt(2)
    doc.styles["Normal"].paragraph_format.space_after = Pt(2)
    doc.styles["Heading 1"].font.size = Pt(12)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(8)
    doc.styles["Heading 1"].paragraph_format.space_after = Pt(2)
    doc.styles["Credit"].paragraph_format.space_before = Pt(6)
    doc.styles["Credit"].font.size = Pt(8)
    # five next steps of three lines each are most of the page: set like a table's text
    step = doc.styles.add_style("Step", WD_STYLE_TYPE.PARAGRAPH)
    step.base_style = doc.styles["Normal"]
    step.font.size = Pt(9)
    step.paragraph_format.space_after = Pt(2)
    # an agreement's line is as long as a step's: set the same, so one fits on a line
    alert = doc.styles.add_style("Alert", WD_STYLE_TYPE.PARAGRAPH)
    alert.base_style = doc.styles["List Bullet"]
    alert.font.size = Pt(9)
    alert.paragraph_format.space_after = Pt(2)


def _body(doc: Document, placeholder: bytes) -> None:
    doc.add_paragraph("Summary: {{ community }}", style="Title")
    doc.add_paragraph("{% if jurisdiction %}{{ jurisdiction }} · {% endif %}from the plan as of "
                      "{{ today }}")
    doc.add_paragraph("{%p if public_note %}")
    doc.add_paragraph("{{ public_note }}", style="Public Note")
    doc.add_paragraph("{%p endif %}")
    readiness = doc.add_paragraph(style="Lead In")
    run = readiness.add_run("Readiness: {{ score.label }}")
    run.bold = True
    run.font.size = Pt(13)
    _loop_table(doc, ["Section", "Ready", "Applicable", "Readiness"], [4.5, 0.6, 0.9, 1.0],
                "section in sections", [
        ["{{ section.title }}"], ["{{ section.score.ready }}"],
        ["{{ section.score.applicable }}"],
        ["{% if section.score.percent is none %}—{% else %}{{ section.score.percent }}%"
         "{% endif %}"]])

    doc.add_paragraph("Readiness over time", style="Heading 1")
    doc.add_paragraph("{%p if history %}")
    doc.add_paragraph("At each of the {{ history | length }} {{ history_by }}, oldest first:")
    doc.add_picture(io.BytesIO(placeholder), width=CHART[0], height=CHART[1])
    doc.add_paragraph("{%p elif history_note %}")
    doc.add_paragraph("{{ history_note }}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No trend is shown.")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if not public_note %}")
    doc.add_paragraph("Next steps", style="Heading 1")
    doc.add_paragraph("{%p for step in steps %}")
    doc.add_paragraph("☐ {{ step.text }}", style="Step")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Nothing is open: every applicable item is met, confirmed or waived.")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if step_count > steps | length %}")
    doc.add_paragraph("{{ step_count - steps | length }} more in the checklist.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("Next meeting", style="Heading 1")
    doc.add_paragraph("{% if next_meeting %}{{ next_meeting.day }} ({{ next_meeting.when }})"
                      "{% if next_meeting.place %}, {{ next_meeting.place }}{% endif %}"
                      "{% else %}The plan lists no meeting to come.{% endif %}")

    doc.add_paragraph("{%p if not public_note %}")
    doc.add_paragraph("Agreements expired or expiring", style="Heading 1")
    doc.add_paragraph("{%p for agreement in agreements[:5] %}")
    doc.add_paragraph("{{ agreement.title }} ({{ agreement.type }}): {{ agreement.when }}"
                      "{% if agreement.waived %} (waived){% endif %}",
                      style="Alert")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("None expired or expiring soon.")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if agreements | length > 5 %}")
    doc.add_paragraph("{{ agreements | length - 5 }} more in the checklist.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("Last exercise", style="Heading 1")
    doc.add_paragraph("{% if last_exercise %}{{ last_exercise.text }}{% else %}The plan records "
                      "no exercise held.{% endif %}")
    doc.add_paragraph("{%p if problem_count %}")
    doc.add_paragraph("The plan files have {{ problem_count }} problem"
                      "{{ '' if problem_count == 1 else 's' }} to fix; the plan's keeper has "
                      "the details.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ credit }}", style="Credit")


if __name__ == "__main__":
    sys.exit(main(build, "summary.docx"))
