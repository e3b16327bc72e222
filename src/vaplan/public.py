"""Public copies: find the fields the models mark as personal data, and leave them out.

A field is personal when models.py gives it `json_schema_extra={"personal": True}`; nothing here
names a field, so marking a new field in the models is all it takes to keep it out of every
public copy (render and export alike).
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any, Iterator, Mapping, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo

#: What a personal text quoted elsewhere (a finding's message, a note) is replaced by.
LEFT_OUT = "[left out]"
_WORD = re.compile(r"\w+")
#: An email address, a phone number or a name of two words has one of these.
_RECOGNISABLE = re.compile(r"[@\d\s]")
View = TypeVar("View")


def is_personal(field: FieldInfo) -> bool:
    """True when the model marks this field as personal data."""
    extra = field.json_schema_extra
    return isinstance(extra, dict) and extra.get("personal") is True


def iter_personal_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()
                         ) -> Iterator[tuple[str, ...]]:
    """Every path to a personal field under `model`: ("members", "representative", "email")."""
    for name, field in model.model_fields.items():
        if is_personal(field):
            yield (*prefix, name)
            continue
        for inner in _models_in(field.annotation):
            yield from iter_personal_fields(inner, (*prefix, name))


def personal_fields_note(models: list[type[BaseModel]]) -> str:
    """One sentence for the page of a public copy, saying what was left out."""
    owners: dict[str, list[str]] = {}
    for model in models:
        for path in iter_personal_fields(model):
            owner = path[-2] if len(path) > 1 else model.__name__.lower()
            owners.setdefault(path[-1], [])
            if owner not in owners[path[-1]]:
                owners[path[-1]].append(owner)
    if not owners:
        return "Public copy."
    whose = list(dict.fromkeys(o for names in owners.values() for o in names))
    fields = list(dict.fromkeys(_plural(f) for f in owners))
    return (f"Public copy: the {_join(fields)} of "
            f"{_join([_plural(o) for o in whose])} are left out to protect their privacy.")


def redact(value: Any) -> Any:
    """A copy of `value` (a model, or lists and dicts of models) with every personal field None.

    The copy keeps its type, so a template reads `member.representative.name` as before and
    finds None; the original is not changed.
    """
    if isinstance(value, BaseModel):
        personal, nested = _fields_to_visit(type(value))
        update: dict[str, Any] = {name: None for name in personal
                                  if getattr(value, name) is not None}
        for name in nested:
            current = getattr(value, name)
            cleaned = redact(current)
            if cleaned is not current:
                update[name] = cleaned
        return value.model_copy(update=update) if update else value
    if isinstance(value, list):
        cleaned_list = [redact(v) for v in value]
        return cleaned_list if any(a is not b for a, b in zip(cleaned_list, value)) else value
    if isinstance(value, dict):
        cleaned_dict = {k: redact(v) for k, v in value.items()}
        return cleaned_dict if any(cleaned_dict[k] is not value[k] for k in value) else value
    return value


def personal_texts(files: Mapping[str, Any]) -> set[str]:
    """Texts held in personal fields of the plan's files (file name -> data as loaded, so a
    file that fails validation counts too) that could be quoted elsewhere and be recognised:
    names of two or more words, phone numbers, email addresses; not a one-word title."""
    from vaplan.models import FILE_MODELS

    found: set[str] = set()
    for name, data in files.items():
        model = FILE_MODELS.get(name)
        for path in iter_personal_fields(model) if model else ():
            found.update(t.strip() for t in _values_at(data, path))
    return {t for t in found if len(t) >= 3 and _RECOGNISABLE.search(t)}


def make_public(view: View, texts: set[str]) -> View:
    """A public copy of a view-model built from redacted models: `public_note` says what was
    left out, and any personal text still quoted in it (a finding that names a person, a note
    with a phone number) is replaced by LEFT_OUT."""
    from vaplan.models import FILE_MODELS

    index: dict[str, list[str]] = {}
    for text in sorted(texts, key=len, reverse=True):
        # Looked up by its longest word: a phone's "0142" is rarer in other text than its "1".
        words = _WORD.findall(text)
        index.setdefault(max(words, key=len) if words else text, []).append(text)
    scrubbed = _scrub(view, index)
    return dataclasses.replace(scrubbed, public_note=personal_fields_note(
        list(FILE_MODELS.values())))


def _scrub(value: Any, index: dict[str, list[str]]) -> Any:
    if isinstance(value, str):
        for word in set(_WORD.findall(value)) & index.keys():
            for text in index[word]:
                value = value.replace(text, LEFT_OUT)
        return value
    if isinstance(value, tuple):
        return tuple(_scrub(v, index) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _scrub(getattr(value, f.name), index)
                                             for f in dataclasses.fields(value) if f.init})
    return value


@lru_cache(maxsize=None)
def _fields_to_visit(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The model's personal fields, and the fields whose models hold personal fields further
    down; the rest of a plan (most of it) is never walked."""
    personal = tuple(n for n, f in model.model_fields.items() if is_personal(f))
    nested = tuple(n for n, f in model.model_fields.items() if not is_personal(f) and any(
        next(iter_personal_fields(inner), None) for inner in _models_in(f.annotation)))
    return personal, nested


def _values_at(data: Any, path: tuple[str, ...]) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _values_at(item, path)
    elif not path:
        if isinstance(data, (str, int, float)) and not isinstance(data, bool):
            yield str(data)
    elif isinstance(data, dict) and path[0] in data:
        yield from _values_at(data[path[0]], path[1:])


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)


_PLURALS = {"email": "email addresses", "phone": "phone numbers", "phone_24h": "phone numbers",
            "contact": "names", "improvements": "corrective-action contacts"}


def _plural(word: str) -> str:
    word = _PLURALS.get(word, word.replace("_", " "))
    return word if word.endswith("s") else f"{word}s"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
