"""The plan's lists as an Excel workbook to fill in: one sheet per list (vaplan.edit.sheets),
the id first, dates as dates, each closed list a drop-down whose input message says what the
words mean, and an About sheet saying how to fill it and what `vaplan import workbook` does.

openpyxl (about 70 ms to import) is imported inside `build_workbook`, so no other command
pays for it.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from typing import Any

from vaplan.edit.sheets import NO, REF_SHEETS, YES, Column, Sheet, get, sheets, to_cell
from vaplan.text import without_bidi

#: Rows below the plan's entries that carry the drop-downs, for the rows people add.
SPARE_ROWS = 300
#: Excel shows at most 255 characters of an input message, and its title at most 32.
_PROMPT, _TITLE = 255, 32
ABOUT = "About"


class WorkbookExportError(ValueError):
    """The plan holds something a spreadsheet cell cannot (a control character)."""


LISTS = "Lists"


def build_workbook(data: dict[str, Any], community: str, today: date,
                   extra_disciplines: tuple[str, ...] = ()) -> bytes:
    """The workbook's bytes: `data` is each plan file's plain data by file name."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import IllegalCharacterError
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    about = book.active
    about.title = ABOUT
    lists = book.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    used = sheets()
    entries = {s.name: _entries(data, s) for s in used}
    list_ranges = _fill_lists(lists, used, entries, extra_disciplines, get_column_letter)
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for sheet in used:
        ws = book.create_sheet(sheet.name)
        rows = entries[sheet.name]
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=index, value=column.heading)
            cell.data_type = "s"
            cell.font = bold
            if column.required:
                cell.fill = required_fill
            cell.comment = Comment(_about_column(column), "vaplan")
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(12, min(40, len(column.heading) + 4))
            for row, entry in enumerate(rows, start=2):
                try:
                    _put(ws.cell(row=row, column=index), column, get(entry, column))
                except IllegalCharacterError:
                    raise WorkbookExportError(
                        f'{sheet.name}, "{get(entry, sheet.columns[0])}", {column.heading}: '
                        "holds a control character a spreadsheet cannot hold; take it out of "
                        f"{sheet.spec.file} and export again") from None
            last = len(rows) + 1 + SPARE_ROWS
            for row in range(len(rows) + 2, last + 1):  # the spare rows' dates shown as dates
                if column.kind == "day":
                    ws.cell(row=row, column=index).number_format = "yyyy-mm-dd"
            ws.add_data_validation(_validation(DataValidation, column, list_ranges,
                                               f"{letter}2:{letter}{last}"))
            if column.lines or column.kind == "text":
                for row in range(2, len(rows) + 2):
                    ws.cell(row=row, column=index).alignment = Alignment(wrap_text=True,
                                                                         vertical="top")
        ws.freeze_panes = "B2"
    try:
        _fill_about(about, community, today, used, entries, bold)
    except IllegalCharacterError:
        raise WorkbookExportError("the community's name in vaplan.yaml holds a control "
                                  "character a spreadsheet cannot hold; take it out and export "
                                  "again") from None
    for sheet in used:  # each list as exported, for the import to tell what a person changed
        _fill_base(book.create_sheet(base_name(sheet.name)), sheet, entries[sheet.name])
    book.move_sheet(LISTS, offset=len(book.sheetnames) - 1 - book.sheetnames.index(LISTS))
    stamp = datetime.combine(today, time())
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = book.properties.lastModifiedBy = "vaplan"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def base_name(name: str) -> str:
    """The hidden sheet that holds sheet `name` as it was exported: an import of a workbook
    takes from a row only the cells a person changed, so a second workbook sent out at the
    same time does not put back what the first one changed (Excel allows 31 characters)."""
    return f"{name} as exported"


def _fill_base(ws: Any, sheet: Sheet, rows: list[dict[str, Any]]) -> None:
    ws.sheet_state = "hidden"
    for index, column in enumerate(sheet.columns, start=1):
        ws.cell(row=1, column=index, value=column.heading).data_type = "s"
        for row, entry in enumerate(rows, start=2):
            _put(ws.cell(row=row, column=index), column, get(entry, column))


def _entries(data: dict[str, Any], sheet: Sheet) -> list[dict[str, Any]]:
    content = data.get(sheet.spec.file)
    items = content.get(sheet.spec.key) if isinstance(content, dict) else None
    return [e for e in items if isinstance(e, dict)] if isinstance(items, list) else []


def _put(cell: Any, column: Column, value: Any) -> None:
    shown = to_cell(column, value)
    if isinstance(shown, str):  # no output holds a direction override (README, Safety)
        shown = without_bidi(shown)
    cell.value = shown
    if isinstance(shown, str):
        cell.data_type = "s"  # text that starts with = stays text, never a formula
    if column.kind == "day":
        cell.number_format = "yyyy-mm-dd"


