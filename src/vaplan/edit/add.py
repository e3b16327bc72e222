"""`vaplan add member|agreement|gap|resource|...`: add one entry to a list of the plan, from
options named after the workbook's columns, with the workbook's checks and messages, through
vaplan.edit.records (the merge engine and the folder lock)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vaplan.edit.merge import EditError
from vaplan.edit.records import ListEdit, PlanFiles, done_after, edit_lists, problems_in
from vaplan.edit.sheets import (
    CellProblem,
    Column,
    Sheet,
    article,
    from_cell,
    missing,
    sharing_ids,
    sheet_named,
    sheets,
)
from vaplan.edit.workbook import plan_ids, ref_problems, set_value


@dataclass(frozen=True)
class Added:
    """What `vaplan add` wrote, for the command line to say."""

    path: Path
    sheet: str
    id: str
    created: bool


def addable() -> dict[str, Sheet]:
    """The lists `vaplan add` adds to, by the word it takes (member, agreement...)."""
    return {s.spec.add: s for s in sheets() if s.spec.add}


def derived_id(sheet: Sheet, values: dict[Column, Any]) -> str | None:
    """An id from the entry's name (organization, name, title, need): "Pima County Office of
    Emergency Management" -> pima-county-office-of-emergency-management (at most 40 letters)."""
    for column in sheet.columns[1:]:
        if column.path[-1] in ("organization", "name", "title", "need") and \
                isinstance(values.get(column), str) and len(column.path) == 1:
            ascii_text = unicodedata.normalize("NFKD", values[column]).encode(
                "ascii", "ignore").decode()
            words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
            while len(words) > 40 and "-" in words:
                words = words.rsplit("-", 1)[0]
            return words[:40].strip("-") or None
    return None


def add_entry(plan: Path, sheet: Sheet, given: dict[Column, Any],
              today: date | None = None) -> Added:
    """Add the entry the options give (`given`: column -> what was typed; lists as lists).
    With `today`, a date that records something done (vaplan.facts.done) may not be after it:
    a year typed wrong would otherwise count as done now, as `vaplan confirm` and `exercise
    add` refuse too."""
    problems: list[str] = []
    values: dict[Column, Any] = {}
    for column, raw in given.items():
        try:
            value = from_cell(column, raw, _all_disciplines(plan) if
                              column.vocabulary == "disciplines" else ())
        except CellProblem as err:
            problems.append(f"{column.option}: {err}")
            values[column] = None  # said already: not missing as well
            continue
        if value is not None and value != column.default:
            values[column] = value
    id_column = sheet.columns[0]
    if id_column not in values:
        derived = derived_id(sheet, values)
        if derived is not None:
            values[id_column] = derived
    entry: dict[str, Any] = {}
    for column in sheet.columns:
        if values.get(column) is not None:
            set_value(entry, column.path, values[column])
    # the id is made from the name: when the name was refused, the missing id is that
    lacking = [c.option for c in missing(sheet, entry) if c not in values and not (
        c is id_column and problems)]
    if lacking:
        problems.append(f"{article(sheet.spec.noun)} needs {', '.join(lacking)}")
    if problems:
        raise EditError("; ".join(problems) + "; nothing was added")
    entry_id = str(values[id_column])
    if id_column.kind == "text" and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", entry_id):
        raise EditError(f'--id: "{entry_id}" cannot be an id: use lower-case letters, digits, - '
                        "and _, starting with a letter or digit")

    def decide(read: PlanFiles) -> list[ListEdit]:
        ids = plan_ids(read)
        if entry_id in ids[sheet.name]:
            raise EditError(f"{sheet.spec.file} already has {article(sheet.spec.noun)} "
                            f'"{entry_id}"; give the new one another id with --id; nothing '
                            "was added")
        for other in sharing_ids(sheet.name):
            if entry_id in ids.get(other, ()):
                noun = sheet_named(other).spec.noun  # type: ignore[union-attr]
                raise EditError(f'"{entry_id}" is already the id of {article(noun)} in '
                                f"{sheet.spec.file}, and the plan names both by id; give the "
                                f"new {sheet.spec.noun} another id with --id; nothing was added")
        found = []
        for column, value in values.items():
            if column.ref is not None and value is not None:
                found += [f"{column.option}: {p}" for p in ref_problems(column, value, ids)]
        invalid = problems_in(sheet.model, entry, read.context)
        found += [f"{_option(sheet, p.path)}: {p.message}" for p in invalid]
        if not invalid and today is not None:
            found += [f"{option}: {words}; {option} records something done: give the day "
                      f"it happened, or leave {option} out until then"
                      for path, words in done_after(sheet.spec.file, sheet.spec.key, entry,
                                                    read.context, today)
                      for option in [_option(sheet, path)]]
        if found:
            raise EditError("; ".join(found) + "; nothing was added")
        old = read.entries(sheet.spec.file, sheet.spec.key)
        days = frozenset(c.path for c in sheet.columns if c.kind == "day")
        return [ListEdit(sheet.spec.file, sheet.spec.key, sheet.spec.id_field,
                         [*old, entry], days)]

    read, _, written = edit_lists(plan, (sheet.spec.file,), decide)
    path = written[0].path if written else Path(plan) / sheet.spec.file
    return Added(path, sheet.name, entry_id, sheet.spec.file in read.created)


def _all_disciplines(plan: Path) -> tuple[str, ...]:
    from vaplan.edit.records import validation_context

    return tuple(validation_context(Path(plan)).get("disciplines", ()))


def _option(sheet: Sheet, path: tuple[Any, ...]) -> str:
    names = tuple(p for p in path if isinstance(p, str))
    for column in sorted(sheet.columns, key=lambda c: -len(c.path)):
        if names[:len(column.path)] == column.path:
            return column.option
    return next((c.option for c in sheet.columns if names and c.path[0] == names[0]),
                sheet.spec.noun)
