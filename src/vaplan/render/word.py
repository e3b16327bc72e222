"""Render a Checklist or a Packet to Word through a docxtpl template (a Word file holding Jinja
tags)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from vaplan.render.bounds import grown_for
from vaplan.render.bundled import bundled_template
from vaplan.render.docxsafe import inspect_docx, xml_safe
from vaplan.render.environment import (
    TemplateProblem,
    TemplateTimeout,
    make_environment,
    time_limit,
    timeout_message,
)
from vaplan.render.explain import describe_error
from vaplan.render.isolate import memory_message, run_limited
from vaplan.render.kinds import Kind, kind_of, kinds
from vaplan.render.lint import analyse


def render_docx(view: Any, template: Path | None = None) -> bytes:
    """The checklist or packet as a .docx file's bytes; raises TemplateProblem when the
    template is broken."""
    kind = kind_of(view)
    name, data = _source(template, kind)
    args = (name, data, kind.context(view), kind.names(), kind.noun,
            date.fromisoformat(view.today), lambda: check_docx_bytes(data, name, kind.name))
    if template is not None:  # a coordinator's template: in a child with memory and CPU limits
        return run_limited(name, render_word, *args)
    return render_word(*args, bundled=True)


def render_word(name: str, data: bytes, context: dict[str, Any], names: list[str], noun: str,
                day: date, explain: Callable[[], list[str]] | None = None, *,
                bundled: bool = False) -> bytes:
    """Any Word document from a docxtpl template's bytes, in the sandboxed strict environment;
    the same day gives the same bytes. `explain` lists a failed template's problems. A
    `bundled` template (one vaplan ships) gets limits that grow with the plan."""
    if bundled:
        with grown_for(context):
            return _render_word(name, data, context, names, noun, day, explain)
    return _render_word(name, data, context, names, noun, day, explain)


def _render_word(name: str, data: bytes, context: dict[str, Any], names: list[str], noun: str,
                 day: date, explain: Callable[[], list[str]] | None) -> bytes:
    from docxtpl import DocxTemplate

    document = _open(DocxTemplate, name, data)
    env = make_environment(names, autoescape=True, noun=noun)
    try:
        with time_limit():
            # Every text the plan gives the document, without characters XML cannot hold.
            safe = xml_safe(context)
            document.render(safe, jinja_env=env, autoescape=True)
    except TemplateTimeout:
        raise TemplateProblem([timeout_message(name)]) from None
    except MemoryError:
        raise TemplateProblem([memory_message(name)]) from None
    except Exception as err:  # noqa: BLE001  (a template can fail in any way; explain it)
        problems = explain() if explain else []
        raise TemplateProblem(problems or [f"{name}: {describe_error(err)}"]) from None
    # The document is dated the day it was made for, as its zip members are.
    stamp = datetime.combine(min(max(day, date(1980, 1, 1)), date(2107, 12, 31)), time(),
                             timezone.utc)
    document.docx.core_properties.created = document.docx.core_properties.modified = stamp
    document.docx.core_properties.title = _title(document.docx.core_properties.title, safe)
    out = io.BytesIO()
    try:
        document.save(out)
    except Exception as err:  # noqa: BLE001  (a template docxtpl rendered but cannot save)
        raise TemplateProblem([_unreadable(name, err)]) from None
    return _fixed_zip(out.getvalue(), day)


def _title(template_title: str, context: dict[str, Any]) -> str:
    """The document's own title (a kit's, not the template's) naming the community, as a PDF
    reader's title bar and a screen reader announce it."""
    title = context.get("title") if isinstance(context.get("title"), str) else None
    title = title or template_title or ""
    community = context.get("community")
    if isinstance(community, str) and community and community not in title:
        title = f"{title}: {community}" if title else community
    return " ".join(title.split())[:250]


def check_docx_bytes(data: bytes, name: str = "template.docx", kind: str = "checklist"
                     ) -> list[str]:
    """Every problem of a Word template: syntax, curly quotes, names the document lacks; each
    problem quotes the text of the Word paragraph it is in."""
    from docxtpl import DocxTemplate

    try:
        document = _open(DocxTemplate, name, data)
    except TemplateProblem as problem:
        return problem.problems
    spec = kinds()[kind]
    contexts = [spec.context(v) for v in spec.samples()]
    problems = []
    try:
        parts = list(_parts(document))
    except Exception as err:  # noqa: BLE001  (python-docx can fail in any way on a bad file)
        return [_unreadable(name, err)]
    for part, source in parts:
        place = _locator(name, part, source)
        problems += [place(line, _word_hint(message)) for line, message
                     in analyse(source, spec.names(), contexts, True, spec.noun)]
    return list(dict.fromkeys(problems))


def _word_hint(message: str) -> str:
    if "syntax" in message and ("end of template" in message or "endfor" in message
                                or "endif" in message or "Encountered unknown tag" in message):
        message += ("; in Word, a {%p ...%} or {%tr ...%} tag must be alone in its paragraph "
                    "or table row, and every for and if needs its end tag")
    return message


def _open(factory: Any, name: str, data: bytes) -> Any:
    problems = inspect_docx(data, name)  # its size, parts, entities and links, before opening
    if problems:
        raise TemplateProblem(problems)
    document = factory(io.BytesIO(data))
    try:
        document.init_docx()
    except Exception as err:  # noqa: BLE001
        raise TemplateProblem([_unreadable(name, err)]) from None
    return document


def _unreadable(name: str, err: Exception) -> str:
    return (f"{name} cannot be opened as a Word document ({err or type(err).__name__}); save it "
            "again from Word or LibreOffice as \"Word Document (.docx)\"")


def _parts(document: Any) -> Iterator[tuple[str, str]]:
    """(part name, Jinja source) for the body, headers and footers, as docxtpl will render them:
    one line per Word paragraph, so a line number leads back to a paragraph."""
    xml = [("body", document.get_xml())]
    for uri, kind in ((document.HEADER_URI, "page header"), (document.FOOTER_URI, "page footer")):
        xml += [(kind, document.get_part_xml(part))
                for _, part in document.get_headers_footers(uri)]
    for part, text in xml:
        yield part, re.sub(r"<w:p([ >])", r"\n<w:p\1", document.patch_xml(text))


def _locator(name: str, part: str, source: str) -> Any:
    lines = source.split("\n")

    def place(line: int | None, message: str) -> str:
        if line is None or not 0 < line <= len(lines):
            return f"{name} ({part}): {message}"
        text = html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1])).strip()
        if len(text) > 70:
            text = text[:67] + "..."
        return f'{name}, {part}, in the paragraph "{text}": {message}'

    return place


def _source(template: Path | None, kind: Kind) -> tuple[str, bytes]:
    if template is None:
        return kind.word, bundled_template(kind.word)
    return template.name, template.read_bytes()


def _fixed_zip(data: bytes, day: date) -> bytes:
    """The document with every zip member dated `day`, so the same plan and day give the same
    bytes (Word reads the dates in the document, not these)."""
    # A zip can only hold dates from 1980 to 2107; a day outside them is held at the edge.
    day = min(max(day, date(1980, 1, 1)), date(2107, 12, 31))
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
