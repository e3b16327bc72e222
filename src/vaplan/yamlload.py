"""Read one YAML file safely into plain data, keeping the composed nodes for positions.

Parsing goes through libyaml's C parser (PyYAML's CSafeLoader composer): it builds nodes that
carry the line and column of every key and item. Measured on a 16 MB plan it composes three
times faster than ruamel.yaml's C parser, which is why it is used here; ruamel.yaml's round-trip
loader stays with the commands that edit files. libyaml refuses nesting deeper than 1,000 levels
(a crash in a recursive composer otherwise). Data is built from the nodes by our own small
walker, so no tag can ever construct a Python object, aliases cannot expand without bound, and
every fault becomes a Problem rather than an exception. Scalars are resolved by the YAML 1.2
core schema, so `NO`, `yes` and `on` stay text as a person means them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from vaplan.findings import Problem

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
#: Nodes that may be built again through aliases: a "billion laughs" file stops here.
MAX_ALIAS_NODES = 100_000

_STR = "tag:yaml.org,2002:str"
_SAFE_SCALARS = {
    _STR, "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass
class LoadedFile:
    """One plan file: its data (None when it could not be read) and its composed node tree."""

    data: Any = None
    #: the decoded text, kept so nodes can be composed again when a finding needs a position.
    text: str | None = None
    problems: list[Problem] = field(default_factory=list)
    _node: Any = None

    @property
    def readable(self) -> bool:
        return self.text is not None

    @property
    def node(self) -> Any:
        """The composed node tree, for positions. It is composed again on first use: holding
        every file's nodes through a check would double its memory, and a clean plan never
        asks for them."""
        if self._node is None and self.text:
            self._node, _ = _compose(self.text)
        return self._node


_UTF16_32 = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32",
             b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Bytes to text: UTF-8 with or without a BOM; binary junk and bad bytes become a problem."""
    for bom, encoding in _UTF16_32.items():
        if raw.startswith(bom):
            return None, Problem("VP001", f"this file is saved as {encoding} text; vaplan reads "
                                 "UTF-8", line=1, column=1,
                                 hint="save the file again as UTF-8 in your editor")
    if b"\x00" in raw[:8192]:
        return None, Problem("VP001", "this file is binary, not YAML text", line=1, column=1,
                             hint="replace it with the plan's YAML text, saved as UTF-8")
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line_start = body.rfind(b"\n", 0, err.start) + 1
        line = body[: err.start].count(b"\n") + 1
        column = len(body[line_start: err.start].decode("utf-8", "replace")) + 1
        return None, Problem(
            "VP001", f"this file is not valid UTF-8 text (byte 0x{body[err.start]:02x} on line "
            f"{line})", line=line, column=column, hint="save the file as UTF-8 in your editor")


def describe_size(size: int) -> str:
    """A file size in words: "70.3 MB", "512 bytes"."""
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def oversized(size: int, limit: int) -> Problem:
    """The problem for a file larger than MAX_FILE_BYTES."""
    big, most = describe_size(size), describe_size(limit)
    if big == most:  # just over the limit: rounded sizes would read "67.1 MB, more than 67.1 MB"
        big, most = f"{size:,} bytes", f"{limit:,} bytes"
    return Problem("VP008", f"this file is {big}, more than the {most} vaplan reads in one "
                   "plan file",
                   line=1, column=1, hint="split the plan or remove what does not belong in it")


def load_yaml(raw: bytes) -> LoadedFile:
    """Parse one file's bytes; every fault ends as a Problem on the returned LoadedFile."""
    if len(raw) > MAX_FILE_BYTES:
        return LoadedFile(problems=[oversized(len(raw), MAX_FILE_BYTES)])
    text, problem = decode(raw)
    if problem:
        return LoadedFile(problems=[problem])
    node, problem = _compose(text)
    if problem:
        return LoadedFile(problems=[problem])
    builder = _Builder(len(text))
    data = builder.build(node) if node is not None else None
    return LoadedFile(data=data, text=text, problems=builder.problems)


