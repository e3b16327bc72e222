"""Turn a path into the plan into the line and column of the YAML it was read from."""

from __future__ import annotations

from typing import Any, Iterable

import yaml

from vaplan.load.yamlbuild import position

#: A request: the path into the file's data, and where to point ("key": at a mapping key).
Request = tuple[tuple, str]
Spot = tuple[int, int]


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


class _Step:
    """One place on the requested paths: the steps below it, and where it was found."""

    __slots__ = ("children", "end", "found", "key")

    def __init__(self) -> None:
        self.children: dict[Any, _Step] = {}
        self.found: Spot | None = None
        self.key: Spot | None = None
        self.end = False  # a requested path ends here


class AliasOnPath(Exception):
    """A requested path goes through an alias: only the composed nodes follow it."""


_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def locate_in_text(text: str, requests: Iterable[Request]) -> dict[Request, Spot | None]:
    """`locate` for many paths at once, from the file's text in one pass over its parse
    events, without composing it again: no tree of nodes is held, so finding where the
    findings of a 16 MB file are costs no more memory than reading it line by line.

    The answers are `locate`'s on the composed file. A path through an alias (`*name`) raises
    AliasOnPath, for the caller to compose the file and use `locate`."""
    root = _Step()
    wanted = list(dict.fromkeys(requests))
    ends = set()
    for path, _ in wanted:
        step = root
        for part in path:
            if isinstance(part, bool) or not isinstance(part, (str, int)):
                break  # no key or index is such a value: the path ends here
            step = step.children.setdefault(part, _Step())
        ends.add(step)
    for step in ends:
        step.end = True
    _walk(text, root, len(ends))
    return {request: _answer(root, *request) for request in wanted}


def _answer(root: _Step, path: tuple, anchor: str) -> Spot | None:
    if root.found is None:
        return None
    last = root
    for part in path:
        step = last.children.get(part) if isinstance(part, (str, int)) else None
        if step is None or step.found is None:
            break
        last = step
    if anchor == "key" and last.key is not None:
        return last.key
    return last.found


def _walk(text: str, root: _Step, ends: int) -> None:
    """Mark each step of the requested paths with the place of its node and of its key; stop
    reading once the `ends` steps where paths end are all found (their ancestors are too)."""
    # Each open collection a requested path enters: [its step, is a mapping, the next node is
    # a key, the step of the value after that key, the key's place, the next item's index,
    # the requested keys seen so far (the first of a repeated key is the one read)].
    stack: list[list[Any]] = []
    skip = 0  # depth inside a collection no requested path enters
    for event in _events(text):
        kind = type(event)
        if skip:
            if kind in _START:
                skip += 1
            elif kind in _END:
                skip -= 1
                if not skip:
                    _done(stack)
            continue
        if kind in _END:
            stack.pop()
            _done(stack)
            continue
        if kind is not yaml.ScalarEvent and kind is not yaml.AliasEvent and kind not in _START:
            continue  # the stream's and the document's own events
        mark = event.start_mark
        place = (mark.line + 1, mark.column + 1)
        if not stack:
            step, key = root, None
        else:
            frame = stack[-1]
            if frame[1] and frame[2]:  # a mapping key
                if kind is yaml.AliasEvent:
                    raise AliasOnPath()  # only composing says which key it is
                frame[3], frame[4] = None, place
                value = event.value if kind is yaml.ScalarEvent else None
                if isinstance(value, str) and value in frame[0].children \
                        and value not in frame[6]:
                    frame[6].add(value)
                    frame[3] = frame[0].children[value]
                if kind in _START:
                    skip = 1  # a list or mapping as a key is never looked up
                else:
                    _done(stack)
                continue
            if frame[1]:
                step, key = frame[3], frame[4]
            else:
                step, key = frame[0].children.get(frame[5]), None
        if kind is yaml.AliasEvent:
            if step is not None:
                raise AliasOnPath()
            _done(stack)
            continue
        if step is not None:
            step.found, step.key = place, key
            if step.end:
                ends -= 1
                if not ends:
                    return
        if kind in _START:
            if step is None or not step.children:
                skip = 1
                continue
            stack.append([step, kind is yaml.MappingStartEvent, True, None, None, 0, set()])
        else:
            _done(stack)


def _events(text: str) -> Iterable[Any]:
    """The parse events of `text`: straight from libyaml's parser where PyYAML has it (a third
    faster than through yaml.parse's generator), else from PyYAML's own."""
    c_parser = getattr(yaml, "CParser", None) or _c_parser()
    if c_parser is None:
        yield from yaml.parse(text, Loader=_PARSER)
        return
    parser = c_parser(text)
    try:
        yield from iter(parser.get_event, None)
    finally:
        parser.dispose()


def _c_parser() -> Any:
    try:
        from yaml import _yaml
    except ImportError:  # PyYAML without libyaml
        return None
    return _yaml.CParser


def _done(stack: list[list[Any]]) -> None:
    """A whole node has been read in the innermost open collection: a key, a value or an item."""
    if stack:
        frame = stack[-1]
        if frame[1]:
            frame[2] = not frame[2]
        else:
            frame[5] += 1
