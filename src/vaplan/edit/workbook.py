"""`vaplan import workbook`: read a workbook `vaplan export workbook` made (and people filled),
check every cell, and change the plan's lists to match, through vaplan.edit.records.

Every row is read and checked before anything is written; any cell that cannot be taken is
reported by sheet, row and column heading, and then nothing is written. A sheet left out of
the workbook leaves its list alone; a row left out removes its entry only when removals are
allowed. The workbook is read within bounds (its size, its unzipped size, rows and columns),
so a hostile file gets a message, never a hang or all the memory.
"""

from __future__ import annotations

import copy
import io
import os
import re
import stat
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vaplan.edit.merge import EditError
from vaplan.edit.records import (
    ListEdit,
    PlanFiles,
    done_after,
    edit_lists,
    problems_in,
    refuse_duplicate_ids,
)
from vaplan.edit.sheets import (
    REF_SHEETS,
    CellProblem,
    Column,
    Sheet,
    article,
    from_cell,
    get,
    missing,
    same,
    sharing_ids,
    sheet_named,
    sheets,
)
from vaplan.vocabulary import did_you_mean

#: Bounds on what is read: a committee's workbook is well under a megabyte.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 30 * 1024 * 1024  # openpyxl holds every shared string in memory
MAX_PARTS = 1000
MAX_ROWS = 5000
#: Rows looked at, empty or not: 100,000 empty rows below the entries are read (as nothing).
MAX_SCANNED_ROWS = 200_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 10_000
#: Sheets of the workbook that are not lists of the plan.
_NOT_LISTS = ("About", "Lists")


@dataclass(frozen=True)
class Row:
    """One filled row of a sheet: its number in the spreadsheet and its cells by heading."""

    number: int
    cells: dict[str, Any]


@dataclass
class ReadSheet:
    headings: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass
class Change:
    """What the import does to one entry."""

    sheet: str
    id: str
    row: int | None
    #: add, change, remove or keep (a row left out, removals not allowed)
    what: str
    headings: tuple[str, ...] = ()


@dataclass
class ImportResult:
    changes: list[Change]
    written: list[Path]
    problems: list[str]
    sheets_read: list[str]
    #: sheets where an id seems to have changed: one entry left and another came
    renamed: list[str] = field(default_factory=list)
    #: removed entries other entries still name
    still_named: list[str] = field(default_factory=list)


class WorkbookProblems(EditError):
    """Cells that cannot be taken: nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} cell(s) cannot be taken, so nothing was changed")
        self.problems = problems


# reading the file -------------------------------------------------------------------------------

def read_workbook(path: Path) -> dict[str, ReadSheet]:
    """Every sheet of the workbook with its headings and filled rows; EditError in plain words
    for a file that is not a workbook vaplan can read safely."""
    data = _bytes(Path(path))
    _safe_zip(data, path)
    # openpyxl warns of what it leaves out (Excel's extensions, a date it cannot place); the
    # cells it hands over are checked here, and the person sees those messages, not Python's
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_book(data, path)


def _read_book(data: bytes, path: Path) -> dict[str, ReadSheet]:
    try:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise EditError(f"{path} cannot be read as an Excel workbook (.xlsx): "
                        f"{_short(err)}; save it again as an .xlsx workbook") from err
    try:
        return {ws.title: _read_sheet(ws, data, path) for ws in book.worksheets}
    except EditError:
        raise
    except Exception as err:  # noqa: BLE001
        raise EditError(f"{path} cannot be read as an Excel workbook (.xlsx): "
                        f"{_short(err)}; save it again as an .xlsx workbook") from err
    finally:
        book.close()


def _short(err: Exception) -> str:
    text = str(err) or type(err).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _bytes(path: Path) -> bytes:
    """The file's bytes: a regular file, never a FIFO or a device, within MAX_FILE_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise EditError(f"there is no file {path}") from None
    except OSError as err:
        raise EditError(f"cannot read {path}: {err.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise EditError(f"{path} is not a file; give the workbook's .xlsx file")
        if info.st_size > MAX_FILE_BYTES:
            raise EditError(f"{path} is {info.st_size // (1024 * 1024)} MB; a plan's workbook "
                            f"is far smaller, and vaplan reads at most "
                            f"{MAX_FILE_BYTES // (1024 * 1024)} MB")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return stream.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)