_CORE_SCALAR = re.compile(
    r"(?P<bool>true|True|TRUE|false|False|FALSE)"
    r"|(?P<int>[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))"
    r"|(?P<null>~|null|Null|NULL|)"
    r"|(?P<timestamp>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)")
_PLAIN_START = frozenset("tTfF-+0123456789.~nN")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer, resolving plain scalars by the YAML 1.2 core schema in one regex."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and (not value or value[0] in _PLAIN_START):
                match = _CORE_SCALAR.fullmatch(value)
                if match:
                    return f"tag:yaml.org,2002:{match.lastgroup}"
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, *_: Any) -> None:  # no path resolvers: skip the bookkeeping
        return None

    def ascend_resolver(self, *_: Any) -> None:
        return None


def _compose(text: str) -> tuple[Any, Problem | None]:
    try:
        return yaml.compose(text, Loader=_Loader), None
    except (yaml.YAMLError, RecursionError) as err:
        return None, _syntax_problem(err, text)


#: libyaml's words for a fault -> plain words; {start} is the line where the construct began.
_PLAIN = {
    "expected a single document in the stream":
        "this file holds more than one YAML document (a second '---'); a plan file holds one",
    "found unexpected end of stream":
        "a quote opened on line {start} is never closed",
    "did not find expected ',' or ']'":
        "the list in square brackets opened on line {start} is not closed with ']', or a comma "
        "is missing between its items",
    "did not find expected ',' or '}'":
        "the mapping in curly braces opened on line {start} is not closed with '}}', or a comma "
        "is missing between its entries",
    "mapping values are not allowed in this context":
        "a colon followed by a space is not allowed here: put a value that contains ': ' in "
        "quotes, and check that the line above ends its key with a colon",
    "did not find expected '-' indicator":
        "this line is not indented like the list that starts on line {start}",
    "did not find expected key":
        "this line is not indented like the keys above it (from line {start}), or text follows "
        "a closing quote or bracket",
    "could not find expected ':'":
        "the key on line {start} has no colon after it",
    "found undefined alias":
        "an alias (*name) refers to an anchor (&name) that is not defined",
    "found unknown escape character":
        "a backslash inside double quotes starts an escape YAML does not know; use single "
        "quotes, or write two backslashes",
    "found character that cannot start any token":
        "this character cannot start a value; put the value in quotes",
}


def _syntax_problem(err: Exception, text: str) -> Problem:
    if isinstance(err, yaml.reader.ReaderError):
        return _reader_problem(err, text)
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    start = getattr(err, "context_mark", None) or mark
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None)
    plain = _PLAIN.get(problem) or _PLAIN.get(context)
    if problem == "found unexpected end of stream":
        mark = start  # the end of the file says nothing; the opening quote is what to fix
    words = (plain.format(start=start.line + 1 if start else 1) if plain
             else " ".join(p for p in (context, problem) if p))
    if "maximum nesting depth" in str(problem) or isinstance(err, RecursionError):
        return Problem("VP008", "this file nests more than 1,000 levels deep; plan files need "
                       "only a few", line=mark.line + 1 if mark else 1,
                       column=mark.column + 1 if mark else 1,
                       hint="remove the deeply nested brackets or indentation")
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t-"))]
    if "\t" in indent or "tab" in str(problem) or source_line[column - 1: column] == "\t":
        words = "a tab character is used here; YAML indentation needs spaces"
    return Problem("VP001", f"YAML syntax error: {words}", line=line, column=column,
                   hint="fix the YAML at this line and column: check indentation (spaces, "
                        "not tabs), colons after keys, and matching quotes and brackets")


def _reader_problem(err: Any, text: str) -> Problem:
    """A character YAML does not allow (a control character), at its line and column."""
    before = text[: err.position]
    line = before.count("\n") + 1
    column = err.position - (before.rfind("\n") + 1) + 1
    code = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or " ")
    return Problem("VP001", f"this file contains the control character U+{code:04X}, which "
                   "YAML does not allow", line=line, column=column,
                   hint="delete the character; it is often pasted in by accident from another "
                        "program")


