"""Render the checklist or the meeting packet to Markdown or Word through templates run in
Jinja's sandbox.

    render_markdown(checklist_or_packet, template=None) -> str
    render_docx(checklist_or_packet, template=None) -> bytes
    check_template(path, kind="checklist" or "packet") -> problems (empty when the template is fine)

A broken template raises TemplateProblem, whose `problems` say what is wrong and where.
"""

from __future__ import annotations

from pathlib import Path

from vaplan.render.environment import TemplateProblem
from vaplan.render.markdown import check_markdown_source, render_markdown
from vaplan.render.word import check_docx_bytes, render_docx

__all__ = ["TemplateProblem", "check_template", "render_docx", "render_markdown"]


def check_template(path: Path, kind: str = "checklist") -> list[str]:
    """Every problem of a custom template (.docx, or Markdown/Jinja text) for a document of
    `kind`, without writing."""
    if path.suffix.lower() == ".docx":
        return check_docx_bytes(path.read_bytes(), path.name, kind)
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [f"{path.name} is not UTF-8 text; a Markdown template is plain text, and a Word "
                "template must be named .docx"]
    return check_markdown_source(source, path.name, kind)
