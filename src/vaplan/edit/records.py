"""Change the entries of the plan's lists (members, agreements, resources...) in their files,
through the merge engine and under the folder lock `vaplan confirm` takes: every file is read,
changed and checked in memory first, and only then are the changed files written, each
atomically. Used by `vaplan import workbook` and `vaplan add`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from vaplan.atomic import locked, why
from vaplan.edit.items import plan_file_path, read_for_edit, refuse_unreadable, rewrite_file
from vaplan.edit.merge import EditError, plain
from vaplan.load.positions import locate
from vaplan.load.yamlload import load_yaml
from vaplan.models import FILE_MODELS

#: Text that YAML 1.1 readers (PyYAML, many editors' and CI tools' parsers) take for true or
#: false: vaplan reads it as text, but an id `yes` must stay text to every reader of the plan.
_YAML11_WORDS = re.compile(r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF")

#: How a new list is indented when the file has none to copy: like the starter's examples.
_STYLE = (2, 4, 2)


@dataclass
class ListEdit:
    """The new state of one list of a plan file: entries by id, in order.

    `entries` is the whole list as it must read afterwards (plain data, dates as text);
    `days` are the keys (paths inside an entry) that hold dates, written as YAML dates."""

    file: str
    key: str
    id_field: str
    entries: list[dict[str, Any]]
    days: frozenset[tuple[str, ...]] = frozenset()


@dataclass
class PlanFiles:
    """The plan's files as read under the lock: each file's bytes and plain data."""

    directory: Path
    raw: dict[str, bytes] = field(default_factory=dict)
    data: dict[str, dict[str, Any]] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)
    #: what validation needs beyond the data, read once
    context: dict[str, Any] = field(default_factory=dict)

    def entries(self, file: str, key: str) -> list[dict[str, Any]]:
        value = self.data.get(file, {}).get(key)
        return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


@dataclass(frozen=True)
class Written:
    """A file the edit wrote, and the old lines YAML's standard form had to rewrite too."""

    path: Path
    created: bool
    rewritten: tuple[int, ...] = ()


def validation_context(directory: Path) -> dict[str, Any]:
    """What validation needs beyond the data (rule names, the plan's own disciplines): the
    checker's, so an import or add accepts exactly what `vaplan check` accepts. The one call."""
    from vaplan.check.validation import plan_context
    from vaplan.load.plan import PlanError, load_plan

    try:
        return plan_context(load_plan(directory))
    except PlanError as err:
        raise EditError(str(err)) from err


def done_after(file: str, key: str, entry: dict[str, Any], context: dict[str, Any],
               today: date) -> list[tuple[tuple[str, ...], str]]:
    """The dates of one new or changed entry of `file`'s list `key` that record something done
    (vaplan.facts.done, what VP010 reads) and are after `today`: each one's path in the entry
    and, in VP010's words, what it says was done and when. `vaplan add` and `import workbook`
    refuse them: a year typed wrong would count as done now."""
    from vaplan.facts.done import done_dates
    from vaplan.models import PlanModels
    from vaplan.validate import validate

    model, _ = validate(FILE_MODELS[file], {key: [entry]}, context)
    if model is None:
        return []
    plan = PlanModels.of({file.removesuffix(".yaml"): model})
    return [(tuple(p for p in done.path[3:] if isinstance(p, str)),
             f"{done.people or done.what} on {done.day}, a date after today ({today})")
            for done in done_dates(plan) if done.day > today]


def problems_in(model: type[Any], data: Any, context: dict[str, Any]) -> list[Any]:
    """What `vaplan check` would report about `data` as `model` (a file or one entry), as
    vaplan.findings.Problem: the one call of validation for import and add."""
    from vaplan.validate import validate

    return validate(model, data, context)[1]


def edit_lists(plan: Path, files: tuple[str, ...],
               decide: Callable[[PlanFiles], list[ListEdit]], *, write: bool = True
               ) -> tuple[PlanFiles, list[ListEdit], list[Written]]:
    """Read `files` under the plan folder's lock, let `decide` say the new lists (it may raise
    EditError to stop with nothing written), and write the files that change (none when
    `write` is false, for a dry run). Returns what was read, the edits and what was written."""
    plan = Path(plan)
    paths = {name: _path(plan, name) for name in files}
    try:
        with locked(plan):
            read = PlanFiles(plan, context=validation_context(plan))
            for name, path in paths.items():
                raw, created = read_for_edit(path, name)
                read.raw[name] = raw
                if created:
                    read.created.add(name)
                read.data[name] = _usable(name, raw, path, read.context)
            edits = decide(read)
            texts = _new_texts(read, paths, edits, dry_run=not write)
            if not write:
                return read, edits, []
            written = []
            for name, (edit, expected) in texts.items():
                _, _, rewritten = rewrite_file(paths[name], read.raw[name], edit, expected,
                                               accept=_accepting(name, paths[name],
                                                                 read.context),
                                               prefer=_STYLE)
                written.append(Written(paths[name], name in read.created, rewritten))
            return read, edits, written
    except OSError as err:
        raise EditError(f"cannot edit the plan in {plan}: {why(err)}") from err


