"""Read one YAML file safely into plain data, keeping the composed nodes for positions.

Parsing goes through ruamel.yaml's C parser (ruamel.yaml.clib): it builds nodes that carry the
line and column of every key and item, several times faster than the round-trip loader, which
stays with the commands that edit files. Data is built from the nodes by our own small walker,
so no tag can ever construct a Python object, aliases cannot expand without bound, and every
fault becomes a Problem rather than an exception.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from vaplan.findings import Problem

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
#: Nodes that may be built again through aliases: a "billion laughs" file stops here.
MAX_ALIAS_NODES = 100_000
#: Stack bytes the C composer uses per nesting level (measured: ~220), with margin.
_STACK_PER_LEVEL = 320
_STACK_CAP = 1024 * 1024 * 1024

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
    node: Any = None
    problems: list[Problem] = field(default_factory=list)


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Bytes to text: UTF-8 with or without a BOM; binary junk and bad bytes become a problem."""
    if b"\x00" in raw[:8192]:
        return None, Problem("VP001", "this file is binary, not YAML text", line=1, column=1,
                             hint="replace it with the plan's YAML text, saved as UTF-8")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, Problem(
            "VP001", f"this file is not valid UTF-8 text (byte 0x{raw[err.start]:02x})",
            line=line, column=column, hint="save the file as UTF-8 in your editor")


def load_yaml(raw: bytes) -> LoadedFile:
    """Parse one file's bytes; every fault ends as a Problem on the returned LoadedFile."""
    if len(raw) > MAX_FILE_BYTES:
        return LoadedFile(problems=[Problem(
            "VP008", f"this file is {len(raw) // (1024 * 1024)} MiB, more than vaplan reads "
            f"({MAX_FILE_BYTES // (1024 * 1024)} MiB)", line=1, column=1,
            hint="split the plan or remove what does not belong in it")])
    text, problem = decode(raw)
    if problem:
        return LoadedFile(problems=[problem])
    node, problem = _compose(text)
    if problem:
        return LoadedFile(problems=[problem])
    builder = _Builder()
    data = builder.build(node) if node is not None else None
    return LoadedFile(data=data, node=node, problems=builder.problems)


def _compose(text: str) -> tuple[Any, Problem | None]:
    """Compose nodes with the C parser in a thread whose stack fits the deepest possible nesting.

    The C composer recurses once per nesting level and a deep enough file overflows the C stack
    (a crash, not an exception). A level needs one of `[{-:?`, so their count bounds the depth.
    """
    bound = sum(text.count(c) for c in "[{-:?") + 16
    if bound * _STACK_PER_LEVEL > _STACK_CAP:
        depth = _flow_depth(text)
        if depth > MAX_DEPTH:
            return None, _too_deep(depth)
    result: dict[str, Any] = {}
    stack = min(max(bound * _STACK_PER_LEVEL + (8 << 20), 32 << 20), _STACK_CAP)
    old = threading.stack_size(stack)
    try:
        worker = threading.Thread(target=_compose_into, args=(text, result), daemon=True)
        worker.start()
    finally:
        threading.stack_size(old)
    worker.join()
    if "error" in result:
        return None, _syntax_problem(result["error"], text)
    return result.get("node"), None


def _compose_into(text: str, result: dict[str, Any]) -> None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        result["node"] = YAML(typ="safe", pure=False).compose(text)
    except (YAMLError, ValueError, RecursionError) as err:
        result["error"] = err


def _flow_depth(text: str) -> int:
    """Deepest flow nesting, counted on brackets; only asked of files too big to bound cheaply."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _too_deep(depth: int) -> Problem:
    return Problem("VP008", f"this file nests {depth} levels deep; plan files need only a few",
                   line=1, column=1, hint="remove the deeply nested brackets")


_PLAIN = {
    "expected a single document in the stream":
        "this file holds more than one YAML document (a second '---'); a plan file holds one",
}


def _syntax_problem(err: Exception, text: str) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None)
    words = _PLAIN.get(problem) or " ".join(p for p in (context, problem) if p)
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    source_line = text.splitlines()[line - 1] if 0 < line <= text.count("\n") + 1 else ""
    if "\t" in source_line[:column]:
        words = "a tab character is used here; YAML indentation needs spaces"
    return Problem("VP001", f"YAML syntax error: {words}", line=line, column=column,
                   hint="fix the YAML at this line and column: check indentation (spaces, "
                        "not tabs), colons after keys, and matching quotes and brackets")


def position(node: Any) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, refusing what a plan never needs."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._alias_nodes = 0
        self._stopped = False

    def build(self, node: Any, depth: int = 0) -> Any:
        if self._stopped:
            return None
        if id(node) in self._seen:
            self._alias_nodes += 1
            if self._alias_nodes > MAX_ALIAS_NODES:
                return self._stop(node, "aliases in this file expand to more than "
                                  f"{MAX_ALIAS_NODES:,} values (a \"billion laughs\" file)")
        else:
            self._seen.add(id(node))
        if depth > MAX_DEPTH:
            return self._stop(node, f"this file nests more than {MAX_DEPTH} levels deep; plan "
                              "files need only a few")
        if node.tag == _MAP:
            return self._mapping(node, depth)
        if node.tag == _SEQ:
            return [self.build(item, depth + 1) for item in node.value]
        if node.tag in _SAFE_SCALARS:
            return _scalar(node.tag, node.value)
        line, column = position(node)
        self.problems.append(Problem(
            "VP008", f"the tag \"{node.tag.replace('tag:yaml.org,2002:', '!!')}\" is not allowed "
            "in a plan file", line=line, column=column,
            hint="remove the tag: plan files hold only text, numbers, dates, lists and mappings"))
        return None

    def _mapping(self, node: Any, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag not in _SAFE_SCALARS or not isinstance(key_node.value, str):
                line, column = position(key_node)
                self.problems.append(Problem("VP002", "a key must be plain text", line=line,
                                             column=column, hint="write the key as a word"))
                continue
            key = key_node.value
            if key in out:
                line, column = position(key_node)
                first = next(k for k, _ in node.value if k.value == key)
                self.problems.append(Problem(
                    "VP004", f"the key \"{key}\" appears twice in this mapping (first on line "
                    f"{first.start_mark.line + 1})", line=line, column=column,
                    hint="keep one of them; only the first is used"))
                continue
            out[key] = self.build(value_node, depth + 1)
        return out

    def _stop(self, node: Any, message: str) -> None:
        line, column = position(node)
        self._stopped = True
        self.problems.append(Problem("VP008", message, line=line, column=column,
                                     hint="write the values out plainly, without deep nesting "
                                          "or repeated aliases (*name)"))
        return None


def _scalar(tag: str, value: str) -> Any:
    if tag == _STR or tag.endswith("timestamp"):
        return value  # dates stay text: the schema parses YYYY-MM-DD itself
    if tag.endswith("null"):
        return None
    if tag.endswith("bool"):
        return value.lower() in ("true", "yes", "on", "y")
    try:
        if tag.endswith("int"):
            return int(value.replace("_", ""), 0) if value[:2] in ("0x", "0o") else int(
                value.replace("_", ""))
        low = value.lower().replace("_", "")
        if low.lstrip("+-") in (".inf", ".nan"):
            return float(low.replace(".", ""))
        return float(low)
    except ValueError:
        return value