def position(node: Any) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, refusing what a plan never needs.

    Aliases share nodes, so a "billion laughs" file builds far more values than it has
    characters; the budget of built values is the text's length plus MAX_ALIAS_NODES.
    """

    def __init__(self, text_length: int = 0) -> None:
        self.problems: list[Problem] = []
        self._budget = text_length + MAX_ALIAS_NODES
        self._stopped = False

    def build(self, node: Any, depth: int = 0) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        self._budget -= 1
        if self._budget < 0 or depth > MAX_DEPTH or self._stopped:
            return self._stop(node, depth)
        if tag == _MAP:
            return self._mapping(node, depth)
        if tag == _SEQ:
            self._budget -= len(node.value)
            return [item.value if item.tag == _STR else self.build(item, depth + 1)
                    for item in node.value]
        if tag in _SAFE_SCALARS:
            return _scalar(tag, node.value)
        line, column = position(node)
        self.problems.append(Problem(
            "VP008", f"the tag \"{tag.replace('tag:yaml.org,2002:', '!!')}\" is not allowed "
            "in a plan file", line=line, column=column,
            hint="remove the tag: plan files hold only text, numbers, dates, lists and mappings"))
        return None

    def _mapping(self, node: Any, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self._budget -= len(node.value)
        for key_node, value_node in node.value:
            key = key_node.value
            if key_node.tag not in _SAFE_SCALARS or not isinstance(key, str):
                line, column = position(key_node)
                self.problems.append(Problem("VP002", "a key must be plain text", line=line,
                                             column=column, hint="write the key as a word"))
                continue
            if key in out:
                self._duplicate(node, key_node)
                continue
            out[key] = value_node.value if value_node.tag == _STR else self.build(
                value_node, depth + 1)
        return out

    def _duplicate(self, node: Any, key_node: Any) -> None:
        line, column = position(key_node)
        first = next(k for k, _ in node.value if k.value == key_node.value)
        self.problems.append(Problem(
            "VP004", f"the key \"{key_node.value}\" appears twice in this mapping (first on line "
            f"{first.start_mark.line + 1})", line=line, column=column,
            hint="keep one of them; only the first is used"))

    def _stop(self, node: Any, depth: int) -> None:
        if self._stopped:
            return None
        self._stopped = True
        line, column = position(node)
        message = (f"this file nests more than {MAX_DEPTH} levels deep; plan files need only a "
                   "few" if depth > MAX_DEPTH else "aliases in this file expand to more than "
                   f"{MAX_ALIAS_NODES:,} values beyond its size (a \"billion laughs\" file)")
        self.problems.append(Problem("VP008", message, line=line, column=column,
                                     hint="write the values out plainly, without deep nesting "
                                          "or repeated aliases (*name)"))
        return None


class SourceInt(int):
    """A whole number that remembers how it was written, so that where the plan wants text
    (`phone: +15205550101`, `id: 007`) the text is kept, not the number's digits."""

    source: str

    def __new__(cls, number: int, source: str) -> SourceInt:
        made = super().__new__(cls, number)
        made.source = source
        return made

    def __str__(self) -> str:
        return self.source


class SourceFloat(float):
    """A number with a point that remembers how it was written (`plan_version: 3.10`)."""

    source: str

    def __new__(cls, number: float, source: str) -> SourceFloat:
        made = super().__new__(cls, number)
        made.source = source
        return made

    def __str__(self) -> str:
        return self.source


def _scalar(tag: str, value: str) -> Any:
    if tag == _STR or tag.endswith("timestamp"):
        return value  # dates stay text: the schema parses YYYY-MM-DD itself
    if tag.endswith("null"):
        return None
    if tag.endswith("bool"):
        return value.lower() in ("true", "yes", "on", "y")
    try:
        if tag.endswith("int"):
            return SourceInt(int(value, 0) if value[:2] in ("0x", "0o") else int(value), value)
        low = value.lower()
        if low.lstrip("+-") in (".inf", ".nan"):
            return SourceFloat(float(low.replace(".", "")), value)
        return SourceFloat(float(low), value)
    except ValueError:
        return value