def _path(plan: Path, name: str) -> Path:
    link = plan / name
    if link.is_symlink():
        raise EditError(f"{link} is a link; vaplan edits only an ordinary file, so it is "
                        "unchanged (put the file itself in the plan folder)")
    return plan_file_path(plan, name)


def _usable(name: str, raw: bytes, path: Path, context: dict[str, Any]) -> dict[str, Any]:
    """The file's plain data; a file YAML cannot read, or whose lists are not lists, or that
    `vaplan check` would report a schema error in, is fixed by hand first."""
    loaded = load_yaml(raw)
    refuse_unreadable(loaded, path)
    if loaded.data is not None and not isinstance(loaded.data, dict):
        raise EditError(f"{path} should be a mapping of keys; fix it by hand first, the file "
                        "is unchanged")
    _valid(name, loaded, path, context,
           "fix that part of the file by hand first; nothing was changed")
    return plain(loaded.data) if isinstance(loaded.data, dict) else {}


def _valid(name: str, loaded: Any, path: Path, context: dict[str, Any], then: str) -> None:
    problems = problems_in(FILE_MODELS[name], loaded.data, context)
    if problems:
        first = problems[0]
        found = locate(loaded.node, first.path, first.anchor or "key")
        where = f"{path}:{found[0]}" if found else str(path)
        raise EditError(f"{where}: {first.message}; {then}")


def _accepting(name: str, path: Path, context: dict[str, Any]) -> Callable[[str], None]:
    def accept(text: str) -> None:
        _valid(name, load_yaml(text.encode("utf-8")), path, context,
               "the change was not made; please report this to the vaplan developers")
    return accept


class _Preview(Exception):
    """Carries the text an edit would write, without writing it."""

    def __init__(self, text: str) -> None:
        self.text = text


def _new_texts(read: PlanFiles, paths: dict[str, Path], edits: list[ListEdit], dry_run: bool
               ) -> dict[str, tuple[Callable[[Any], tuple[str, ...]], Any]]:
    """Each file that changes, with its edit and the data it must hold afterwards; every one
    is made in memory (and checked) before any is written."""
    out: dict[str, tuple[Callable[[Any], tuple[str, ...]], Any]] = {}
    for one in edits:
        refuse_duplicate_ids(read, one.file, one.key, one.id_field)
    for name in paths:
        mine = [e for e in edits if e.file == name]
        expected = _expected(read.data[name], mine)
        if mine and expected != read.data[name]:  # an unchanged list changes no byte
            out[name] = (_doc_edit(mine, read.data[name]), expected)

    def preview(text: str) -> None:
        raise _Preview(text)

    # one file is checked by rewrite_file itself before it writes; several (or a dry run's)
    # are each made and checked here first, so one that cannot be made stops them all
    for name, (edit, expected) in out.items() if len(out) > 1 or dry_run else ():
        try:
            rewrite_file(paths[name], read.raw[name], edit, expected, accept=preview,
                         prefer=_STYLE)
        except _Preview as made:
            _accepting(name, paths[name], read.context)(made.text)
    return out


def refuse_duplicate_ids(read: PlanFiles, file: str, key: str, id_field: str) -> None:
    """Entries are matched by id, so a list where two share one is fixed by hand first."""
    seen: set[Any] = set()
    for entry in read.entries(file, key):
        entry_id = entry.get(id_field)
        if entry_id in seen:
            raise EditError(f'{read.directory / file} has two entries of `{key}:` with the id '
                            f'"{entry_id}"; give one another id by hand first (`vaplan check` '
                            "shows where); nothing was changed")
        seen.add(entry_id)


def _expected(data: dict[str, Any], edits: list[ListEdit]) -> dict[str, Any]:
    expected = dict(data)
    for edit in edits:
        if edit.entries or edit.key in expected:
            expected[edit.key] = [dict(e) for e in edit.entries]
    return expected


def _doc_edit(edits: list[ListEdit], data: dict[str, Any]) -> Callable[[Any], tuple[str, ...]]:
    """The edits made on ruamel's round-trip document: changed keys set in place, removed
    entries deleted, new entries appended, the comment lines after a list kept after it."""

    def edit(doc: Any) -> tuple[str, ...]:
        for one in edits:
            _edit_list(doc, one)
        return ()

    return edit


