"""Look inside a Word template before opening it: a .docx is a zip of XML parts, and a 1 MB file
can hold a part that inflates to gigabytes, an XML entity that expands a billion times, a link
Word would fetch from the internet, or two parts of one name that different readers resolve
differently. Each is refused in plain words; what remains can be opened and rendered.

Also: the characters XML cannot carry, taken out of every text that goes into a Word document.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from typing import Any
from xml.etree import ElementTree

from vaplan.text import without_bidi

#: All the parts of a template, uncompressed; ours are about 40 kB, a template with a logo a few MB.
MAX_UNCOMPRESSED = 50_000_000
#: The most parts (files inside the zip) a template may have; ours have about 15.
MAX_PARTS = 1_000
_CHUNK = 1 << 16

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
#: Characters XML 1.0 cannot hold (C0 controls but tab, newline and carriage return;
#: surrogates; U+FFFE and U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def inspect_docx(data: bytes, name: str) -> list[str]:
    """Every reason not to open `data` as a Word template (empty when it may be opened)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return [f"{name} is not a Word (.docx) file; save it from Word or LibreOffice as "
                "\"Word Document (.docx)\""]
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            return [f"{name} holds {len(infos):,} parts, more than the {MAX_PARTS:,} a Word "
                    "template may have; save it again from Word or LibreOffice"]
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNCOMPRESSED:
            return [_too_big(name, declared)]
        names = [i.filename for i in infos]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            return [f"{name} holds two parts named {twice[0]}, which Word and vaplan could read "
                    "differently; save it again from Word or LibreOffice"]
        problems: list[str] = []
        budget = MAX_UNCOMPRESSED
        for info in infos:
            try:
                content = _read_bounded(archive, info, budget)
            except _TooBig:
                return [_too_big(name, MAX_UNCOMPRESSED + 1)]
            except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError,
                    OSError, EOFError, RuntimeError) as err:
                return [f"{name} is damaged ({info.filename}: {err}); save it again from Word "
                        "or LibreOffice as \"Word Document (.docx)\""]
            budget -= len(content)
            problems += _part_problems(name, info.filename, content)
        return list(dict.fromkeys(problems))


class _TooBig(Exception):
    pass


def _too_big(name: str, size: int) -> str:
    return (f"{name} unpacks to more than {MAX_UNCOMPRESSED // 1_000_000:,} MB "
            f"(about {size / 1_000_000:,.0f} MB), more than a Word template needs; remove large "
            "pictures or save it again from Word or LibreOffice")


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """A part's bytes, read in chunks and stopped past `budget`: a part whose header lies
    about its size cannot inflate further than that."""
    out = bytearray()
    with archive.open(info) as part:
        while True:
            chunk = part.read(_CHUNK)
            if not chunk:
                return bytes(out)
            out += chunk
            if len(out) > budget:
                raise _TooBig()


def _part_problems(name: str, part: str, content: bytes) -> list[str]:
    """Why one part of a template may not be opened: an XML declaration of a document type or
    entity (entities can expand a few bytes into gigabytes, or read files), or a relationship
    Word would follow to the internet (other than a hyperlink a reader clicks)."""
    looks_xml = content.lstrip()[:1] == b"<" or content[:2] in (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb")
    if not (part.lower().endswith((".xml", ".rels")) or looks_xml):
        return []
    text = _decode(content)
    problems = []
    if _DECLARATION.search(text):
        problems.append(f"{name} has a DOCTYPE or ENTITY declaration in {part}, which a Word "
                        "document never needs and which can make it expand without end; save "
                        "it again from Word or LibreOffice")
    if problems:
        return problems
    # Read as XML reads it, not as text looks: `TargetMode="&#69;xternal"` or a `>` inside
    # Target hid a link from a pattern, and LibreOffice then fetched it while making a PDF.
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        if part.lower().endswith(".rels") or "relationship" in text.lower():
            return [f"{name} has a part ({part}) that is not well-formed XML, so vaplan cannot "
                    "tell where it links; save it again from Word or LibreOffice"]
        return []
    for element in root.iter():
        tag = _local(element.tag)
        attributes = {_local(k).lower(): v for k, v in element.attrib.items()}
        if tag == "Relationship":
            external = attributes.get("targetmode", "").strip().lower() == "external"
            if external and not attributes.get("type", "").strip().endswith("/hyperlink"):
                problems.append(
                    f"{name} links to an outside file or address in {part} (a relationship "
                    "with TargetMode=\"External\"), which Word would fetch when the document "
                    "opens; embed the picture or template instead")
        instruction = (element.text or "") if tag == "instrText" else attributes.get("instr", "")
        fetching = _FETCHING_FIELD.search(instruction) if tag in ("instrText", "fldSimple") else None
        if fetching:
            problems.append(
                f"{name} has a field in {part} that fetches an outside file or address "
                f"({fetching.group().upper()}), which Word or "
                "LibreOffice would follow; embed the picture or text instead")
    return list(dict.fromkeys(problems))


#: Field codes that make Word or LibreOffice read another file or address.
_FETCHING_FIELD = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b",
                             re.IGNORECASE)


def _local(name: str) -> str:
    """An XML name without its namespace: {uri}Relationship and r:Relationship are Relationship."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _decode(content: bytes) -> str:
    """XML text in whatever encoding its byte-order mark says (UTF-16 could hide a DOCTYPE
    from a search in the raw bytes)."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):
        if content.startswith(bom):
            return content[len(bom):].decode(codec, "replace")
    if content[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        return content.decode("utf-16-le" if content[0] == 0x3C else "utf-16-be", "replace")
    return content.decode("utf-8", "replace")


def xml_safe(value: Any) -> Any:
    """`value` (a view-model, its records, tuples, lists, dicts and texts) with the characters
    XML cannot hold taken out of every text: a name with \\x01 or \\x0c would otherwise make
    the Word document unreadable."""
    if isinstance(value, str):
        value = without_bidi(value)  # as every other output: no direction override
        return _NOT_XML.sub("", value) if _NOT_XML.search(value) else value
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(xml_safe(v) for v in value))
    if isinstance(value, (list, tuple)):
        return type(value)(xml_safe(v) for v in value)
    if isinstance(value, dict):
        return {xml_safe(k): xml_safe(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: xml_safe(getattr(value, f.name))
                   for f in dataclasses.fields(value) if f.init}
        changed = {k: v for k, v in changes.items() if v is not getattr(value, k)}
        return dataclasses.replace(value, **changed) if changed else value
    return value