def _fill_lists(ws: Any, used: tuple[Sheet, ...], entries: dict[str, list[dict[str, Any]]],
                extra_disciplines: tuple[str, ...], letter_of: Any) -> dict[str, str]:
    """The hidden Lists sheet: one column per closed list and per kind of reference (the ids
    the plan has now); returns each list's range, for the drop-downs."""
    columns: dict[str, list[str]] = {}
    for sheet in used:
        for column in sheet.columns:
            if column.words:
                words = [w for w, _ in column.words]
                if column.vocabulary == "disciplines":
                    words += [w for w in extra_disciplines if w not in words]
                columns.setdefault(_list_key(column), words)
            if column.ref:
                columns.setdefault("ref:" + column.ref, [
                    str(get(e, s.columns[0])) for s in used if s.name in REF_SHEETS[column.ref]
                    for e in entries[s.name] if get(e, s.columns[0]) is not None])
    ranges = {}
    for index, (key, words) in enumerate(columns.items(), start=1):
        cell = ws.cell(row=1, column=index, value=key)
        cell.data_type = "s"
        for row, word in enumerate(words, start=2):
            ws.cell(row=row, column=index, value=word).data_type = "s"
        letter = letter_of(index)
        ranges[key] = f"{LISTS}!${letter}$2:${letter}${max(2, len(words) + 1)}"
    return ranges


def _list_key(column: Column) -> str:
    return column.vocabulary or "|".join(w for w, _ in column.words)


def _validation(make: Any, column: Column, ranges: dict[str, str], where: str) -> Any:
    """The column's drop-down, or its input message alone."""
    key = "ref:" + column.ref if column.ref else _list_key(column) if column.words else None
    if column.kind == "bool":
        check = make(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    elif key is not None and key in ranges:
        check = make(type="list", formula1=ranges[key], allow_blank=True)
        # several words in one cell, or an id the sheet adds: offered, not enforced
        check.showErrorMessage = not (column.many or column.ref)
        check.error = "Pick one of the words in the list."
        check.errorTitle = "Not in the list"
    else:
        check = make(allow_blank=True)
    check.showInputMessage = True
    check.promptTitle = column.heading[:_TITLE]
    check.prompt = _prompt(column)
    check.add(where)
    return check


def _prompt(column: Column) -> str:
    """The input message: the words and their meanings for a closed list, else what the
    column holds."""
    if column.words and column.vocabulary is None:
        text = "; ".join(f"{w}: {m}" if m else w for w, m in column.words)
    else:
        text = column.description
    if column.many:
        text = ("One or more, separated by commas. " if not column.lines else
                "One per line. ") + text
    if column.kind == "bool":
        text = f"{YES} or {NO}. " + text
    if column.kind == "day":
        text = "A date, such as 2026-11-28. " + text
    return text if len(text) <= _PROMPT else text[:_PROMPT - 3].rstrip() + "..."


def _about_column(column: Column) -> str:
    lines = [column.description or column.heading]
    if column.required:
        lines.append("Required.")
    if column.words and column.vocabulary is not None:
        lines.append("Words: " + ", ".join(w for w, _ in column.words))
    return "\n".join(lines)


def _fill_about(ws: Any, community: str, today: date, used: tuple[Sheet, ...],
                entries: dict[str, list[dict[str, Any]]], bold: Any) -> None:
    lines: list[tuple[str, bool]] = [
        (f"{without_bidi(community)}: the plan's lists, exported by vaplan on "
         f"{today.isoformat()}", True),
        ("", False),
        ("How to fill it", True),
        ("Each sheet is one list of the plan; each row is one entry, and the first column, id, "
         "names it everywhere in the plan.", False),
        ("Change a cell to change the entry. Add a row, with a new id, to add an entry. Columns "
         "with a yellow heading are required; a heading's note says what the column holds.",
         False),
        ("Pick words from the drop-downs. Where a cell takes several (disciplines, parties), "
         "separate them with commas. Type dates as dates (2026-11-28). Answer yes or no where "
         "asked.", False),
        ("Keep the headings, the sheet names and the ids as they are: a changed id is read as "
         "the old entry removed and a new one added.", False),
        ("Type values, not formulas, and do not merge cells.", False),
        ("", False),
        ("What happens on import", True),
        ("The plan's keeper runs `vaplan import workbook` on the saved file. It reads every row "
         "first: if any cell cannot be taken, it names the sheet, row and column and changes "
         "nothing.", False),
        ("Otherwise it shows what it will add, change and remove, and writes only that into the "
         "plan's files, keeping their comments and layout. A sheet left out of the workbook "
         "leaves its list as it is.", False),
        ("A row deleted here removes its entry only when the keeper asks for removals "
         "(--allow-removals); otherwise the entry is kept and the keeper is told.", False),
        ("Waivers and the call tree stay in the plan's files; they are not in this workbook.",
         False),
        ("", False),
        ("The sheets", True),
    ]
    for sheet in used:
        count = len(entries[sheet.name])
        lines.append((f"{sheet.name}: {sheet.spec.file} `{sheet.spec.key}`, {count} "
                      f"{'entry' if count == 1 else 'entries'}", False))
    lines += [("", False), ("The words of the drop-downs", True)]
    shown: set[str] = set()
    for sheet in used:
        for column in sheet.columns:
            if not column.words or _list_key(column) in shown:
                continue
            shown.add(_list_key(column))
            lines.append((f"{column.heading} ({sheet.name})", True))
            lines += [(f"    {word}: {meaning}" if meaning else f"    {word}", False)
                      for word, meaning in column.words]
    for row, (text, strong) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        if text:
            cell.data_type = "s"
        if strong:
            cell.font = bold
    ws.column_dimensions["A"].width = 110
