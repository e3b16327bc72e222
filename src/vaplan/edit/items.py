"""`vaplan confirm` and `vaplan tailor`: record one checklist item in checklist.yaml.

The file is edited with ruamel.yaml's round-trip loader, which keeps comments and key order,
and then only the lines the edit changed are carried into the person's own text (a three-way
merge of: their file, ruamel's rewrite of it unchanged, ruamel's rewrite with the edit). So
every byte outside the edited item stays as they wrote it, even where ruamel would have
rewritten a line in its own style (`~`, odd indentation, extra spaces). The result is read back
and compared with the intended data before anything is written, and it is written atomically.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from vaplan.atomic import write_atomic
from vaplan.checklist.catalogue import catalogue
from vaplan.models import REQUIRED_FILES
from vaplan.edit.starter import starter_text
from vaplan.vocabulary import did_you_mean
from vaplan.load.yamlload import load_yaml

CHECKLIST = "checklist.yaml"
#: Indentation styles tried (mapping, sequence, dash offset); the one that rewrites the file
#: least is used, so a new item is indented like the person's own.
_INDENTS = tuple((m, q, o) for m in (2, 4, 3) for q in (2, 4, 6) for o in (0, 2, 4) if o <= q - 2)

Change = Callable[[Any], tuple[str, ...]]


class EditError(Exception):
    """The edit cannot be made (unknown item, a file that does not parse): exit code 2."""


@dataclass(frozen=True)
class EditResult:
    """What `confirm` or `tailor` did, for the command line to report."""

    path: Path
    item: str
    created: bool
    #: keys of the item that were removed because they contradict the new state
    removed: tuple[str, ...] = ()
    #: lines of the old file that had to be rewritten in YAML's standard form (rarely any)
    rewritten: tuple[int, ...] = ()


def confirm_item(plan: Path, item: str, on: date, today: date,
                 note: str | None = None) -> EditResult:
    """Record that a person confirmed `item` done on `on`, with an optional note."""
    if on > today:
        raise EditError(f"the date {on.isoformat()} is in the future; a confirmation records "
                        "something already done")

    def change(entry: Any) -> tuple[str, ...]:
        removed = tuple(k for k in ("applicable", "reason") if k in entry)
        for key in removed:
            del entry[key]
        entry["status"] = "done"
        entry["date"] = on
        if note is not None:
            entry["note"] = note
        return removed

    return _edit(Path(plan), item, change)


def tailor_item(plan: Path, item: str, reason: str) -> EditResult:
    """Record that `item` does not apply to this community, and why."""
    if not reason.strip():
        raise EditError("a tailoring needs a reason: say why this item does not apply")

    def change(entry: Any) -> tuple[str, ...]:
        removed = tuple(k for k in ("status", "date", "note") if k in entry)
        for key in removed:
            del entry[key]
        entry["applicable"] = False
        entry["reason"] = reason
        return removed

    return _edit(Path(plan), item, change)


def _edit(plan: Path, item: str, change: Change) -> EditResult:
    path = _checklist_path(plan)
    created = not path.exists()
    if created:
        raw = starter_text(CHECKLIST).encode("utf-8")
    else:
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise EditError(f"cannot read {path}: {err.strerror}") from err
    data = _parsed(raw, path)
    _check_item(item, data)
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")

    expected = _plain(data) if isinstance(data, dict) else {}
    change(_entry(expected, item))
    new_text, removed, rewritten = apply_change(text, item, change, expected)
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    out = (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8")
    try:
        write_atomic(path, out, overwrite=True)
    except OSError as err:
        raise EditError(f"cannot write {path}: {err.strerror or err}") from err
    return EditResult(path, item, created, removed, rewritten)


def apply_change(text: str, item: str, change: Change, expected: Any
                 ) -> tuple[str, tuple[str, ...], tuple[int, ...]]:
    """The file's text with `change` applied to `items: {item: ...}`; only the edit differs.

    Returns the new text, the keys the change removed, and the 1-based lines of the old text
    that had to be rewritten too (empty unless the merge could not keep them). The text is
    read back and must hold `expected`, or EditError is raised.
    """
    from ruamel.yaml.comments import CommentedMap

    doc = _yaml().load(text)
    if doc is None:  # only comments, or empty: the new keys go after what is there
        doc = CommentedMap()
        removed = change(_entry(doc, item))
        tail = "" if not text or text.endswith("\n") else "\n"
        return _verified(text + tail + _dump(doc, _INDENTS[0]), expected), removed, ()
    unterminated = not text.endswith("\n")
    if unterminated:  # ruamel ends the last line; so does the merge, and it is undone below
        text += "\n"
    style = min(_INDENTS, key=lambda s: _distance(text, _dump(doc, s)))
    before = _dump(doc, style)
    items = doc.get("items")
    tail = _deepest_last(items) if isinstance(items, CommentedMap) and item not in items else None
    entry = _entry(doc, item)
    removed = _keeping_trailing_lines(entry, change)
    if tail is not None:  # a new item: what followed the last item now follows the new one
        _move_following(tail, _deepest_last(doc["items"]))
    after = _dump(doc, style)
    merged = merge(text, before, after)
    if merged is not None and _holds(merged, expected):
        if unterminated and merged.endswith(text[text.rstrip("\n").rfind("\n") + 1:]):
            merged = merged[:-1]
        return merged, removed, ()
    return _verified(after, expected), removed, _changed_lines(text, before)


def _holds(text: str, expected: Any) -> bool:
    loaded = load_yaml(text.encode("utf-8"))
    return not loaded.problems and _plain(loaded.data) == _plain(expected)


def _verified(text: str, expected: Any) -> str:
    if not _holds(text, expected):
        raise EditError("vaplan could not make this change safely, so the file is unchanged; "
                        "please report this to the vaplan developers")
    return text


def _keeping_trailing_lines(entry: Any, change: Change) -> tuple[str, ...]:
    """Apply `change`, keeping the comment lines and blank lines that follow the item.

    ruamel hangs them on the item's last key, so they would vanish with that key, or end up
    inside the item when keys are added after it; they move to the new last key instead.
    """
    last = (entry, next(reversed(entry))) if entry else None
    removed = change(entry)
    if last is not None and entry:
        _move_following(last, (entry, next(reversed(entry))))
    return removed


def _deepest_last(mapping: Any) -> tuple[Any, Any] | None:
    """The mapping and key of the last line of `mapping`'s block, where ruamel hangs what
    follows it."""
    from ruamel.yaml.comments import CommentedMap

    if not mapping:
        return None
    key = next(reversed(mapping))
    value = mapping[key]
    if isinstance(value, CommentedMap) and value:
        return _deepest_last(value)
    return mapping, key


def _move_following(old: tuple[Any, Any] | None, new: tuple[Any, Any] | None) -> None:
    """Move the comment and blank lines after `old`'s line to after `new`'s line; the end-of-
    line comment of `old` stays where it is."""
    if old is None or new is None or (old[0] is new[0] and old[1] == new[1]):
        return
    mapping, key = old
    slot = mapping.ca.items.get(key)
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None:
        return
    own, _, following = token.value.partition("\n")
    if key in mapping:
        slot[2] = _comment(own + "\n", token) if own else None
    if following:
        target = new[0].ca.items.setdefault(new[1], [None] * 4)
        target[2] = (_comment(target[2].value + following, token) if target[2] is not None
                     else _comment("\n" + following, token))


def _comment(value: str, like: Any) -> Any:
    from ruamel.yaml.tokens import CommentToken

    return CommentToken(value, like.start_mark, None)


def merge(original: str, before: str, after: str) -> str | None:
    """Carry the change from `before` to `after` into `original`; None when it cannot be placed.

    `before` is `original` as ruamel rewrites it, so the two differ only in style. A hunk of the
    change is placed in `original` through the lines of `before` whose place there is known
    (the same, or restyled one for one); an insertion needs such a line next to it. The caller
    checks the merged text's data, so a misplaced hunk can never be written.
    """
    a, b, c = (s.splitlines(keepends=True) for s in (original, before, after))
    b_to_a: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        # a line ruamel restyled (`~` to nothing) still sits at a known place in `original`
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            b_to_a.update({j1 + k: i1 + k for k in range(i2 - i1)})
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, b, c, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if any(k not in b_to_a for k in range(i1, i2)):
            return None
        places = [b_to_a[k] for k in range(i1, i2)]
        if places and places != list(range(places[0], places[0] + len(places))):
            return None
        if places:
            start = places[0]
        elif i1 in b_to_a:
            start = b_to_a[i1]
        elif i1 - 1 in b_to_a:
            start = b_to_a[i1 - 1] + 1
        elif i1 == len(b):  # added at the very end
            start = len(a)
        else:
            return None
        edits.append((start, start + len(places), c[j1:j2]))
    for start, end, lines in reversed(edits):
        a[start:end] = lines
    return "".join(a)


def known_items(data: Any) -> list[str]:
    """Item ids checklist.yaml may record: the catalogue's and the community's own (`add:`)."""
    own = []
    if isinstance(data, dict) and isinstance(data.get("add"), list):
        own = [e["id"] for e in data["add"] if isinstance(e, dict) and isinstance(e.get("id"), str)]
    return [*catalogue().ids, *own]


def _checklist_path(plan: Path) -> Path:
    if not plan.is_dir():
        raise EditError(f"there is no plan directory {str(plan)!r}")
    if not any((plan / name).is_file() for name in REQUIRED_FILES):
        raise EditError(f"{str(plan)!r} holds neither vaplan.yaml nor committee.yaml; is it the "
                        "plan directory? `vaplan init DIR` starts a new plan")
    path = plan / CHECKLIST
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(plan.resolve()):
            raise EditError(f"{path} is a link to a file outside the plan directory; vaplan "
                            "does not follow it")
        return target
    if path.exists() and not path.is_file():
        raise EditError(f"{path} is not a file")
    return path


def _parsed(raw: bytes, path: Path) -> Any:
    loaded = load_yaml(raw)
    if loaded.problems:
        first = loaded.problems[0]
        where = f"line {first.line}, column {first.column}: " if first.line else ""
        raise EditError(f"{path} cannot be edited until it is fixed ({where}{first.message}); "
                        "the file is unchanged")
    if loaded.data is not None and not isinstance(loaded.data, dict):
        raise EditError(f"{path} should be a mapping with `items:` and `add:`; fix it by hand "
                        "first, the file is unchanged")
    items = loaded.data.get("items") if isinstance(loaded.data, dict) else None
    if items is not None and not isinstance(items, dict):
        raise EditError(f"`items:` in {path} should map item ids to their status; fix it by "
                        "hand first, the file is unchanged")
    return loaded.data


def _check_item(item: str, data: Any) -> None:
    known = known_items(data)
    if item not in known:
        raise EditError(f'"{item}" is not an item of the checklist{did_you_mean(item, known)}; '
                        "`vaplan render` prints the checklist with its item ids")
    items = data.get("items") if isinstance(data, dict) else None
    entry = items.get(item) if isinstance(items, dict) else None
    if entry is not None and not isinstance(entry, dict):
        raise EditError(f'"{item}" under `items:` should be a mapping (status, date, note); fix '
                        "it by hand first, the file is unchanged")


def _entry(doc: Any, item: str) -> Any:
    """The mapping of `item` under `items:`, made where missing (in block style)."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap if isinstance(doc, CommentedMap) else dict
    items = doc.get("items")
    if items is None:
        items = mapping()
        if "items" in doc:
            doc["items"] = items
        elif isinstance(doc, CommentedMap) and "add" in doc:
            doc.insert(list(doc).index("add"), "items", items)
        else:
            doc["items"] = items
    if isinstance(items, CommentedMap) and not items and items.fa.flow_style():
        items.fa.set_block_style()
    if items.get(item) is None:
        items[item] = mapping()
    return items[item]


def _yaml(style: tuple[int, int, int] = _INDENTS[0]) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a person's long line
    mapping, sequence, offset = style
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(doc: Any, style: tuple[int, int, int]) -> str:
    out = io.StringIO()
    _yaml(style).dump(doc, out)
    return out.getvalue()


def _distance(a: str, b: str) -> int:
    ops = difflib.SequenceMatcher(None, a.splitlines(), b.splitlines(), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops.get_opcodes()
               if tag != "equal")


def _changed_lines(a: str, b: str) -> tuple[int, ...]:
    ops = difflib.SequenceMatcher(None, a.splitlines(), b.splitlines(), autojunk=False)
    return tuple(line + 1 for tag, i1, i2, _, _ in ops.get_opcodes() if tag != "equal"
                 for line in range(i1, i2))


def _plain(value: Any) -> Any:
    """Data as vaplan's loader gives it (dates as text), to compare two versions of a file."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    for kind in (bool, int, float, str):  # the loader may hand back subclasses of these
        if isinstance(value, kind):
            return kind(value)
    return value
