"""Build plain data from composed YAML nodes, refusing what a plan never needs."""

from __future__ import annotations

from typing import Any

from vaplan.findings import Problem

MAX_DEPTH = 64
#: Nodes that may be built again through aliases: a "billion laughs" file stops here.
MAX_ALIAS_NODES = 100_000

STR = "tag:yaml.org,2002:str"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
_SAFE_SCALARS = {
    STR, "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
}


def position(node: Any) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1


class Builder:
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
        if tag == STR:
            return node.value
        self._budget -= 1
        if self._budget < 0 or depth > MAX_DEPTH or self._stopped:
            return self._stop(node, depth)
        if tag == MAP:
            return self._mapping(node, depth)
        if tag == SEQ:
            self._budget -= len(node.value)
            return [item.value if item.tag == STR else self.build(item, depth + 1)
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
            out[key] = value_node.value if value_node.tag == STR else self.build(
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
