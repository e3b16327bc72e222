"""`vaplan confirm` and `vaplan tailor`: record one checklist item in checklist.yaml, through
the merge engine of vaplan.edit.merge, and write it atomically."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from vaplan.atomic import locked, why, write_atomic
from vaplan.catalogue import catalogue
from vaplan.edit.merge import (
    EditError,
    deepest_last,
    edit_text,
    keeping_trailing_lines,
    move_following,
    plain,
    written,
)
from vaplan.edit.starter import starter_text
from vaplan.load.planfile import PlanFileError, read_plan_file
from vaplan.load.yamlload import load_yaml
from vaplan.models import REQUIRED_FILES
from vaplan.text import typed_text_fault
from vaplan.vocabulary import did_you_mean

CHECKLIST = "checklist.yaml"
Change = Callable[[Any], tuple[str, ...]]


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
    fault = typed_text_fault(note) if note is not None else None
    if fault:
        raise EditError(f"the note holds {fault}; write it as one line of plain text")

    def change(entry: Any) -> tuple[str, ...]:
        removed = tuple(k for k in ("applicable", "reason") if k in entry)
        for key in removed:
            del entry[key]
        entry["status"] = "done"
        entry["date"] = on
        if note is not None:
            entry["note"] = written(note)
        return removed

    return _edit(Path(plan), item, change)


def tailor_item(plan: Path, item: str, reason: str) -> EditResult:
    """Record that `item` does not apply to this community, and why."""
    if not reason.strip():
        raise EditError("a tailoring needs a reason: say why this item does not apply")
    fault = typed_text_fault(reason)
    if fault:
        raise EditError(f"the reason holds {fault}; write it as one line of plain text")

    def change(entry: Any) -> tuple[str, ...]:
        removed = tuple(k for k in ("status", "date", "note") if k in entry)
        for key in removed:
            del entry[key]
        entry["applicable"] = False
        entry["reason"] = written(reason)
        return removed

    return _edit(Path(plan), item, change)


def _edit(plan: Path, item: str, change: Change) -> EditResult:
    path = plan_file_path(plan, CHECKLIST)
    # read, change and write under one lock, so a concurrent confirm or tailor cannot write
    # its version over this one's change (or this one over its)
    try:
        with locked(path.parent):
            return _edit_locked(path, item, change)
    except OSError as err:
        raise EditError(f"cannot edit {path}: {why(err)}") from err


def _edit_locked(path: Path, item: str, change: Change) -> EditResult:
    raw, created = read_for_edit(path, CHECKLIST)
    data = _parsed(raw, path)
    _check_item(item, data)
    expected = plain(data) if isinstance(data, dict) else {}
    change(_entry(expected, item))
    _, removed, rewritten = rewrite_file(path, raw, _item_edit(item, change), expected)
    return EditResult(path, item, created, removed, rewritten)


def read_for_edit(path: Path, name: str) -> tuple[bytes, bool]:
    """The file's bytes and whether it is new: a plan file not there yet starts as the starter
    file `vaplan init` writes, comments and all."""
    if not path.exists():
        return starter_text(name).encode("utf-8"), True
    try:  # never a FIFO, a device or a link out of the plan, whatever plan_file_path saw
        return read_plan_file(path.parent, path.name), False
    except PlanFileError as err:
        raise EditError(f"cannot read {path}: {err}; the file is unchanged") from err
    except OSError as err:
        raise EditError(f"cannot read {path}: {err.strerror}") from err


def rewrite_file(path: Path, raw: bytes, edit: Callable[[Any], tuple[str, ...]], expected: Any,
                 accept: Callable[[str], None] | None = None,
                 prefer: tuple[int, int, int] | None = None
                 ) -> tuple[str, tuple[str, ...], tuple[int, ...]]:
    """Apply `edit` to the file read as `raw` through the merge engine (its byte order mark
    and line ends kept), let `accept` refuse the new text (by raising EditError), and write it
    atomically. Returns the new text (with \\n line ends), the keys removed and the old lines
    rewritten."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    new_text, removed, rewritten = edit_text(text, edit, expected, prefer)
    if accept is not None:
        accept(new_text)
    out = new_text.replace("\n", "\r\n") if crlf else new_text
    try:
        write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8"),
                     overwrite=True)
    except OSError as err:
        raise EditError(f"cannot write {path}: {why(err)}") from err
    return new_text, removed, rewritten


def _item_edit(item: str, change: Change) -> Callable[[Any], tuple[str, ...]]:
    """The edit of `items: {item: ...}` in a round-trip document, keeping the comment and blank
    lines that follow the item, or the last item when the item is new, where they were."""
    from ruamel.yaml.comments import CommentedMap

    def edit(doc: Any) -> tuple[str, ...]:
        items = doc.get("items")
        tail = deepest_last(items) if isinstance(items, CommentedMap) and item not in items else None
        removed = keeping_trailing_lines(_entry(doc, item), change)
        if tail is not None:  # a new item: what followed the last item now follows the new one
            move_following(tail, deepest_last(doc["items"]))
        return removed

    return edit


def known_items(data: Any) -> list[str]:
    """Item ids checklist.yaml may record: the catalogue's and the community's own (`add:`)."""
    own = []
    if isinstance(data, dict) and isinstance(data.get("add"), list):
        own = [e["id"] for e in data["add"] if isinstance(e, dict) and isinstance(e.get("id"), str)]
    return [*catalogue().ids, *own]


def plan_file_path(plan: Path, name: str) -> Path:
    """Where the plan file `name` of the plan directory `plan` is, refusing a folder that is
    not a plan, a link out of it, and anything but a file."""
    plan = Path(plan)
    if not plan.is_dir():
        raise EditError(f"there is no plan directory {str(plan)!r}")
    if not any((plan / name).is_file() for name in REQUIRED_FILES):
        raise EditError(f"{str(plan)!r} holds neither vaplan.yaml nor committee.yaml; is it the "
                        "plan directory? `vaplan init DIR` starts a new plan")
    path = plan / name
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(plan.resolve()):
            raise EditError(f"{path} is a link to a file outside the plan directory; vaplan "
                            "does not follow it")
        _not_another_plan_file(plan, name, target)
        return target
    if path.exists() and not path.is_file():
        raise EditError(f"{path} is not a file")
    return path


def _not_another_plan_file(plan: Path, name: str, target: Path) -> None:
    """Refuse a plan file that is a link to another plan file (checklist.yaml -> committee.yaml):
    an edit of one would be written into the other."""
    from vaplan.models import FILE_MODELS

    others = [other for other in FILE_MODELS if other != name]
    same = target.name in others or any(
        (plan / other).exists() and os.path.samefile(target, plan / other) for other in others)
    if same:
        raise EditError(f"{plan / name} is a link to {target.name}, another file of the plan; "
                        f"vaplan does not write {name} through it: make {name} an ordinary "
                        "file of its own")


def refuse_unreadable(loaded: Any, path: Path) -> None:
    """Stop an edit of a file YAML cannot read: it is fixed by hand first, and stays as it is."""
    if loaded.problems:
        first = loaded.problems[0]
        where = f"line {first.line}, column {first.column}: " if first.line else ""
        raise EditError(f"{path} cannot be edited until it is fixed ({where}{first.message}); "
                        "the file is unchanged")


def _parsed(raw: bytes, path: Path) -> Any:
    loaded = load_yaml(raw)
    refuse_unreadable(loaded, path)
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


