"""Render the checklist or the meeting packet to Markdown or Word through templates run in
Jinja's sandbox.

    render_markdown(checklist_or_packet, template=None) -> str
    render_docx(checklist_or_packet, template=None) -> bytes
    check_template(path, kind="checklist" or "packet") -> problems (empty when the template is fine)

A broken template raises TemplateProblem, whose `problems` say what is wrong and where.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from vaplan.render.environment import TemplateProblem
from vaplan.render.isolate import run_limited
from vaplan.render.markdown import check_markdown_source, render_markdown
from vaplan.render.word import check_docx_bytes, render_docx

__all__ = ["TemplateProblem", "check_template", "render_docx", "render_markdown"]


def check_template(path: Path, kind: str = "checklist") -> list[str]:
    """Every problem of a custom template (.docx, or Markdown/Jinja text) for a document of
    `kind`, without writing."""
    # A check runs the template against sample documents: in a child with memory and CPU limits.
    if path.suffix.lower() == ".docx":
        return _problems(path.name, check_docx_bytes, path.read_bytes(), path.name, kind)
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [f"{path.name} is not UTF-8 text; a Markdown template is plain text, and a Word "
                "template must be named .docx"]
    return _problems(path.name, check_markdown_source, source, path.name, kind)


def _problems(name: str, check: Callable[..., list[str]], *args: Any) -> list[str]:
    try:
        return run_limited(name, check, *args)
    except TemplateProblem as problem:  # the child was stopped
        return problem.problems
