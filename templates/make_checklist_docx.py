"""Build templates/checklist.docx, vaplan's Word template, from code so it can be rebuilt.

    python templates/make_checklist_docx.py [OUT]    (default: checklist.docx beside this file)

The result is a docxtpl template: an ordinary Word document whose text holds Jinja tags
({{ item.text }}, {%tr for item in section.items %} on a table row, {%p if gaps %} on a
paragraph of its own). Coordinators restyle it in Word or LibreOffice and pass it to
`vaplan render --template`. Styles are real Word styles (Title, Heading 1 and 2, "Table Text",
"Finding"), so restyling one changes every place it is used. The same code always writes the
same bytes (fixed dates in the document and in the zip), so the committed file can be checked.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

HEADER_FILL = "D9E2F3"
FIXED = datetime(2026, 1, 1, tzinfo=timezone.utc)


def build() -> bytes:
    doc = Document()
    _page(doc)
    _styles(doc)
    header_footer(doc, "{{ community }} · Partnerships & Planning checklist · {{ today }}")
    _body(doc)
    return finish(doc, "Partnerships & Planning checklist")


#: The darkest blue of the headings: 11.4:1 on white.
INK = RGBColor(0x1F, 0x3A, 0x5F)
#: WCAG 2 level AA: normal text needs a contrast of at least 4.5:1 with its background.
MIN_CONTRAST = 4.5
#: No text smaller than this, anywhere (the header, the footer, Word's own styles).
MIN_POINTS = 9


def contrast(rgb: str, background: str = "FFFFFF") -> float:
    """The WCAG 2 contrast ratio of two sRGB colors written as hex ("4F81BD": 4.03)."""
    def luminance(hex_color: str) -> float:
        channels = [int(hex_color[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(rgb), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def accessible(doc: Document) -> None:
    """Every paragraph and character style readable: text at least MIN_POINTS, and a color
    with at least MIN_CONTRAST on white (Word's own Subtitle and minor headings are 4.0:1
    blue; they become INK). Table styles keep their colors: theirs are on their shading."""
    for style in doc.styles:
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            continue
        font = style.font
        if font.size is not None and font.size.pt < MIN_POINTS:
            font.size = Pt(MIN_POINTS)
        if font.color.type is not None and font.color.rgb is not None and (
                contrast(str(font.color.rgb)) < MIN_CONTRAST):
            font.color.rgb = INK


def finish(doc: Document, title: str) -> bytes:
    """Fixed document properties and zip timestamps, so the same script gives the same bytes;
    every style made readable first (`accessible`)."""
    accessible(doc)
    props = doc.core_properties
    props.title = title
    props.subject = "Victim assistance plan for mass violence and terrorism"
    props.author = props.last_modified_by = "vaplan"
    props.comments = ("Made by vaplan from the plan's files; wording adapted from the OVC "
                      "toolkit (NCJ 248647)")
    props.language = "en-US"
    props.created = props.modified = FIXED
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue())


def _page(doc: Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(0.75))
    section.top_margin = section.bottom_margin = Inches(0.8)
    section.header_distance = section.footer_distance = Inches(0.4)


def landscape(doc: Document) -> None:
    """US Letter landscape with narrow margins, for the wide tables (the call sheet, the
    improvement plan): the widest table a printer gives."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    section.left_margin = section.right_margin = Inches(0.4)
    section.top_margin, section.bottom_margin = Inches(0.55), Inches(0.5)
    section.header_distance = section.footer_distance = Inches(0.3)


