"""Render a Checklist or a Packet to Word through a docxtpl template (a Word file holding Jinja
tags)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

from vaplan.render.bundled import bundled_template
from vaplan.render.environment import (TemplateProblem, TemplateTimeout, analyse,
                                       describe_error, make_environment, time_limit,
                                       timeout_message)
from vaplan.render.kinds import Kind, kind_of, kinds


def render_docx(view: Any, template: Path | None = None) -> bytes:
    """The checklist or packet as a .docx file's bytes; raises TemplateProblem when the
    template is broken."""
    kind = kind_of(view)
    name, data = _source(template, kind)
    return render_word(name, data, kind.context(view), kind.names(), kind.noun,
                       date.fromisoformat(view.today),
                       lambda: check_docx_bytes(data, name, kind.name))


def render_word(name: str, data: bytes, context: dict[str, Any], names: list[str], noun: str,
                day: date, explain: Callable[[], list[str]] | None = None) -> bytes:
    """Any Word document from a docxtpl template's bytes, in the sandboxed strict environment;
    the same day gives the same bytes. `explain` lists a failed template's problems."""
    from docxtpl import DocxTemplate

    document = _open(DocxTemplate, name, data)
    env = make_environment(names, autoescape=True, noun=noun)
    try:
        with time_limit():
            document.render(context, jinja_env=env, autoescape=True)
    except TemplateTimeout:
        raise TemplateProblem([timeout_message(name)]) from None
    except Exception as err:  # noqa: BLE001  (a template can fail in any way; explain it)
        problems = explain() if explain else []
        raise TemplateProblem(problems or [f"{name}: {describe_error(err)}"]) from None
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue(), day)


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
    for part, source in _parts(document):
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
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateProblem([f"{name} is not a Word (.docx) file; save it from Word or "
                               "LibreOffice as \"Word Document (.docx)\""])
    document = factory(io.BytesIO(data))
    try:
        document.init_docx()
    except Exception as err:  # noqa: BLE001
        raise TemplateProblem([f"{name} cannot be opened as a Word document ({err})"]) from None
    return document


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
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
