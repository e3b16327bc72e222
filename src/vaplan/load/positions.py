"""Turn a path into the plan into the line and column of a composed YAML node."""

from __future__ import annotations

from typing import Any

from vaplan.load.yamlbuild import position


def locate(node: Any, path: tuple, anchor: str = "key") -> tuple[int, int] | None:
    """Line and column for `path` inside `node` (the file's root); None for an empty file.

    A path that leaves the tree (a missing key) stops at the deepest node that exists. With
    anchor "key", a path ending in a mapping key points at the key (`members:`), else at the value.
    """
    if node is None:
        return None
    key_node = None
    for part in path:
        child = _child(node, part)
        if child is None:
            break
        key_node, node = child
    if anchor == "key" and key_node is not None:
        return position(key_node)
    return position(node)


def _child(node: Any, part: Any) -> tuple[Any, Any] | None:
    if node.tag.endswith(":map") and isinstance(part, str):
        for key, value in node.value:
            if key.value == part:
                return key, value
    elif node.tag.endswith(":seq") and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None