def _safe_zip(data: bytes, path: Path) -> None:
    """An .xlsx is a zip: refuse one that is not, or that unzips to far more than it holds."""
    if not data.startswith(b"PK"):
        raise EditError(f"{path} is not an Excel workbook (.xlsx); open it in your spreadsheet "
                        "program and save it as an Excel workbook (.xlsx)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise EditError(f"{path} is not an Excel workbook (.xlsx) that can be read "
                        f"({_short(err)}); save it again as an .xlsx workbook") from err
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNZIPPED_BYTES:
        raise EditError(f"{path} unzips to far more than a plan's workbook holds; vaplan does "
                        "not read it (save the plan's sheets alone in a new workbook)")


def _read_sheet(ws: Any, data: bytes, path: Path) -> ReadSheet:
    _refuse_merged(ws, data)
    rows = ws.iter_rows(max_col=MAX_COLUMNS)
    first = next(rows, ())
    headings = [_heading(c.value) for c in first]
    read = ReadSheet(headings)
    blank: Any = None
    for scanned, cells in enumerate(rows, start=2):
        if scanned > MAX_SCANNED_ROWS:  # a row numbered 999,999,999 is not waited for
            raise EditError(f"the sheet {ws.title} runs past row {MAX_SCANNED_ROWS:,}; a plan's "
                            "sheet is far shorter (delete the rows below its entries and save "
                            "again)")
        if cells is blank:  # openpyxl hands the rows a sheet skips as one shared empty row
            continue
        values = {}
        number = None
        for index, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            number = getattr(cell, "row", None)
            if getattr(cell, "data_type", None) == "f" or (
                    isinstance(value, str) and value.startswith("=") and
                    getattr(cell, "data_type", None) != "s"):
                value = _Formula(str(value))
            elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                value = _TooLong(len(value))
            heading = headings[index] if index < len(headings) else ""
            values[heading or _UNHEADED + _letter(index + 1)] = value
        if not values:
            blank = cells
        if values and number is not None:
            if len(read.rows) >= MAX_ROWS:
                raise EditError(f"the sheet {ws.title} has more than {MAX_ROWS} filled rows; "
                                "vaplan reads at most that many")
            read.rows.append(Row(number, values))
    return read


#: A value in a column with no heading is kept under this prefix and its column's letter, so
#: the import says where it is instead of leaving it out unsaid.
_UNHEADED = "\0column "


def _letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(number))


