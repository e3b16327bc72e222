"""The plan's lists as sheets of a workbook: one declarative row per sheet, and every column,
heading, kind and drop-down derived from the pydantic models and the vocabulary.

`vaplan export workbook`, `vaplan import workbook` and `vaplan add` all read `sheets()`, so a
list the models gain (partners, sites, meetings) is a line in SHEETS, and a field a model gains
is a column with no line at all. A value typed in a cell or given as an option is turned into
plan data here, once, with the same plain message wherever it came from.
"""

from __future__ import annotations

import math
import re
import types
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from vaplan.dates import day_fault
from vaplan.models import FILE_MODELS
from vaplan.text import without_bidi
from vaplan.vocabulary import did_you_mean, vocabulary


@dataclass(frozen=True)
class SheetSpec:
    """One list of the plan as a sheet: the declarative part, one line each in SHEETS."""

    #: the sheet's name, as the plan format names it
    name: str
    #: the plan file and the list in it
    file: str
    key: str
    #: the word `vaplan add` takes, and the noun messages use (None: not added by `vaplan add`)
    noun: str
    add: str | None = None
    #: the field that identifies an entry (the first column, headed `id`)
    id_field: str = "id"
    #: fields naming another record: field -> "org" (a member or partner) or "exercise"
    refs: tuple[tuple[str, str], ...] = ()


#: The sheets in the order of the contract. A sheet whose list its file's model lacks is left
#: out (Partners, Sites and Meetings until the plan format's version 3 records are in models).
SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("Members", "committee.yaml", "members", "member", "member"),
    SheetSpec("Partners", "committee.yaml", "partners", "partner", "partner"),
    SheetSpec("Agreements", "agreements.yaml", "agreements", "agreement", "agreement",
              refs=(("parties", "org"),)),
    SheetSpec("Protocols", "roles.yaml", "functions", "protocol", None, id_field="function",
              refs=(("lead", "org"), ("support", "org"))),
    SheetSpec("Resources", "resources.yaml", "resources", "resource", "resource",
              refs=(("provider", "org"),)),
    SheetSpec("Sites", "resources.yaml", "sites", "site", "site",
              refs=(("provider", "org"), ("agreement", "agreement"))),
    SheetSpec("Gaps", "resources.yaml", "gaps", "gap", "gap", refs=(("owner", "org"),)),
    SheetSpec("Exercises", "exercises.yaml", "exercises", "exercise", None,
              refs=(("participants", "org"),)),
    SheetSpec("Actions", "exercises.yaml", "improvements", "corrective action", None,
              refs=(("owner", "org"), ("source", "exercise"), ("validated_by", "exercise"))),
    SheetSpec("Meetings", "meetings.yaml", "meetings", "meeting", "meeting", id_field="date",
              refs=(("attendees", "org"),)),
)

#: Where a reference points: the sheets whose ids it may name.
REF_SHEETS = {"org": ("Members", "Partners"), "exercise": ("Exercises",),
              "agreement": ("Agreements",)}

def sharing_ids(name: str) -> tuple[str, ...]:
    """The other sheets whose ids share one namespace with sheet `name`: a partner's id is
    named where a member's is, so no partner may take a member's id (VP005)."""
    group = REF_SHEETS["org"]
    return tuple(n for n in group if n != name) if name in group else ()


#: Headings the field name alone would not say well.
_HEADINGS = {"phone_24h": "24-hour phone", "after_action": "After-action report",
             "validated_by": "Validated by (exercise id)", "outside_provider":
             "Outside provider", "written_in": "Written in", "sources_sought": "Sources sought"}

#: Fields that are not filled in a spreadsheet: waivers belong with the rule's reason in YAML.
_LEFT_OUT = ("waivers",)

#: Words a yes/no cell takes.
YES, NO = "yes", "no"
_BOOLS = {"yes": True, "y": True, "true": True, "1": True, "x": True,
          "no": False, "n": False, "false": False, "0": False}


class CellProblem(ValueError):
    """A value that cannot be the field's: the message says why in plain words."""


