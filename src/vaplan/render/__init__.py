"""Render the checklist or the meeting packet to Markdown or Word through templates run in
Jinja's sandbox.

    render_markdown(checklist_or_packet, template=None) -> str
    render_docx(checklist_or_packet, template=None) -> bytes
    check_template(path, kind="checklist" or "packet") -> problems (empty when the template is fine)

A broken template raises TemplateProblem, whose `problems` say what is wrong and where.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from vaplan.render.environment import TemplateProblem
    from vaplan.render.markdown import render_markdown
    from vaplan.render.word import render_docx

__all__ = ["TemplateProblem", "check_template", "render_docx", "render_markdown"]

#: What this package gives, imported when first asked for: the command line reads the
#: registry of kinds (vaplan.render.kinds) at start-up without loading Jinja or Word.
_LAZY = {"TemplateProblem": "vaplan.render.environment", "render_markdown":
         "vaplan.render.markdown", "render_docx": "vaplan.render.word"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'vaplan.render' has no attribute {name!r}")


def check_template(path: Path, kind: str = "checklist") -> list[str]:
    """Every problem of a custom template (.docx, or Markdown/Jinja text) for a document of
    `kind`, without writing."""
    from vaplan.render.markdown import check_markdown_source
    from vaplan.render.word import check_docx_bytes

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
    from vaplan.render.environment import TemplateProblem
    from vaplan.render.isolate import run_limited

    try:
        return run_limited(name, check, *args)
    except TemplateProblem as problem:  # the child was stopped
        return problem.problems