def _styles(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 22), ("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = INK
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(14)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].font.name = "Calibri"
        doc.styles[name].paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        doc.styles[name].font.name = "Calibri"
        doc.styles[name].font.size = Pt(9)
    table_text = doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(1)
    table_head = doc.styles.add_style("Table Heading", WD_STYLE_TYPE.PARAGRAPH)
    table_head.base_style = table_text
    table_head.font.bold = True
    # Findings and second lines stay readable on paper: 9 pt, near-black.
    finding = doc.styles.add_style("Finding", WD_STYLE_TYPE.PARAGRAPH)
    finding.base_style = table_text
    finding.font.size = Pt(9)
    finding.font.color.rgb = RGBColor(0x26, 0x26, 0x26)
    finding.paragraph_format.left_indent = Inches(0.12)
    lead_in = doc.styles.add_style("Lead In", WD_STYLE_TYPE.PARAGRAPH)
    lead_in.base_style = normal
    lead_in.paragraph_format.keep_with_next = True  # a table's lead-in stays with its table
    lead_in.paragraph_format.space_before = Pt(6)
    credit = doc.styles.add_style("Credit", WD_STYLE_TYPE.PARAGRAPH)
    credit.base_style = normal
    credit.font.size = Pt(9)
    credit.font.italic = True
    credit.paragraph_format.space_before = Pt(12)
    note = doc.styles.add_style("Public Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.italic = True
    note.font.color.rgb = INK
    note.paragraph_format.space_before = Pt(4)


def header_footer(doc: Document, header_text: str, footer_text: str = "") -> None:
    """The page header (`header_text`, right) and footer ("`footer_text`Page N of M", centered)
    every vaplan Word document shares."""
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run(header_text)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{footer_text}Adapted from the OVC toolkit (NCJ 248647) · Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update as they lay out pages."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None),
                       ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif kind == "text":
            run.text = text
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def _body(doc: Document) -> None:
    doc.add_paragraph("Partnerships & Planning checklist", style="Title")
    doc.add_paragraph("{{ community }}", style="Subtitle")
    doc.add_paragraph(
        "{% if jurisdiction %}{{ jurisdiction }} · {% endif %}"
        "{% if plan_version %}plan version {{ plan_version }} · {% endif %}"
        "{% if updated %}plan updated {{ updated }} · {% endif %}checklist as of {{ today }}")
    doc.add_paragraph("{%p if public_note %}")
    doc.add_paragraph("{{ public_note }}", style="Public Note")
    doc.add_paragraph("{%p endif %}")
    readiness = doc.add_paragraph(style="Lead In")
    readiness.add_run("Readiness: ").bold = True
    readiness.add_run(
        "{% if score.percent is none %}no applicable items{% else %}{{ score.percent }}%, with "
        "{{ score.ready }} of {{ score.applicable }} applicable items met, confirmed or waived "
        "(see “How readiness is scored” at the end){% endif %}")
    _loop_table(doc, ["Section", "Ready", "Readiness"], [4.2, 1.4, 1.4], "section in sections", [
        ["{{ section.title }}"],
        ["{{ section.score.ready }} of {{ section.score.applicable }}"],
        ["{% if section.score.percent is none %}–{% else %}{{ section.score.percent }}%"
         "{% endif %}"]])
    doc.add_paragraph("{%p if not_checked %}")
    doc.add_paragraph("Not checked: some parts of the plan could not be read, so the items "
                      "that depend on them are shown as gaps.")
    bullets(doc, "not_checked")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p for section in sections %}")
    doc.add_paragraph("{{ section.title }}", style="Heading 1")
    doc.add_paragraph("Readiness: {{ section.score.label }}", style="Lead In")
    _loop_table(doc, ["Key issue", "Agency responsible", "Current status"], [2.8, 1.8, 2.4],
                "item in section.items", [
        ["{{ item.text }}{% if item.own %} (our own item{% if item.due %}, due {{ item.due }}"
         "{% endif %}){% endif %}"],
        ["{{ item.responsible }}"],
        ["{%p if item.strong %}", STATUS_STRONG, "{%p else %}", STATUS, "{%p endif %}",
         "{%p for finding in item.evidence %}",
         ("• {{ finding.text | plain }}", "Finding"), "{%p endfor %}"]])
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("Planning committee", style="Heading 1")
    doc.add_paragraph("{%p if roster and public_note %}")
    _loop_table(doc, ["Organization", "Disciplines", "Sector", "Level", "Role"],
                [2.4, 2.0, 0.8, 0.8, 1.0], "member in roster", [
        ["{{ member.organization }}"], ["{{ member.disciplines }}"], ["{{ member.sector }}"],
        ["{{ member.level }}"], ["{{ member.role }}"]])
    doc.add_paragraph("{%p elif roster %}")
    _loop_table(doc, ["Organization", "Representative", "Contact", "Disciplines", "Role"],
                [1.6, 1.3, 1.6, 1.6, 0.9], "member in roster", [
        ["{{ member.organization }}"], ["{{ member.representative }}"],
        ["{{ member.contact | wrap }}"], ["{{ member.disciplines }}",
                                   ("{{ member.sector }}, {{ member.level }}", "Finding")],
        ["{{ member.role }}"]])
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("The plan lists no committee members.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Coverage of required disciplines", style="Heading 2")
    doc.add_paragraph("{%p for row in coverage %}")
    doc.add_paragraph("{{ row.glyph }} {% if not row.covered %}Missing: {% endif %}"
                      "{{ row.label }}: {{ row.members }}"
                      "{% if row.note %} ({{ row.note }}){% endif %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No required disciplines could be checked.")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("Open resource gaps", style="Heading 1")
    doc.add_paragraph("{%p if gaps %}")
    _loop_table(doc, ["Need", "Status", "Owner", "Raised with the committee", "Sources sought"],
                [2.3, 0.9, 1.6, 1.1, 1.1], "gap in gaps", [
        ["{{ gap.need }}"], ["{{ gap.status }}"], ["{{ gap.owner }}"], ["{{ gap.raised }}"],
        ["{{ gap.sources }}"]])
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No open resource gaps.")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("Agreements expired or expiring", style="Heading 1")
    doc.add_paragraph("{%p if agreements %}")
    _loop_table(doc, ["Agreement", "Parties", "Expires", "Status"], [2.4, 2.3, 0.9, 1.4],
                "agreement in agreements", [
        ["{{ agreement.type }}: {{ agreement.title }}"], ["{{ agreement.parties }}"],
        ["{{ agreement.expires }}"], AGREEMENT_STATE])
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No agreement has expired or is about to expire.")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if not public_note %}")  # a public copy has no to-do list
    doc.add_paragraph("Next steps", style="Heading 1")
    doc.add_paragraph("{%p if later_steps %}")
    doc.add_paragraph("The first {{ first_steps | length }} of {{ actions | length }} in "
                      "order: what the incident day needs first, then the committee, the "
                      "written protocols, and exercises and reviews; the rest follow by "
                      "organization.")
    doc.add_paragraph("{%p elif actions %}")
    doc.add_paragraph("In order: what the incident day needs first, then the committee, the "
                      "written protocols, and exercises and reviews.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if undated %}")
    doc.add_paragraph("Each by the next committee meeting unless a date is given.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for action in first_steps %}")
    doc.add_paragraph("{{ action.rank }}. ☐ {{ action.line }}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Nothing is open: every applicable item is met, confirmed or waived.")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if later_steps %}")
    doc.add_paragraph("The other next steps, by organization", style="Heading 2")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for own in later_steps %}")
    own = doc.add_paragraph()
    own.add_run("{{ own.title }}: ").bold = True
    own.add_run("{% for action in own.actions %}{{ action.rank }}. {{ action.action }}"
                "{% if action.due %} by {{ action.due }}{% endif %}"
                "{% if not loop.last %}; {% endif %}{% endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")  # not public_note

    doc.add_paragraph("How readiness is scored", style="Heading 1")
    doc.add_paragraph("{{ formula }}")

    keeper_part(doc, _open_items)


