"""Render a Checklist or a Packet to Markdown through a Jinja template (shipped or the user's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vaplan.render.bounds import grown_for
from vaplan.render.bundled import bundled_template
from vaplan.render.environment import (
    TemplateProblem,
    TemplateTimeout,
    make_environment,
    time_limit,
    timeout_message,
)
from vaplan.render.explain import describe_error, error_line
from vaplan.render.isolate import memory_message, run_limited
from vaplan.render.kinds import Kind, kind_of, kinds
from vaplan.render.lint import analyse
from vaplan.text import document_text


def render_markdown(view: Any, template: Path | None = None) -> str:
    """The checklist or packet as Markdown; raises TemplateProblem when a template is broken."""
    kind = kind_of(view)
    name, source = _source(template, kind)
    if template is not None:  # a coordinator's template: in a child with memory and CPU limits
        text = run_limited(name, _render, view, name, source)
    else:  # ours: its limits grow with the plan, so a 20,000-member plan's checklist renders
        with grown_for(kind.context(view)):
            text = _render(view, name, source)
    # Plan text may carry escape sequences or a bare CR; the page goes to terminals too.
    return document_text(text)


def _render(view: Any, name: str, source: str) -> str:
    kind = kind_of(view)
    env = make_environment(kind.names(), noun=kind.noun)
    try:
        with time_limit():
            return env.from_string(source).render(kind.context(view))
    except TemplateTimeout:
        raise TemplateProblem([timeout_message(name)]) from None
    except MemoryError:
        raise TemplateProblem([memory_message(name)]) from None
    except Exception as err:  # noqa: BLE001  (a template can fail in any way; explain it)
        problems = check_markdown_source(source, name, kind.name)
        line = error_line(err)
        first = f"{name}, line {line}: " if line else f"{name}: "
        raise TemplateProblem(problems or [first + describe_error(err)]) from None


def check_markdown_source(source: str, name: str = "template", kind: str = "checklist"
                          ) -> list[str]:
    """Every problem of a Markdown template, each with its line and the text on that line."""
    spec = kinds()[kind]
    contexts = [spec.context(v) for v in spec.samples()]
    lines = source.split("\n")
    problems = []
    for line, message in analyse(source, spec.names(), contexts, noun=spec.noun):
        if line is None or not 0 < line <= len(lines):
            problems.append(f"{name}: {message}")
            continue
        text = lines[line - 1].strip()
        text = text if len(text) <= 60 else text[:57] + "..."
        problems.append(f'{name}, line {line} ("{text}"): {message}')
    return list(dict.fromkeys(problems))


def _source(template: Path | None, kind: Kind) -> tuple[str, str]:
    if template is None:
        return kind.markdown, bundled_template(kind.markdown).decode("utf-8")
    try:
        return template.name, template.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateProblem([f"{template.name} is not UTF-8 text; save it as plain UTF-8 "
                               "text (a Markdown template is not a Word file)"]) from None
