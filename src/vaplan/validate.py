"""Check a file's data against its Pydantic model; every error becomes a plain-words Problem."""

from __future__ import annotations

import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from vaplan.dates import NOT_A_DAY_FIX, day_fault
from vaplan.findings import Problem
from vaplan.text import short
from vaplan.vocabulary import did_you_mean

#: Python types in the order they are tested (bool before int: True is an int too).
_KINDS = [
    (bool, "true or false"), (int, "a number"), (float, "a number"), (str, "text"),
    (dict, "a mapping (keys with values)"), (list, "a list"), (type(None), "empty"),
]
_BOUNDS = {"greater_than_equal": ("ge", "at least"), "greater_than": ("gt", "more than"),
           "less_than_equal": ("le", "at most"), "less_than": ("lt", "less than")}
_EXPECTED = {
    "string_type": "text", "list_type": "a list", "dict_type": "a mapping (keys with values)",
    "model_type": "a mapping (keys with values)", "model_attributes_type":
    "a mapping (keys with values)", "bool_type": "true or false", "bool_parsing": "true or false",
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float":
    "a whole number", "float_type": "a number", "float_parsing": "a number",
}


def validate(model: type[BaseModel], data: Any, context: dict[str, Any]
             ) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one file; return the model (None if invalid) and its problems."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        first = next((f for f in model.model_fields if f != "waivers"), "community")
        return None, [Problem("VP002", f"this file should be a mapping of keys such as "
                              f"\"{first}:\", but it is {_kind(data)}", anchor="value",
                              hint="start the file with the keys the plan format lists")]
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as err:
        return None, [_problem(dict(e), model) for e in err.errors(include_url=False)]


def _kind(value: Any) -> str:
    """What a value is, in words, quoting it when it is short: `text ("maybe")`."""
    kind = next((words for cls, words in _KINDS if isinstance(value, cls)), "a value")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and \
            len(str(value)) <= 40:
        return f'{kind} ("{value}")'
    return kind


def _field_name(loc: tuple) -> str:
    names = [str(p) for p in loc if isinstance(p, str) and p != "[key]"]
    return names[-1] if names else "value"


def _label(loc: tuple) -> str:
    """The field in words: `"steering"`, or `item 2 of "values"` for an entry of a list."""
    field = f'"{_field_name(loc)}"'
    return f"item {loc[-1] + 1} of {field}" if loc and isinstance(loc[-1], int) else field


def _problem(error: dict[str, Any], model: type[BaseModel]) -> Problem:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    field = _field_name(loc)
    if kind == "extra_forbidden" and loc:
        return _unknown_key(loc, value, model)
    if kind == "missing":
        return Problem("VP002", f'required field "{field}" is missing', path=loc[:-1],
                       anchor="value", hint=f'add "{field}:" to this record')
    if "[key]" in loc:
        loc = tuple(p for p in loc if p != "[key]")
        return Problem("VP002", _clean(error["msg"]), path=loc, anchor="key")
    if kind == "literal_error" and value is None:
        expected = error["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return Problem("VP002", f'"{field}" is empty', path=loc, anchor="value",
                       hint=f"use one of: {expected}")
    if kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "")
        choices = [c.strip() for c in expected.replace(" or ", ",").split(",") if c.strip()]
        return Problem("VP002", f'"{value}" is not allowed for "{field}"'
                       f"{did_you_mean(value, choices)}", path=loc, anchor="value",
                       hint=f"use one of: {', '.join(choices)}")
    fault = day_fault(value) if kind.startswith("date") and isinstance(value, str) else None
    if fault is not None and fault[1] != NOT_A_DAY_FIX:
        return Problem("VP002", f'"{field}": {fault[0]}', path=loc, anchor="value",
                       hint=fault[1])
    if kind.startswith("date"):
        return Problem("VP002", f'"{field}" should be a date written YYYY-MM-DD, not "{value}"',
                       path=loc, anchor="value", hint="write the date as YYYY-MM-DD, e.g. 2026-03-31")
    if kind in _EXPECTED and value is None:
        return Problem("VP002", f"{_label(loc)} is empty; it should be {_EXPECTED[kind]}",
                       path=loc, anchor="value", hint=f'write a value after "{field}:"')
    if kind == "list_type" and isinstance(value, (str, int, float)) and not isinstance(
            value, bool) and len(str(value)) <= 40:
        return Problem("VP002", f"{_label(loc)} should be a list, but it is {_kind(value)}",
                       path=loc, anchor="value",
                       hint=f"put it in square brackets, as a list of one: {field}: [{value}]")
    if kind in _EXPECTED:
        return Problem("VP002", f"{_label(loc)} should be {_EXPECTED[kind]}, but it is "
                       f"{_kind(value)}", path=loc, anchor="value",
                       hint=f"write {_EXPECTED[kind]} here")
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        return Problem("VP002", f'"{field}" should be {words} {error["ctx"][key]}, not {value}',
                       path=loc, anchor="value",
                       hint=f'write a number {words} {error["ctx"][key]} for "{field}"')
    if kind == "string_too_short":
        return Problem("VP002", f"{_label(loc)} is empty", path=loc, anchor="value",
                       hint=f'write a value for "{field}"')
    if kind == "string_pattern_mismatch":
        # the id the person most likely means: `Pima Sheriff` -> pima-sheriff
        fixed = re.sub(r"[^a-z0-9_-]+", "-", str(value).lower()).strip("-_")[:60]
        example = f"write it {fixed}" if fixed else "e.g. pima-sheriff"
        return Problem("VP002", f'"{short(str(value))}" is not a valid id for "{field}"',
                       path=loc, anchor="value", hint="ids use lower-case letters, digits, - "
                       f"and _, and start with a letter or digit: {example}")
    if kind == "too_short":
        need = error["ctx"].get("min_length", 1)
        count = len(value) if isinstance(value, (list, dict, str)) else 0
        entries = "entry" if count == 1 else "entries"
        has = f"has only {count} {entries}" if count else "is empty"
        return Problem("VP002", f'"{field}" {has}; it needs at least {need}', path=loc,
                       anchor="value", hint=f'add {"an entry" if need == 1 else "entries"} '
                       f'under "{field}"')
    if kind == "vocabulary":
        words = error["ctx"]["vocabulary"]
        extra = (", or add your own under `checks: disciplines:` in vaplan.yaml"
                 if words == "disciplines" else "")
        return Problem("VP002", error["ctx"]["message"], path=loc, anchor="value",
                       hint=f"use one of the {words} that `vaplan vocabulary {words}` lists "
                            f"with what each means{extra}")
    if kind == "value_error":
        return Problem("VP002", _clean(error["msg"]), path=loc, anchor="value")
    return Problem("VP002", f'"{field}": {_clean(error["msg"])}', path=loc, anchor="value")


