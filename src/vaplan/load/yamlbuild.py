"""Build plain data from composed YAML nodes, refusing what a plan never needs."""

from __future__ import annotations

import re
from typing import Any

from vaplan.findings import Problem
from vaplan.load.yamlerrors import short_tag, tag_misfit

MAX_DEPTH = 64
#: Nodes that may be built again through aliases: a "billion laughs" file stops here.
MAX_ALIAS_NODES = 100_000
#: Characters of text that aliases may add beyond the file's own size: one 1 MB string aliased
#: 500 times is few values but 500 MB of text for every report and document made from it.
MAX_ALIAS_CHARS = 1_000_000

STR = "tag:yaml.org,2002:str"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
_SAFE_SCALARS = {
    STR, "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
}

#: The YAML 1.2 core schema's forms of a plain scalar, one group per tag (the loader resolves
#: untagged scalars with it, and the builder checks that an explicit tag fits its value).
CORE_SCALAR = re.compile(
    r"(?P<bool>true|True|TRUE|false|False|FALSE)"
    r"|(?P<int>[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))"
    r"|(?P<null>~|null|Null|NULL|)"
    r"|(?P<timestamp>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)")
_KIND_OF_TAG = {MAP: "mapping", SEQ: "sequence"}


def position(node: Any) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1


class Builder:
    """Turns composed nodes into dicts, lists and scalars, refusing what a plan never needs.

    Aliases share nodes, so a "billion laughs" file builds far more values than it has
    characters: the budget of built values is the text's length plus MAX_ALIAS_NODES, and the
    budget of built text is the text's length plus MAX_ALIAS_CHARS (without aliases, no file
    builds more text than it holds). Every node's tag must fit its kind and its value: a tag
    names what a value is, so `!!int {}` or `!!bool maybe` is a fault to show, not to guess at.
    """

    def __init__(self, text_length: int = 0) -> None:
        self.problems: list[Problem] = []
        self._budget = text_length + MAX_ALIAS_NODES
        self._chars = text_length + MAX_ALIAS_CHARS
        self._stopped = False

    def build(self, node: Any, depth: int = 0) -> Any:
        tag, kind = node.tag, node.id
        if kind == "scalar" and tag == STR:
            self._chars -= len(node.value)
            if self._chars < 0:
                return self._stop(node, depth)
            return node.value
        self._budget -= 1
        if self._budget < 0 or self._chars < 0 or depth > MAX_DEPTH or self._stopped:
            return self._stop(node, depth)
        if tag == MAP and kind == "mapping":
            return self._mapping(node, depth)
        if tag == SEQ and kind == "sequence":
            return self._sequence(node, depth)
        if tag in _SAFE_SCALARS or tag in _KIND_OF_TAG:
            if kind != "scalar" or tag in _KIND_OF_TAG:
                return self._misfit(node)
            return self._scalar(node)
        line, column = position(node)
        self.problems.append(Problem(
            "VP008", f"the tag \"{short_tag(tag)}\" is not allowed in a plan file", line=line,
            column=column,
            hint="remove the tag: plan files hold only text, numbers, dates, lists and mappings"))
        return None

    def _sequence(self, node: Any, depth: int) -> list[Any] | None:
        self._budget -= len(node.value)
        out: list[Any] = []
        chars = 0
        for item in node.value:
            if item.tag == STR and item.id == "scalar":  # most items: no call, no checks
                chars += len(item.value)
                out.append(item.value)
            else:
                out.append(self.build(item, depth + 1))
        self._chars -= chars
        # Items share their text with the nodes, so the list costs little until it is used:
        # stopping here still keeps the expansion out of every report and document.
        if self._chars < 0:
            self._stop(node, depth)
            return None
        return out

    def _mapping(self, node: Any, depth: int) -> dict[str, Any] | None:
        out: dict[str, Any] = {}
        self._budget -= len(node.value)
        chars = 0
        firsts: dict[str, Any] | None = None
        for key_node, value_node in node.value:
            key = key_node.value
            if key_node.id != "scalar" or key_node.tag not in _SAFE_SCALARS:
                line, column = position(key_node)
                self.problems.append(Problem("VP002", "a key must be plain text", line=line,
                                             column=column, hint="write the key as a word"))
                continue
            chars += len(key)
            if key in out:
                if firsts is None:  # built once, at the first repeat: a wide mapping stays linear
                    firsts = {}
                    for k, _ in node.value:
                        if isinstance(k.value, str):
                            firsts.setdefault(k.value, k)
                self._duplicate(firsts[key], key_node)
                continue
            if value_node.tag == STR and value_node.id == "scalar":
                chars += len(value_node.value)
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node, depth + 1)
        self._chars -= chars
        if self._chars < 0:
            self._stop(node, depth)
            return None
        return out

    def _scalar(self, node: Any) -> Any:
        tag, value = node.tag, node.value
        match = CORE_SCALAR.fullmatch(value)
        form = match.lastgroup if match else None
        want = tag.rsplit(":", 1)[-1]
        if form != want and not (want == "float" and form == "int"):
            return self._misfit(node)
        return _scalar(tag, value)

    def _misfit(self, node: Any) -> None:
        line, column = position(node)
        self.problems.append(tag_misfit(node.tag, node.id, node.value, line, column))
        return None

    def _duplicate(self, first: Any, key_node: Any) -> None:
        line, column = position(key_node)
        self.problems.append(Problem(
            "VP004", f"the key \"{key_node.value}\" appears twice in this mapping (first on line "
            f"{first.start_mark.line + 1})", line=line, column=column,
            hint="keep one of them; only the first is used"))

    def _stop(self, node: Any, depth: int) -> None:
        if self._stopped:
            return None
        self._stopped = True
        line, column = position(node)
        if depth > MAX_DEPTH:
            message = (f"this file nests more than {MAX_DEPTH} levels deep; plan files need "
                       "only a few")
        elif self._chars < 0:
            message = ("aliases in this file expand to more than "
                       f"{MAX_ALIAS_CHARS:,} characters of text beyond its size")
        else:
            message = ("aliases in this file expand to more than "
                       f"{MAX_ALIAS_NODES:,} values beyond its size (a \"billion laughs\" file)")
        self.problems.append(Problem("VP008", message, line=line, column=column,
                                     hint="write the values out plainly, without deep nesting "
                                          "or repeated aliases (*name)"))
        return None


class _Source:
    """A number that remembers how it was written, so that where the plan wants text
    (`phone: +15205550101`, `id: 007`, `plan_version: 3.10`) the text is kept, not the digits."""

    source: str

    def __new__(cls, number: Any, source: str) -> Any:
        made = super().__new__(cls, number)  # type: ignore[call-arg]
        made.source = source
        return made

    def __str__(self) -> str:
        return self.source


class SourceInt(_Source, int):
    """A whole number with its written form."""


class SourceFloat(_Source, float):
    """A number with a point with its written form."""


def _scalar(tag: str, value: str) -> Any:
    if tag == STR or tag.endswith("timestamp"):
        return value  # dates stay text: the schema parses YYYY-MM-DD itself
    if tag.endswith("null"):
        return None
    if tag.endswith("bool"):
        return value.lower() == "true"  # the builder let only the core schema's forms through
    try:
        if tag.endswith("int"):
            return SourceInt(int(value, 0) if value[:2] in ("0x", "0o") else int(value), value)
        low = value.lower()
        if low.lstrip("+-") in (".inf", ".nan"):
            return SourceFloat(float(low.replace(".", "")), value)
        return SourceFloat(float(low), value)
    except ValueError:
        return value
