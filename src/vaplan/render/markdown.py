"""Render a Checklist to Markdown through a Jinja template (the shipped one or the user's)."""

from __future__ import annotations

from pathlib import Path

from vaplan.checklist import Checklist
from vaplan.render.bundled import MARKDOWN, bundled_template
from vaplan.render.context import context_names, render_context, sample_checklists
from vaplan.render.environment import (TemplateProblem, analyse, describe_error, error_line,
                                       make_environment)


def render_markdown(checklist: Checklist, template: Path | None = None) -> str:
    """The checklist as Markdown; raises TemplateProblem when a custom template is broken."""
    name, source = _source(template)
    env = make_environment(context_names())
    try:
        return env.from_string(source).render(render_context(checklist))
    except Exception as err:  # noqa: BLE001  (a template can fail in any way; explain it)
        problems = check_markdown_source(source, name)
        line = error_line(err)
        first = f"{name}, line {line}: " if line else f"{name}: "
        raise TemplateProblem(problems or [first + describe_error(err)]) from None


def check_markdown_source(source: str, name: str = "template") -> list[str]:
    """Every problem of a Markdown template, each with its line and the text on that line."""
    contexts = [render_context(c) for c in sample_checklists()]
    lines = source.split("\n")
    problems = []
    for line, message in analyse(source, context_names(), contexts):
        if line is None or not 0 < line <= len(lines):
            problems.append(f"{name}: {message}")
            continue
        text = lines[line - 1].strip()
        text = text if len(text) <= 60 else text[:57] + "..."
        problems.append(f'{name}, line {line} ("{text}"): {message}')
    return list(dict.fromkeys(problems))


def _source(template: Path | None) -> tuple[str, str]:
    if template is None:
        return MARKDOWN, bundled_template(MARKDOWN).decode("utf-8")
    try:
        return template.name, template.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateProblem([f"{template.name} is not UTF-8 text; save it as plain UTF-8 "
                               "text (a Markdown template is not a Word file)"]) from None