def _edit_list(doc: Any, edit: ListEdit) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from vaplan.edit.exercises import _add_blank_line, _blank_line_after, _tail
    from vaplan.edit.merge import move_following as _move_following

    seq = doc.get(edit.key)
    if not isinstance(seq, CommentedSeq):
        if not edit.entries:
            return
        seq = CommentedSeq()
        doc[edit.key] = seq
    if not edit.entries:
        _empty_list(doc, edit.key, seq)
        return
    if seq.fa.flow_style():
        seq.fa.set_block_style()
    wanted = {e[edit.id_field]: e for e in edit.entries}
    for index in reversed(range(len(seq))):
        entry = seq[index]
        entry_id = plain(entry.get(edit.id_field)) if isinstance(entry, CommentedMap) else None
        if entry_id not in wanted:
            tail = _tail(seq) if index == len(seq) - 1 else None
            del seq[index]
            if tail is not None and len(seq):
                _move_following(tail, _tail(seq))
            if index == 0 and len(seq):
                _no_blank_lines_before_first(seq)
    have = {plain(e.get(edit.id_field)): e for e in seq if isinstance(e, CommentedMap)}
    for entry_id, new in wanted.items():
        if entry_id in have:
            old = have[entry_id]
            tail = _tail(old)
            _sync(old, new, (), edit.days)
            _move_following(tail, _tail(old))
    for entry_id, new in wanted.items():
        if entry_id in have:
            continue
        spaced = len(seq) >= 2 and _blank_line_after(_tail(seq[-2]))
        tail = _tail(seq)
        seq.append(_node(new, (), edit.days, None))
        _move_following(tail, _tail(seq))
        if spaced and tail is not None:
            _add_blank_line(tail, _tail(seq[-3]))


def _empty_list(doc: Any, key: str, seq: Any) -> None:
    """Every entry removed: the list becomes `key: []`. ruamel would print the comments it
    hung before the first entry between the key and `[]` (YAML that does not parse), so
    those go with the entries; the lines after the last entry stay after the list."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.tokens import CommentToken

    from vaplan.edit.exercises import _tail, _token

    if not len(seq):
        return
    after = _token(_tail(seq))
    following = after.value.partition("\n")[2] if after is not None else ""
    empty = CommentedSeq()
    empty.fa.set_flow_style()
    held = doc.ca.items.get(key)
    if held and len(held) > 3:
        held[3] = None  # the comments before the first entry
    doc[key] = empty
    if following:
        held = doc.ca.items.setdefault(key, [None] * 4)
        own = held[2].value if held[2] is not None else "\n"
        held[2] = CommentToken(own + following, after.start_mark, None)


def _no_blank_lines_before_first(seq: Any) -> None:
    """The entry that becomes the first keeps the blank lines that set it apart from the one
    before it: ruamel hangs them before it. A list starts right under its key, so they go."""
    held = seq.ca.items.get(0)
    before = held[1] if held and len(held) > 1 else None
    if isinstance(before, list) and all(not getattr(t, "value", "x").strip() for t in before):
        held[1] = None


def _sync(mapping: Any, new: dict[str, Any], path: tuple[str, ...],
          days: frozenset[tuple[str, ...]]) -> None:
    """Make `mapping` hold `new`, touching only the keys whose value differs."""
    from ruamel.yaml.comments import CommentedMap

    for key in [k for k in mapping if k not in new]:
        del mapping[key]
    for key, value in new.items():
        old = mapping.get(key)
        if isinstance(value, dict) and isinstance(old, CommentedMap):
            _sync(old, value, (*path, key), days)
        elif key not in mapping or plain(old) != value:
            mapping[key] = _node(value, (*path, key), days, old)


def _node(value: Any, path: tuple[str, ...], days: frozenset[tuple[str, ...]], old: Any) -> Any:
    """A plain value as the round-trip document holds it: dates as dates, a list of ids on one
    line (unless it replaces a list written one item a line), text of several lines as a
    block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _node(item, (*path, key), days, None)
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq([_node(v, path, days, None) for v in value])
        # ids and vocabulary words on one line; sentences and names one to a line
        block = isinstance(old, CommentedSeq) and not old.fa.flow_style() or any(
            isinstance(v, str) and (len(v) > 40 or any(c.isspace() for c in v)) for v in value)
        if not block:
            seq.fa.set_flow_style()
        return seq
    if path in days and isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and _YAML11_WORDS.fullmatch(value):
        from ruamel.yaml.scalarstring import SingleQuotedScalarString

        return SingleQuotedScalarString(value)
    return value
