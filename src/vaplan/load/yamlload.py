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

from dataclasses import dataclass, field
from typing import Any, Iterable

import yaml

from vaplan.findings import Problem
from vaplan.load.positions import AliasOnPath, Request, locate, locate_in_text
from vaplan.load.yamlbuild import (  # noqa: F401
    CORE_SCALAR,
    MAP,
    SEQ,
    STR,
    Builder,
    position,  # (position is re-exported)
)
from vaplan.load.yamlerrors import syntax_problem

MAX_FILE_BYTES = 64 * 1024 * 1024
#: Faults of the builder after which a file is not read at all. A repeated key is not one of
#: them: its first value is used, and the finding says so.
UNREADABLE = frozenset({"VP002", "VP008"})

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
        """The composed node tree, for the commands that edit a file. It is composed again on
        first use: holding every file's nodes through a check would double its memory."""
        if self._node is None and self.text:
            self._node, _ = _compose(self.text)
        return self._node

    def places(self, requests: Iterable[Request]) -> dict[Request, tuple[int, int] | None]:
        """Line and column of each (path, anchor) in this file, as `positions.locate` gives
        them, found in one pass over the file's parse events: the file is not composed again
        (unless a path goes through an alias), and no tree of nodes is held meanwhile."""
        wanted = list(requests)
        if not wanted or not self.text:
            return {}
        # A path that leaves the data (a key the file does not have) is placed where the data
        # ends, so it is asked for there: the pass can then stop as soon as every place is
        # found. Not where a key was left out of the data (VP002): the nodes still have it.
        exact = any(p.code == "VP002" for p in self.problems)
        asked = {request: request if exact else _within(self.data, request)
                 for request in wanted}
        try:
            found = locate_in_text(self.text, set(asked.values()))
        except (AliasOnPath, yaml.YAMLError):
            return {request: locate(self.node, *request) for request in wanted}
        return {request: found[asked[request]] for request in wanted}


def _within(data: Any, request: Request) -> Request:
    """The request cut where its path leaves `data`: at a key a mapping lacks or an index past
    a list's end. Where the data holds no container (a value it could not build), the path is
    kept whole: the nodes may go further."""
    path, anchor = request
    for depth, part in enumerate(path):
        if isinstance(data, dict) and isinstance(part, str) and not isinstance(part, bool):
            if part not in data:
                return path[:depth], anchor
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and not isinstance(part, bool):
            if not 0 <= part < len(data):
                return path[:depth], anchor
            data = data[part]
        else:
            return request
    return request


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
    if problem or text is None:
        return LoadedFile(problems=[problem] if problem else [])
    node, problem = _compose(text)
    if problem:
        return LoadedFile(problems=[problem])
    builder = Builder(len(text))
    data = builder.build(node) if node is not None else None
    if any(p.code in UNREADABLE for p in builder.problems):
        # The data would not be what the file says (a value its tag does not fit, an expansion
        # cut short): like a syntax error, the file is not read, so no rule and no document
        # works from a guess (a roster of "0 members" from `members: !!map a`).
        return LoadedFile(problems=builder.problems)
    return LoadedFile(data=data, text=text, problems=builder.problems)


_PLAIN_START = frozenset("tTfF-+0123456789.~nN")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer, resolving plain scalars by the YAML 1.2 core schema in one regex."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and (not value or value[0] in _PLAIN_START):
                match = CORE_SCALAR.fullmatch(value)
                if match:
                    return f"tag:yaml.org,2002:{match.lastgroup}"
            return STR
        return SEQ if kind is yaml.SequenceNode else MAP

    def descend_resolver(self, *_: Any) -> None:  # no path resolvers: skip the bookkeeping
        return None

    def ascend_resolver(self, *_: Any) -> None:
        return None


def _libyaml_limits_nesting() -> bool:
    """libyaml 0.2.6 (PyYAML 6.0.4's wheels) stops at 1,000 levels; 0.2.5 recurses without limit
    and a deep enough file crashes the process. Python's own composer raises RecursionError."""
    if not getattr(yaml, "__with_libyaml__", False):
        return True
    from yaml import _yaml

    return tuple(int(p) for p in _yaml.get_version_string().split(".")[:3]) >= (0, 2, 6)


NESTING_LIMITED = _libyaml_limits_nesting()
MAX_NESTING = 1000


#: Values (keys, items, texts) composed from one file at most. A composed value costs about
#: 370 bytes (measured on the benchmark plan), so this caps composing near 750 MB; a 64 MB file
#: of `[a,a,a,...` would otherwise need 10 GB. The 20,000-member benchmark committee has 700,000.
MAX_NODES = 2_000_000
#: Each value but the first two follows one of these characters, which brings in at most two.
_SEPARATORS = ",:-?[{}\n\r"


def _too_much(text: str) -> Problem | None:
    """A file with more values than MAX_NODES, or (without libyaml's own limit) nested deeper
    than MAX_NESTING, found on the event stream (one event at a time, no tree) before composing.

    Counting the separators first is cheap and proves most files small enough: only files that
    could hold too many values, or nest too deep, are read through as events.
    """
    separators = sum(text.count(c) for c in _SEPARATORS)
    if 2 * separators + 2 <= MAX_NODES and (NESTING_LIMITED or separators < MAX_NESTING):
        return None
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING and not NESTING_LIMITED:
                    line, column = _place(event.start_mark)
                    return Problem("VP008", "this file nests more than 1,000 levels deep; plan "
                                   "files need only a few", line=line, column=column,
                                   hint="remove the deeply nested brackets or indentation")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            elif not isinstance(event, yaml.ScalarEvent):
                continue
            nodes += 1
            if nodes > MAX_NODES:
                line, column = _place(event.start_mark)
                return Problem("VP008", f"this file holds more than {MAX_NODES:,} values (keys, "
                               "list items and texts), more than vaplan reads in one plan file",
                               line=line, column=column,
                               hint="split the plan or remove what does not belong in it")
    except yaml.YAMLError:
        return None  # composing reports the fault at its place
    return None


def _compose(text: str) -> tuple[Any, Problem | None]:
    problem = _too_much(text)
    if problem:
        return None, problem
    try:
        return yaml.compose(text, Loader=_Loader), None
    except (yaml.YAMLError, RecursionError) as err:
        return None, syntax_problem(err, text)


def _place(mark: Any) -> tuple[int | None, int | None]:
    """The 1-based line and column of a libyaml mark, for a Problem; none without a mark."""
    return (None, None) if mark is None else (mark.line + 1, mark.column + 1)