def bullets(doc: Document, lines: str) -> None:
    """One bullet for each text of the list `lines` in the document's data."""
    doc.add_paragraph("{%p for line in " + lines + " %}")
    doc.add_paragraph("{{ line }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")


#: The status cell's first line: glyph and word, bold for a gap or partly met, then the detail.
STATUS_STRONG = ("{% cellbg item.fill %}", "{{ item.glyph }} {{ item.label }}",
                 "{{ item.after_label | plain }}{% if item.exercised %} ({{ item.exercised }})"
                 "{% endif %}")
STATUS = ("{{ item.glyph }} {{ item.label }}{{ item.after_label | plain }}"
          "{% if item.exercised %} ({{ item.exercised }}){% endif %}", "Table Text")
#: An agreement's state: waived by the committee with ✔ and its reason, expired in bold with ✖,
#: expiring with ◐.
#: The cell's shading is set for the whole cell whatever the branch (docxtpl moves it to the
#: cell's properties), so it chooses its own color: red only for an expiry nobody waived.
AGREEMENT_STATE = ["{%p if agreement.waived %}",
                   ("{% cellbg 'F8D7DA' if agreement.state == 'expired' and not agreement.waived "
                    "else 'FFFFFF' %}✔ Waived: {{ agreement.when }} ({{ agreement.waived }})",
                    "Table Text"),
                   "{%p elif agreement.state == 'expired' %}",
                   ("", "✖ {{ agreement.when }}", ""),
                   "{%p else %}", ("◐ {{ agreement.when }}", "Table Text"), "{%p endif %}"]


