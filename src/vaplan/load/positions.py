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
    # By the node's kind, not its tag: `x: !!map a` is a scalar whatever its tag says.
    if node.id == "mapping" and isinstance(part, str):
        return _keys(node).get(part)
    elif node.id == "sequence" and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def _keys(node: Any) -> dict[Any, tuple[Any, Any]]:
    """A mapping node's first entry for each key, made once and kept on the node: a finding on
    each of 40,000 keys would otherwise search the mapping 40,000 times."""
    index = getattr(node, "vaplan_keys", None)
    if index is None:
        index = {}
        for key, value in node.value:
            if isinstance(key.value, str):  # a list or mapping as a key is never looked up
                index.setdefault(key.value, (key, value))
        node.vaplan_keys = index
    return index