@dataclass(frozen=True)
class Column:
    """One column: where its value sits in an entry, its heading and what it holds."""

    #: the keys from the entry to the value: ("representative", "phone")
    path: tuple[str, ...]
    heading: str
    #: text, day, bool, int, float or choice
    kind: str
    #: a list, written in one cell separated by commas (lines for `lines`)
    many: bool
    required: bool
    description: str
    #: the closed list's words and what each means (empty when open)
    words: tuple[tuple[str, str], ...] = ()
    #: the vocabulary the words come from ("disciplines"), for the plan's own additions
    vocabulary: str | None = None
    #: "org" or "exercise" when the value names another record
    ref: str | None = None
    #: one item per line, not comma-separated (responsibilities, decisions)
    lines: bool = False
    #: the value the plan means when the field is left out
    default: Any = None
    #: required whenever its person is given (an alternate's name), though the person is not
    needed: bool = False

    @property
    def option(self) -> str:
        """The option of `vaplan add` that sets it: --representative-phone-24h."""
        return "--" + "-".join(self.path).replace("_", "-")


@dataclass(frozen=True)
class Sheet:
    """A sheet in use: its spec, the model of one entry, and its columns (the id first)."""

    spec: SheetSpec
    model: type[BaseModel]
    columns: tuple[Column, ...]

    @property
    def name(self) -> str:
        return self.spec.name

    def column(self, heading: str) -> Column | None:
        return next((c for c in self.columns if c.heading == heading), None)


def sheets() -> tuple[Sheet, ...]:
    """The sheets the models support, in the contract's order."""
    found = []
    for spec in SHEETS:
        file_model = FILE_MODELS.get(spec.file)
        field = file_model.model_fields.get(spec.key) if file_model else None
        model = _list_model(field.annotation) if field is not None else None
        if model is not None and spec.id_field in model.model_fields:
            found.append(Sheet(spec, model, tuple(_columns(spec, model))))
    return tuple(found)


def sheet_named(name: str) -> Sheet | None:
    return next((s for s in sheets() if s.name == name), None)