def _heading(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _refuse_merged(ws: Any, data: bytes) -> None:
    """Merged cells hide values in all but their first cell: refused, with where they are."""
    part = getattr(ws, "_worksheet_path", None)
    if not isinstance(part, str):
        return
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            xml = archive.read(part.lstrip("/"))
        except KeyError:
            return
    merged = re.findall(rb'<(?:\w+:)?mergeCell\s[^>]*ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', xml)
    if merged:
        where = ", ".join(m.decode() for m in merged[:3]) + (" and more" if len(merged) > 3 else "")
        raise EditError(f"the sheet {ws.title} has merged cells ({where}); unmerge them, so "
                        "each value sits in its own cell, and save the workbook again")


@dataclass(frozen=True)
class _Formula:
    text: str


@dataclass(frozen=True)
class _TooLong:
    length: int


# what the workbook changes ---------------------------------------------------------------------

def import_workbook(plan: Path, path: Path, *, dry_run: bool = False,
                    allow_removals: bool = False, today: date | None = None) -> ImportResult:
    """Change the plan's lists to match the workbook at `path` (nothing at all when a cell
    cannot be taken: WorkbookProblems lists them all). With `today`, a changed cell that
    records something done may not hold a date after it (vaplan.edit.records.done_after)."""
    from vaplan.export.workbook import base_name

    book = read_workbook(path)
    known = {s.name: s for s in sheets()}
    bases = {name: book.pop(base_name(name)) for name in known if base_name(name) in book}
    problems: list[str] = []
    for title in book:
        if title not in known and title not in _NOT_LISTS:
            problems.append(f'the sheet "{title}" is not a list of the plan'
                            f"{did_you_mean(title, list(known))}; the sheets are: "
                            f"{', '.join(known)}")
    book = {name: _canonical(known[name], taken) if name in known else taken
            for name, taken in book.items()}
    used = [s for s in known.values() if s.name in book]
    if not used:
        raise EditError(f"{path} has none of the plan's sheets ({', '.join(known)}); export "
                        "one with `vaplan export workbook`")
    files = tuple(dict.fromkeys(s.spec.file for s in used))
    changes: list[Change] = []
    renamed: list[str] = []
    still_named: list[str] = []

    def decide(read: PlanFiles) -> list[ListEdit]:
        edits = _decide(read, book, used, allow_removals, problems, changes, renamed, bases,
                        today)
        if problems:
            raise WorkbookProblems(problems)
        still_named.extend(_still_named(read, edits, changes))
        return edits

    _, _, written = edit_lists(plan, files, decide, write=not dry_run)
    return ImportResult(changes, [w.path for w in written], [], [s.name for s in used], renamed,
                        still_named)


def _base_rows(sheet: Sheet, base: ReadSheet | None, extra: tuple[str, ...]
               ) -> dict[str, Row] | None:
    """The sheet's rows as exported, by id (None for a workbook without them: one exported
    before vaplan kept them, whose every cell is taken as the person's)."""
    if base is None:
        return None
    rows = {}
    for row in _canonical(sheet, base).rows:
        try:
            entry_id = _value(sheet.columns[0], row.cells.get("id"), extra)
        except CellProblem:
            continue
        if entry_id is not None:
            rows[str(entry_id)] = row
    return rows


def _decide(read: PlanFiles, book: dict[str, ReadSheet], used: list[Sheet],
            allow_removals: bool, problems: list[str], changes: list[Change],
            renamed: list[str], bases: dict[str, ReadSheet], today: date | None = None
            ) -> list[ListEdit]:
    extra = tuple(read.context.get("disciplines", ()))
    ids = plan_ids(read)
    for sheet in used:  # the ids the imported lists will hold
        ids[sheet.name] = [_id_text(r.cells.get("id")) for r in book[sheet.name].rows
                           if r.cells.get("id") is not None]
    _shared_ids(book, used, ids, problems)
    edits = []
    for sheet in used:
        taken = book[sheet.name]
        where = sheet.name
        refuse_duplicate_ids(read, sheet.spec.file, sheet.spec.key, sheet.spec.id_field)
        old_entries = read.entries(sheet.spec.file, sheet.spec.key)
        _check_headings(sheet, taken, problems, bool(old_entries))
        old = {str(e.get(sheet.spec.id_field)): e for e in old_entries}
        exported = _base_rows(sheet, bases.get(sheet.name), extra)
        seen: dict[str, int] = {}
        rows = []
        for row in taken.rows:
            entry_id = _row_id(sheet, row, where, problems, extra)
            if entry_id is None:
                continue
            if entry_id in seen:
                problems.append(f'{where}, row {row.number}, id: "{entry_id}" is also the id '
                                f"of row {seen[entry_id]}; each row needs its own id")
                continue
            seen[entry_id] = row.number
            base = exported.get(entry_id) if exported is not None else None
            entry, changed = _entry(sheet, taken, row, old.get(entry_id), entry_id, problems,
                                    extra, ids, read.context, base, today)
            rows.append((row, entry, changed))
        # the list as it will read: the plan's order kept, new entries after it
        by_id = {str(e[sheet.spec.id_field]): (r, e, c) for r, e, c in rows}
        new_list: list[dict[str, Any]] = []
        removed = []
        for entry_id, entry in old.items():
            if entry_id in by_id:
                row, new, changed = by_id[entry_id]
                new_list.append(new)
                if changed:
                    changes.append(Change(sheet.name, entry_id, row.number, "change", changed))
            elif exported is not None and entry_id not in exported:
                new_list.append(entry)  # added to the plan after the workbook was exported
            elif allow_removals:
                changes.append(Change(sheet.name, entry_id, None, "remove"))
                removed.append(entry_id)
            else:
                new_list.append(entry)
                changes.append(Change(sheet.name, entry_id, None, "keep"))
                removed.append(entry_id)
        added = [(row, entry) for row, entry, _ in rows if str(entry[sheet.spec.id_field])
                 not in old]
        for row, entry in added:
            new_list.append(entry)
            changes.append(Change(sheet.name, str(entry[sheet.spec.id_field]), row.number, "add"))
        if removed and added:
            renamed.append(sheet.name)
        days = frozenset(c.path for c in sheet.columns if c.kind == "day")
        edits.append(ListEdit(sheet.spec.file, sheet.spec.key, sheet.spec.id_field, new_list,
                              days))
    return edits


def _shared_ids(book: dict[str, ReadSheet], used: list[Sheet], ids: dict[str, list[str]],
                problems: list[str]) -> None:
    """A partner's row with a member's id (or the other way): both are named by that id."""
    for sheet in used:
        for other in sharing_ids(sheet.name):
            taken = set(ids.get(other, ()))
            for row in book[sheet.name].rows:
                value = row.cells.get("id")
                if value is not None and _id_text(value) in taken:
                    noun = sheet_named(other).spec.noun  # type: ignore[union-attr]
                    problems.append(f'{sheet.name}, row {row.number}, id: "{_id_text(value)}" '
                                    f"is also the id of {article(noun)} ({other}); the plan "
                                    "names both by id, so give one of them another")


def plan_ids(read: PlanFiles) -> dict[str, list[str]]:
    """The ids each list of the plan holds now (sheet name -> ids)."""
    return {sheet.name: [str(e.get(sheet.spec.id_field)) for e in _plan_entries(read, sheet)]
            for sheet in sheets()}


def _plan_entries(read: PlanFiles, sheet: Sheet) -> list[dict[str, Any]]:
    """A list's entries as the plan holds them now: from the files being edited, or else read
    from the plan folder (nothing when it cannot be read)."""
    from vaplan.load.planfile import PlanFileError, read_plan_file
    from vaplan.load.yamlload import load_yaml

    file = read.data.get(sheet.spec.file)
    if file is None:
        try:
            file = load_yaml(read_plan_file(read.directory, sheet.spec.file)).data
        except (OSError, PlanFileError):
            file = {}
    entries = file.get(sheet.spec.key) if isinstance(file, dict) else None
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _still_named(read: PlanFiles, edits: list[ListEdit], changes: list[Change]) -> list[str]:
    """For each entry removed, the sheets whose entries (as the import leaves them) still name
    it, and the call tree: `vaplan check` will report those references."""
    removed = {(c.sheet, c.id) for c in changes if c.what == "remove"}
    if not removed:
        return []
    kinds = {name: kind for kind, names in REF_SHEETS.items() for name in names}
    named: dict[tuple[str, str], list[str]] = {}
    for sheet in sheets():
        edit = next((e for e in edits if (e.file, e.key) == (sheet.spec.file, sheet.spec.key)),
                    None)
        entries = edit.entries if edit is not None else _plan_entries(read, sheet)
        for column in sheet.columns:
            for entry in entries if column.ref else ():
                value = get(entry, column)
                for item in value if isinstance(value, list) else [value]:
                    for target in REF_SHEETS[column.ref or ""]:
                        if (target, item) in removed and sheet.name not in named.setdefault(
                                (target, str(item)), []):
                            named[(target, str(item))].append(sheet.name)
    activation = read.data.get("committee.yaml", {}).get("activation")
    if isinstance(activation, dict):
        calls = activation.get("calls")
        tree = [activation.get("first"), *(calls if isinstance(calls, dict) else {}),
                *(i for v in (calls.values() if isinstance(calls, dict) else ())
                  if isinstance(v, list) for i in v)]
        for target, item in removed:
            if kinds.get(target) == "org" and item in tree:
                named.setdefault((target, item), []).append("the call tree (committee.yaml)")
    return [f'{target}: "{item}" leaves the plan but is still named in {", ".join(where)}; '
            "`vaplan check` shows where" for (target, item), where in named.items()]


def _canonical(sheet: Sheet, taken: ReadSheet) -> ReadSheet:
    """The sheet with its headings spelled as exported when they differ only in case
    ("representative phone")."""
    known = {c.heading.lower(): c.heading for c in sheet.columns}
    spelled = {h: known.get(h.lower(), h) for h in taken.headings}
    if all(h == s for h, s in spelled.items()):
        return taken
    return ReadSheet([spelled[h] for h in taken.headings],
                     [Row(r.number, {spelled.get(k, k): v for k, v in r.cells.items()})
                      for r in taken.rows])


def _id_text(value: Any) -> str:
    """An id cell's text: a number typed as an id (2027, or 2027.0 after a round trip) as its
    digits."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _check_headings(sheet: Sheet, taken: ReadSheet, problems: list[str], has_entries: bool
                    ) -> None:
    known = [c.heading for c in sheet.columns]
    if not any(taken.headings) and not taken.rows and has_entries:
        # a sheet cleared whole, headings and all, is far more often an accident than a wish
        # to remove every entry (which an import with --allow-removals of the headings does)
        problems.append(f"{sheet.name}: the sheet is empty, its headings too; to keep the "
                        "list as it is, delete the sheet or paste its rows back; to remove "
                        "every entry, keep the headings in row 1")
        return
    for index, heading in enumerate(taken.headings):
        if heading and heading not in known:
            problems.append(f'{sheet.name}, row 1: the column heading "{heading}" is not one '
                            f"of this sheet's{did_you_mean(heading, known)}; keep the headings "
                            "as exported")
        elif heading and taken.headings.index(heading) != index:
            problems.append(f'{sheet.name}, row 1: the column "{heading}" is there twice; keep '
                            "one")
    unheaded = sorted({k for r in taken.rows for k in r.cells if k.startswith(_UNHEADED)},
                      key=lambda k: (len(k), k))
    for key in unheaded:
        row = next(r.number for r in taken.rows if key in r.cells)
        problems.append(f"{sheet.name}, row {row}, column {key.removeprefix(_UNHEADED)}: a "
                        "value in a column with no heading, which the import cannot place; "
                        "move it under its heading, or clear it")
    if "id" not in taken.headings and taken.rows:
        problems.append(f"{sheet.name}, row 1: there is no id column; it is the first column, "
                        "headed id")


def _row_id(sheet: Sheet, row: Row, where: str, problems: list[str],
            extra: tuple[str, ...]) -> str | None:
    value = row.cells.get("id")
    column = sheet.columns[0]
    if value is None:
        problems.append(f"{where}, row {row.number}, id: empty; every row needs an id (a new "
                        "row, a new one), or clear the whole row")
        return None
    try:
        entry_id = _value(column, value, extra)
    except CellProblem as err:
        problems.append(f"{where}, row {row.number}, id: {err}")
        return None
    if not isinstance(entry_id, str) or (column.kind == "text" and not re.fullmatch(
            r"[a-z0-9][a-z0-9_-]*", entry_id)):
        suggestion = re.sub(r"[^a-z0-9_-]+", "-", str(entry_id).lower()).strip("-_")
        hint = f'; did you mean "{suggestion}"?' if suggestion else ""
        problems.append(f'{where}, row {row.number}, id: "{entry_id}" cannot be an id: use '
                        f"lower-case letters, digits, - and _{hint}")
        return None
    return entry_id


def _value(column: Column, value: Any, extra: tuple[str, ...]) -> Any:
    if isinstance(value, _Formula):
        shown = value.text if len(value.text) <= 40 else value.text[:37] + "..."
        raise CellProblem(f'holds a formula ("{shown}"); vaplan takes values only: type the '
                          "value itself")
    if isinstance(value, _TooLong):
        raise CellProblem(f"holds {value.length} characters; a cell of the plan holds at most "
                          f"{MAX_CELL_CHARS}")
    return from_cell(column, value, extra if column.vocabulary == "disciplines" else ())


def _entry(sheet: Sheet, taken: ReadSheet, row: Row, old: dict[str, Any] | None, entry_id: str,
           problems: list[str], extra: tuple[str, ...], ids: dict[str, list[str]],
           context: dict[str, Any], base: Row | None = None, today: date | None = None
           ) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The entry as the row leaves it (the plan's entry with the row's cells laid over it, so
    what the workbook does not hold, such as waivers, stays) and the headings it changed."""
    entry = copy.deepcopy(old) if old is not None else {}
    entry[sheet.spec.id_field] = entry_id
    changed = []
    before = len(problems)
    for column in sheet.columns[1:]:
        if column.heading not in taken.headings:
            continue  # a column left out of the sheet leaves the field as it is
        try:
            value = _value(column, row.cells.get(column.heading), extra)
        except CellProblem as err:
            problems.append(f"{sheet.name}, row {row.number}, {column.heading}: {err}")
            continue
        if old is not None and base is not None and _as_exported(column, base, value, extra):
            continue  # a cell no one changed: the plan's value now stays, whatever it is
        current = get(old or {}, column)
        if same(column, current, value) or (current is None and value is not None and
                                            value == column.default):
            continue
        if column.ref is not None:
            _check_refs(sheet, row, column, value, ids, problems)
        set_value(entry, column.path, value)
        changed.append(column.heading)
    if (changed or old is None) and len(problems) == before:
        lacking = missing(sheet, entry)
        for column in lacking:
            problems.append(f"{sheet.name}, row {row.number}, {column.heading}: empty; "
                            f"{article(sheet.spec.noun)} needs it")
        if not lacking:
            _validate(sheet, row, entry, problems, context)
        if not lacking and today is not None and len(problems) == before:
            for path, words in done_after(sheet.spec.file, sheet.spec.key, entry, context,
                                          today):
                heading = _heading_of(sheet, path)
                if heading in changed:  # a date already in the plan is VP010's to report
                    problems.append(f"{sheet.name}, row {row.number}, {heading}: {words}; "
                                    "the cell records something done: give the day it "
                                    "happened, or leave it empty until then")
    return entry, tuple(changed)


def _as_exported(column: Column, base: Row, value: Any, extra: tuple[str, ...]) -> bool:
    """The cell holds what it held when the workbook was exported."""
    try:
        return same(column, _value(column, base.cells.get(column.heading), extra), value)
    except CellProblem:
        return False


def _check_refs(sheet: Sheet, row: Row, column: Column, value: Any, ids: dict[str, list[str]],
                problems: list[str]) -> None:
    for problem in ref_problems(column, value, ids):
        problems.append(f"{sheet.name}, row {row.number}, {column.heading}: {problem}")


def ref_problems(column: Column, value: Any, ids: dict[str, list[str]]) -> list[str]:
    """What is wrong with the ids a reference column names: each must be in the lists it may
    name (`ids`: sheet name -> the ids the list will hold)."""
    assert column.ref is not None
    known = [i for name in REF_SHEETS[column.ref] for i in ids.get(name, [])]
    noun = {"org": "member or partner", "exercise": "exercise", "agreement": "agreement"}[
        column.ref]
    return [f'"{item}" is not the id of a {noun}{did_you_mean(item, known)}'
            for item in (value if isinstance(value, list) else [value]) if item not in known]


def set_value(entry: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set (or, for an empty cell, remove) the value at `path`; a person left with no field
    at all (the alternate's row of cells cleared) is removed as a whole."""
    holder = entry
    for key in path[:-1]:
        if not isinstance(holder.get(key), dict):
            if value is None:
                return
            holder[key] = {}
        holder = holder[key]
    if value is None:
        holder.pop(path[-1], None)
    else:
        holder[path[-1]] = value
    if len(path) > 1 and not entry[path[0]]:
        del entry[path[0]]


def _validate(sheet: Sheet, row: Row, entry: dict[str, Any], problems: list[str],
              context: dict[str, Any]) -> None:
    """The entry checked against its model, as `vaplan check` checks it; each problem named
    by the column it is in."""
    found = problems_in(sheet.model, entry, context)
    for problem in found:
        problems.append(f"{sheet.name}, row {row.number}, {_heading_of(sheet, problem.path)}: "
                        f"{problem.message}")


def _heading_of(sheet: Sheet, path: tuple[Any, ...]) -> str:
    names = tuple(p for p in path if isinstance(p, str))
    best = max((c for c in sheet.columns if names[:len(c.path)] == c.path),
               key=lambda c: len(c.path), default=None)
    if best is not None:
        return best.heading
    for column in sheet.columns:  # a person missing a required field: its first column
        if names and column.path[0] == names[0]:
            return column.heading
    return "the row"