def _unknown_key(loc: tuple, value: Any, model: type[BaseModel]) -> Problem:
    """A key the plan format does not know (VP003): a near one it means, one that belongs one
    level up or down, or a value cut short by a comma inside { }."""
    known = _known_keys(model, loc[:-1])
    close = did_you_mean(loc[-1], known)
    if not close and value is None and " " in str(loc[-1]).strip():
        # `{text: Fine, any case}`: inside braces a comma ends the value, and the words
        # after it become a key with no value
        return Problem("VP003", f'unknown key "{short(str(loc[-1]))}": inside {{ }} a comma '
                       "ends a value, so the words after it are read as a key", path=loc,
                       hint="put the text that holds the comma in quotes: "
                            'organization: "Roe, Poe and Lee LLP"')
    moved = None if close else _misplaced(model, loc)
    if moved:
        return Problem("VP003", f'unknown key "{short(str(loc[-1]))}" here; {moved[0]}',
                       path=loc, hint=moved[1])
    return Problem("VP003", f'unknown key "{short(str(loc[-1]))}"{close}',
                   path=loc, hint=f"use one of the keys the plan format lists here: "
                   f"{', '.join(sorted(known))}" if known else None)


def _clean(message: str) -> str:
    return message.removeprefix("Value error, ")


def _misplaced(model: type[BaseModel], loc: tuple) -> tuple[str, str] | None:
    """Where a key that is unknown here belongs, when it is a key of a record just inside or
    around this one: the mistake is then its indentation (`phone:` under the member instead
    of under `representative:`), and saying so is what helps. (what, what to do) or None."""
    key = str(loc[-1])
    here = _model_at(model, loc[:-1])
    if here is None:
        return None
    inside = [(name, _is_list(field.annotation)) for name, field in here.model_fields.items()
              if key in getattr(_inner_model(field.annotation), "model_fields", {})]
    if inside:
        places = " or ".join(f'each entry of "{name}:"' if many else f'"{name}:"'
                             for name, many in inside)
        return (f'"{key}" is a key of {places}, so it is indented too little',
                f'indent "{key}:" like the other keys of the entry it belongs to'
                if all(many for _, many in inside) else
                f'indent "{key}:" further, under {places}')
    names = [p for p in loc[:-1] if isinstance(p, str)]
    parent = _model_at(model, loc[: max(i for i, p in enumerate(loc[:-1]) if isinstance(p, str))]
                       ) if names else None
    if parent is not None and key in parent.model_fields:
        return (f'"{key}" is a key of the record that holds "{names[-1]}:", so it is indented '
                "too much", f'indent "{key}:" like "{names[-1]}:"')
    return None


def _is_list(annotation: Any) -> bool:
    """Whether a field holds a list (through `| None`)."""
    return get_origin(annotation) is list or any(get_origin(a) is list
                                                  for a in get_args(annotation))


def _model_at(model: type[BaseModel], loc: tuple) -> Any:
    """The model of the record at `loc`, or None when `loc` leads to no record."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if hasattr(current, "model_fields") else None


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the record at `loc`, for "did you mean"."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not hasattr(current, "model_fields"):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