def _list_model(annotation: Any) -> type[BaseModel] | None:
    if get_origin(annotation) is list:
        inner = _bare(get_args(annotation)[0])[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None


def _bare(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under Annotated and Optional, with the metadata Annotated carried."""
    metadata: list[Any] = []
    while True:
        if get_origin(annotation) is Annotated:
            annotation, *more = get_args(annotation)
            metadata += more
        elif get_origin(annotation) in (Union, types.UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation, metadata
            annotation = rest[0]
        else:
            return annotation, metadata


def _columns(spec: SheetSpec, model: type[BaseModel]) -> list[Column]:
    refs = dict(spec.refs)
    columns: list[Column] = []
    fields = [spec.id_field, *(f for f in model.model_fields if f != spec.id_field)]
    for name in fields:
        if name in _LEFT_OUT:
            continue
        info = model.model_fields[name]
        base, _ = _bare(info.annotation)
        if isinstance(base, type) and issubclass(base, BaseModel):  # a person: its fields grouped
            for sub, sub_info in base.model_fields.items():
                if sub in _LEFT_OUT:
                    continue
                column = _column((name, sub), sub_info, info.is_required() and
                                 sub_info.is_required(), None)
                if column is not None:
                    columns.append(column)
            continue
        column = _column((name,), info, info.is_required(), refs.get(name))
        if column is not None:
            columns.append(column if name != spec.id_field else _as_id(column, spec))
    return columns


def _as_id(column: Column, spec: SheetSpec) -> Column:
    what = f"the {spec.noun}'s short id"
    if spec.id_field != "id":
        what += f" (its {heading(spec.id_field).lower()})"
    return Column(column.path, "id", column.kind, False, True,
                  f"{what}; it names the entry everywhere in the plan. A new row needs a new id",
                  column.words, column.vocabulary, None, False, None, True)


def article(noun: str) -> str:
    """ "a member", "an agreement" """
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def heading(name: str) -> str:
    return _HEADINGS.get(name) or name.replace("_", " ").capitalize()


def _column(path: tuple[str, ...], info: FieldInfo, required: bool, ref: str | None
            ) -> Column | None:
    base, metadata = _bare(info.annotation)
    many = get_origin(base) is list
    if many:
        base, more = _bare(get_args(base)[0])
        metadata += more
    vocab = _vocabulary_name(info, metadata)
    words: tuple[tuple[str, str], ...] = ()
    lines = many and info.metadata and any("BeforeValidator" in type(m).__name__
                                           for m in info.metadata)
    if vocab is not None:
        kind, words = "choice", _vocabulary_words(vocab)
    elif get_origin(base) is Literal:
        kind, words = "choice", _meanings(tuple(str(a) for a in get_args(base)))
    elif base is bool:
        kind = "bool"
    elif base is date:
        kind = "day"
    elif base is int:
        kind = "int"
    elif base is float:
        kind = "float"
    elif base is str:
        kind = "text"
    else:  # a mapping (a call tree), or a nested list: not a spreadsheet's cell
        return None
    parent = heading(path[0])
    title = heading(path[-1]) if len(path) == 1 else f"{parent} {heading(path[-1]).lower()}" \
        if path[-1] != "phone_24h" else f"{parent} 24-hour phone"
    if ref is not None:
        kind = "text"
    default = None if info.is_required() or info.default_factory is not None else info.default
    return Column(path, title, kind, many, required, info.description or "", words, vocab,
                  ref, bool(lines) or path[-1] in ("responsibilities", "decisions"), default,
                  info.is_required())


def _vocabulary_name(info: FieldInfo, metadata: list[Any]) -> str | None:
    for extra in [info.json_schema_extra, *(getattr(m, "json_schema_extra", None)
                                            for m in metadata)]:
        if isinstance(extra, dict) and isinstance(extra.get("vocabulary"), str) and \
                extra["vocabulary"] in ("disciplines", "functions"):
            return str(extra["vocabulary"])
    return None


def _vocabulary_words(name: str) -> tuple[tuple[str, str], ...]:
    words: dict[str, str] = getattr(vocabulary(), name)
    return tuple(words.items())


def _meanings(words: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each word with its meaning, from the vocabulary list that explains all of them."""
    for word_list in vocabulary().lists.values():
        if word_list.words and set(words) <= set(word_list.words):
            return tuple((w, word_list.words[w]) for w in words)
    return tuple((w, "") for w in words)


# a value as a cell holds it, and back ----------------------------------------------------------

def missing(sheet: Sheet, entry: dict[str, Any]) -> list[Column]:
    """The columns an entry must have and lacks: the required ones, and a person's required
    fields (a name) when any field of that person is given."""
    found = []
    for column in sheet.columns:
        if get(entry, column) is not None or not column.needed:
            continue
        if column.required or (len(column.path) > 1 and isinstance(entry.get(column.path[0]),
                                                                    dict)):
            found.append(column)
    return found


def get(entry: dict[str, Any], column: Column) -> Any:
    """The column's value in a plan entry (plain data), or None."""
    value: Any = entry
    for key in column.path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def to_cell(column: Column, value: Any) -> Any:
    """What the column's cell shows for a plan value: a date as a date, yes/no, a list joined."""
    if value is None:
        return None
    if column.many or column.lines:
        items = value if isinstance(value, list) else [value]
        return ("\n" if column.lines else ", ").join(str(v) for v in items)
    if column.kind == "day" and isinstance(value, str) and day_fault(value) is None:
        return date.fromisoformat(value)
    if column.kind == "bool" and isinstance(value, bool):
        return YES if value else NO
    return value


def from_cell(column: Column, value: Any, extra_words: tuple[str, ...] = ()) -> Any:
    """The plan value of what a cell (or an option) holds: None when empty; CellProblem with
    a plain message when it cannot be the field's."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if column.many or column.lines:
        text = _text(column, value)
        parts = [p.strip() for p in re.split(r"\n" if column.lines else r"[,;\n]", text)]
        items = [p for p in parts if p]
        if column.lines and len(items) == 1:
            return items[0]
        return [_one(column, item, extra_words) for item in items] or None
    return _one(column, value, extra_words)


def _one(column: Column, value: Any, extra_words: tuple[str, ...]) -> Any:
    if column.kind == "day":
        if isinstance(value, datetime):
            if value.time() != datetime.min.time():
                raise CellProblem(f"{value} holds a time of day; give the date alone")
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        text = str(value).strip()
        if day_fault(text) is not None:
            raise CellProblem(f'"{text}" is not a date; type the date as YYYY-MM-DD, such as '
                              "2026-11-28, or pick it in the spreadsheet's date format")
        return text
    if column.kind == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word not in _BOOLS:
            raise CellProblem(f'"{value}" is not yes or no')
        return _BOOLS[word]
    if column.kind in ("int", "float"):
        return _number(column, value)
    text = _text(column, value)
    if column.kind == "choice":
        known = [w for w, _ in column.words] + list(extra_words)
        if text not in known:
            noun = {"disciplines": "discipline", "functions": "protocol (function id)"}.get(
                column.vocabulary or "") or (f"one of the {column.heading.lower()}"
                                             if column.many else column.heading.lower())
            listed = (f"`vaplan vocabulary {column.vocabulary}` lists them" if column.vocabulary
                      else f"use one of: {', '.join(w for w, _ in column.words)}")
            what = noun if column.many and not column.vocabulary else "a " + noun
            raise CellProblem(f'"{text}" is not {what}'
                              f"{did_you_mean(text, known, _aliases(column))}; {listed}")
    return text


def _number(column: Column, value: Any) -> int | float:
    """A number cell's value: finite (no "inf", "nan" or 1e400, which YAML would write as
    .inf), and a whole number typed as digits kept to the last digit (not through a float,
    which turns 99999999999999999999999 into 99999999999999991611392)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise CellProblem(f'"{value}" is not a number')
    text = str(value).replace(",", "").strip()
    if isinstance(value, int) or re.fullmatch(r"[+-]?[0-9]{1,50}", text):
        number: int | float = int(text)
    else:
        try:
            number = float(text)
        except ValueError:
            raise CellProblem(f'"{value}" is not a number') from None
        if not math.isfinite(number):
            raise CellProblem(f'"{value}" is not a number; type the number itself, such as '
                              "1500000")
    if column.kind == "int":
        if isinstance(number, float):
            if not number.is_integer():
                raise CellProblem(f'"{value}" is not a whole number')
            return int(number)
        return number
    return float(number)


def _aliases(column: Column) -> dict[str, str] | None:
    return vocabulary().discipline_aliases if column.vocabulary == "disciplines" else None


def _text(column: Column, value: Any) -> str:
    """A cell's text: a whole number (an id or phone typed as a number) as its digits; no
    control characters; one line unless the column holds lines."""
    if isinstance(value, bool):
        value = YES if value else NO
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        raise CellProblem(f"{value:%Y-%m-%d} is a date; this column holds text")
    text = str(value).replace("\r\n", "\n").strip()
    if without_bidi(text) != text:
        code = next(f"U+{ord(c):04X}" for c in text if without_bidi(c) != c)
        raise CellProblem(f"holds a direction override or isolate ({code}), which makes text "
                          "show in another order than it is written (in `git diff` too); type "
                          "it without")
    for c in text:
        kind = unicodedata.category(c)
        free = column.lines or column.many or (column.kind == "text" and column.ref is None
                                                and column.heading != "id")
        if kind in ("Cc", "Zl", "Zp", "Cs") and not (c == "\n" and free):
            raise CellProblem("holds a line break or a control character; keep it to one line "
                              "of plain text" if c == "\n" else "holds a control character; "
                              "type it as plain text")
    return text


def same(column: Column, old: Any, new: Any) -> bool:
    """Whether a cell's value says what the plan already says (a one-item list and its item,
    a number and its digits, a default left out)."""
    return _norm(column, old) == _norm(column, new)


def _norm(column: Column, value: Any) -> Any:
    if value is None or value == [] or (isinstance(value, str) and not value.strip()):
        return None
    if column.lines:  # text or a list of lines: the same lines are the same
        items = value if isinstance(value, list) else [value]
        return [line.strip() for item in items for line in str(item).splitlines()
                if line.strip()]
    if isinstance(value, list):
        return [_scalar(column, v) for v in value]
    return _scalar(column, value)


def _scalar(column: Column, value: Any) -> Any:
    if column.kind in ("text", "choice") and isinstance(value, (int, float)) and \
            not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str):  # a cell keeps no line break at the end of a YAML block
        return value.strip()
    return value