def keeper_part(doc: Document, extra: Callable[[Document], None] | None = None) -> None:
    """The closing part every document has, for the plan's keeper: ids, file positions and the
    rules' own messages. A public copy never holds it; it says only how many problems there
    are. Then the credit to the OVC toolkit, on every copy."""
    doc.add_paragraph("{%p if public_note %}")
    doc.add_paragraph("{%p if problem_count %}")
    doc.add_paragraph("Problems in the plan files", style="Heading 1")
    doc.add_paragraph("The plan files have {{ problem_count }} problem"
                      "{{ '' if problem_count == 1 else 's' }} to fix; the plan's keeper has "
                      "the details.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("For the plan's keeper", style="Heading 1")
    if extra is not None:
        extra(doc)
    doc.add_paragraph("Problems in the plan files", style="Heading 2")
    doc.add_paragraph("{%p for problem in problems %}")
    doc.add_paragraph("{{ problem.keeper }}", style="List Bullet")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("vaplan check finds no error in the plan files.")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ credit }}", style="Credit")


def _open_items(doc: Document) -> None:
    doc.add_paragraph("The items still open, by the id that vaplan confirm ITEM (done, with the "
                      "date) and vaplan tailor ITEM (not applicable, with the reason) take:",
                      style="Lead In")
    _loop_table(doc, ["Id", "Status", "Key issue"], [2.2, 0.9, 3.9], "item in next_steps", [
        ["{{ item.id }}"], ["{{ item.label }}"], ["{{ item.brief }}"]])



def _loop_table(doc: Document, headings: list[str], widths: list[float], loop: str,
                cells: list[list]) -> None:
    """A table with a header row repeated on every page and one row per element of `loop`,
    each kept whole on a page.

    Each cell is a list of paragraphs: text in "Table Text", or (text, style).
    """
    table = doc.add_table(rows=4, cols=len(headings))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head, start, row, end = table.rows
    _row_property(head, "w:tblHeader")
    _row_property(row, "w:cantSplit")
    for cell, text in zip(head.cells, headings):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles["Table Heading"]
        cell.paragraphs[0].paragraph_format.keep_with_next = True  # never alone at a page foot
        _shade(cell, HEADER_FILL)
    start.cells[0].paragraphs[0].text = "{%tr for " + loop + " %}"
    end.cells[0].paragraphs[0].text = "{%tr endfor %}"
    for cell, paragraphs in zip(row.cells, cells):
        for index, spec in enumerate(paragraphs):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            if isinstance(spec, tuple) and len(spec) == 3:
                # (cell tag, bold words, plain rest): a status that must stand out
                paragraph.style = doc.styles["Table Text"]
                paragraph.add_run(spec[0])
                paragraph.add_run(spec[1]).bold = True
                paragraph.add_run(spec[2])
                continue
            text, style = spec if isinstance(spec, tuple) else (spec, "Table Text")
            paragraph.text = text
            paragraph.style = doc.styles[style]
    for column, width in zip(table.columns, widths):
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)


def _row_property(row, name: str) -> None:
    """w:tblHeader repeats the row atop every page; w:cantSplit keeps a row on one page."""
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with a fixed timestamp on every member, so a rebuild is byte-identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/app.xml":  # python-docx's stock "Word 2010 for Mac"
                data = re.sub(rb"<Application>[^<]*</Application>",
                              b"<Application>vaplan</Application>", data)
                data = re.sub(rb"<AppVersion>[^<]*</AppVersion>", b"", data)
            dst.writestr(fixed, data)
    return out.getvalue()


def main(build: Callable[[], bytes] = build, name: str = "checklist.docx") -> int:
    """Write the template `build` makes to the path given, or beside this script as `name`."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(name)
    out.write_bytes(build())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
