"""Public copies: find the fields the models mark as personal data, and leave them out.

A field is personal when models.py gives it `json_schema_extra={"personal": True}`; nothing here
names a field, so marking a new field in the models is all it takes to keep it out of every
public copy (render and export alike).
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
    TypeVar,
    get_origin,
)

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from vaplan.text import PHONE_REGION

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

#: What a personal text quoted elsewhere (a finding's message, a note) is replaced by.
LEFT_OUT = "[left out]"
#: The `personal` marking of a field whose every word names a person (models.Person.name).
NAME = "name"
#: Where a phone number without a country code is read as dialled from.
REGION = PHONE_REGION
#: A word: letters and digits; "_" separates words ("dana_ocampo" names Dana Ocampo).
_TOKEN = re.compile(r"[^\W_]+")
#: Scripts written without spaces between words (Chinese, Japanese, Thai, ...), and Korean,
#: whose particles join a name: a name in them is searched inside the text, not as a word.
#: (Hangul is matched as the jamo that folding decomposes its syllables into.)
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff"
                       "\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: A personal value worth searching for whole: a phone number, an email address, two words.
_RECOGNISABLE = re.compile(r"[@\d\s]")
#: Bounded as RFC 5321 bounds an address, so a long word without "@" costs linear time.
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
#: An address spelt out to dodge harvesters: "dana [at] pima (dot) gov", "dana(at)pima.gov",
#: "dana at pima dot gov" (text is folded to lower case first).
_EMAIL_SPELT = re.compile(
    r"[\w.+-]{1,64}\s{0,3}[\[({<]\s{0,3}at\s{0,3}[\])}>]\s{0,3}[\w-]{1,63}"
    r"(?:\s{0,3}(?:\.|[\[({<]\s{0,3}dot\s{0,3}[\])}>]|\bdot\b)\s{0,3}[\w-]{1,63}){1,8}"
    r"|[\w.+-]{1,64} at [\w-]{1,63}(?: dot [\w-]{1,63}){1,8}")
#: Digits with the separators people write between them: 520.555.0101, (520) 555-0101
_DIGIT_RUN = re.compile(r"[+(]?\d[\d\s().+/-]*\d")
#: The longest run handed to phonenumbers' matcher; a longer one is searched by _PHONE_SHAPE.
_WINDOW = 48
#: A North American number (520 555 0101, +1 (520) 555-0101) or an international one (+44 ...).
_PHONE_SHAPE = re.compile(r"(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}"
                          r"|(?:\+|\b00|\b011)\s?\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}")
#: The shortest tail of a phone number's digits that identifies it.
_TAIL = 7
#: Honorifics and suffixes: part of a name field, but they name nobody.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sgt", "lt", "capt", "cpt", "col", "maj",
    "gen", "cmdr", "det", "ofc", "officer", "chief", "rev", "fr", "sr", "sra", "jr", "ii",
    "iii", "iv", "hon", "judge", "sheriff", "sister", "brother", "pastor", "rabbi", "imam",
    "father", "deputy", "esq", "phd", "md", "rn", "lcsw"})
#: English words that are also given names or surnames; see common_words().
_COMMON_NAMES_AS_WORDS = frozenset("""
    hope faith joy grace will may june april august rose lily ivy iris holly dawn summer autumn
    winter spring sky rain river brook victory hunter mark bill pat sue rob jack frank grant
    chase case drew dean miles max art guy ray rich sandy penny ward hall wood woods hill hills
    king young price long love little bell park lane field fields page reed cook stone brown
    green white black gray grey rice bush story moss wolf fox bird swan lamb marsh hart law
    banks burns cross day fisher ford hale house lord major mason miller baker carter cooper
    porter potter shepherd smith taylor turner walker weaver archer bishop church dove earl
    english french good goodman hardy hood jay justice key lake land marshall north south west
    east noble oak olive pierce pope power rush sage sharp short snow sparks steel strong sweet
    tower waters wells wise best bond bright bloom crane cotton dale dell finch frost gates gold
    hay heart hunt jewel knight lark light moon more mills pearl saint sterling wren free
    liberty harmony honor patience prudence constance charity mercy star storm cliff glen
    """.split())
View = TypeVar("View")


def is_personal(field: FieldInfo) -> bool:
    """True when the model marks this field as personal data."""
    extra = field.json_schema_extra
    return isinstance(extra, dict) and extra.get("personal") in (True, NAME)


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
    #: lists of people's names, such as a meeting's guests: "the names of meeting guests"
    people: list[str] = []
    for model in models:
        for path in iter_personal_fields(model):
            owner = path[-2] if len(path) > 1 else model.__name__.lower()
            if _is_names_list(model, path):
                people.append(f"{owner.removesuffix('s')} {path[-1]}")
                continue
            owners.setdefault(path[-1], [])
            if owner not in owners[path[-1]]:
                owners[path[-1]].append(owner)
    people = list(dict.fromkeys(people))
    if not owners and not people:
        return "Public copy."
    parts = []
    if owners:
        whose = list(dict.fromkeys(o for names in owners.values() for o in names))
        fields = list(dict.fromkeys(_plural(f) for f in owners))
        parts.append(f"the {_join(fields)} of {_join([_plural(o) for o in whose])}")
    if people:
        parts.append(f"the names of {_join(people)}")
    return f"Public copy: {', and '.join(parts)} are left out to protect their privacy."


def _is_names_list(model: type[BaseModel], path: tuple[str, ...]) -> bool:
    """The personal field at `path` is a list of people's names (a meeting's `guests`)."""
    current: type[BaseModel] | None = model
    for name in path[:-1]:
        field = current.model_fields.get(name) if current else None
        current = next(iter(_models_in(field.annotation)), None) if field else None
    field = current.model_fields.get(path[-1]) if current else None
    return field is not None and get_origin(field.annotation) is list


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


@dataclass(frozen=True)
class PersonalData:
    """What a public copy must not show, folded (NFKC, case-folded, marks and invisible
    characters dropped) so that any spelling of it is found."""

    #: every word of a person's name (and of a personal value written as plain text)
    tokens: frozenset[str] = frozenset()
    #: whole personal values (a job title, an address) searched as written, any case
    phrases: tuple[str, ...] = ()
    #: the last seven digits of every phone number in a personal value, however it is spelt
    digits: frozenset[str] = frozenset()

    @cached_property
    def _phrase_index(self) -> dict[tuple[str, ...], list[tuple[str, int]]]:
        """Each phrase under its first two words (one, for a one-word phrase), with where its
        first word starts in it: a text is then searched once, word by word, whatever the
        number of people (a search per phrase made a public copy grow with their square)."""
        index: dict[tuple[str, ...], list[tuple[str, int]]] = {}
        for phrase in self.phrases:
            words = list(_TOKEN.finditer(phrase))
            if words:
                key = tuple(w.group() for w in words[:2])
                index.setdefault(key, []).append((phrase, words[0].start()))
        return index

    @cached_property
    def _wordless(self) -> tuple[str, ...]:
        """Phrases without a letter or digit (hardly a person; searched as they are)."""
        return tuple(p for p in self.phrases if not _TOKEN.search(p))

    @cached_property
    def _unspaced(self) -> dict[str, list[str]]:
        """Words of names in a script without spaces, under their first two characters."""
        index: dict[str, list[str]] = {}
        for token in self.tokens:
            if _UNSPACED.search(token):
                index.setdefault(token[:2], []).append(token)
        return index

    def phrase_spans(self, folded: str) -> Iterator[tuple[int, int]]:
        """Where a phrase is written in `folded` text, each word of it read once."""
        words = list(_TOKEN.finditer(folded))
        index = self._phrase_index
        for i, word in enumerate(words):
            keys: list[tuple[str, ...]] = [(word.group(),)]
            if i + 1 < len(words):
                keys.append((word.group(), words[i + 1].group()))
            for key in keys:
                for phrase, offset in index.get(key, ()):
                    start = word.start() - offset
                    if start >= 0 and folded.startswith(phrase, start):
                        yield start, start + len(phrase)
        for phrase in self._wordless:
            start = folded.find(phrase)
            while start >= 0:
                yield start, start + len(phrase)
                start = folded.find(phrase, start + 1)

    def unspaced_spans(self, folded: str) -> Iterator[tuple[int, int]]:
        """Where a name written in Chinese, Japanese, Korean or Thai stands inside a run of
        text without spaces ("请联系王小明先生")."""
        index = self._unspaced
        if not index:
            return
        for match in _UNSPACED.finditer(folded):
            at = match.start()
            for token in index.get(folded[at:at + 2], ()):
                if folded.startswith(token, at):
                    yield at, at + len(token)

    def digit_spans(self, folded: str) -> Iterator[tuple[int, int]]:
        """Runs of digits holding the tail of a personal phone number, however spelt."""
        if not self.digits:
            return
        for run in _DIGIT_RUN.finditer(folded):
            number = re.sub(r"\D", "", run.group())
            if any(number[i:i + _TAIL] in self.digits for i in range(len(number) - _TAIL + 1)):
                yield run.span()


def personal_texts(files: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> PersonalData:
    """What the plan's files (file name -> data as loaded, so a file that fails validation
    counts too) hold in personal fields. A person written as plain text where the format asks
    for name/title/email/phone ("representative: Zed Quincy 520-555-0177"), and a key the
    format does not know in a record that holds people, count as personal too."""
    from vaplan.models import FILE_MODELS

    names: list[str] = []
    others: list[str] = []
    for name, data in (files.items() if isinstance(files, Mapping) else files):
        model = FILE_MODELS.get(name)
        if model is not None and _holds_personal(model):
            _collect(model, data, names, others)
    tokens: set[str] = set()
    phrases: set[str] = set()
    digits: set[str] = set()
    for text in names + others:
        folded = " ".join(_fold(text)[0].split())
        for run in _DIGIT_RUN.findall(folded):
            number = re.sub(r"\D", "", run)
            if len(number) >= _TAIL:
                digits.add(number[-_TAIL:])
        if len(folded) >= 3 and (" " in folded or _RECOGNISABLE.search(folded)):
            phrases.add(folded)
    for text in names:
        tokens.update(t for t in _TOKEN.findall(_fold(text)[0])
                      if len(t) >= 2 and not t.isdigit() and t not in HONORIFICS)
    return PersonalData(frozenset(tokens), tuple(sorted(phrases, key=len, reverse=True)),
                        frozenset(digits))


class PeopleUnknown(Exception):
    """A plan file that names people cannot be read, so a public copy cannot tell whose names,
    phones and emails to leave out: it is refused rather than made (it would fail open)."""


def people_of(raw: Any, earlier: Mapping[str, Any] | None = None) -> PersonalData:
    """The personal texts of a plan as read (a load.plan.RawPlan), and of `earlier` files (an
    earlier revision's); PeopleUnknown when a file that holds people (committee.yaml,
    exercises.yaml) is there but cannot be read: a syntax error, a link out of the plan."""
    from vaplan.models import FILE_MODELS

    files = dict(getattr(raw, "files", {}) or {})
    for name, model in FILE_MODELS.items():
        if not _holds_personal(model):
            continue
        loaded = files.get(name)
        unreadable = (loaded is not None and loaded.data is None and bool(loaded.problems)) or (
            loaded is None and name in getattr(raw, "file_problems", {})
            and os.path.lexists(raw.directory / name))
        if unreadable:
            raise PeopleUnknown(
                f"{name} cannot be read (`vaplan check` shows why), so a public copy cannot "
                f"tell whose names, phones and emails to leave out; fix {name} first (a copy "
                "for the committee, without --public, can be made meanwhile)")
    pairs = [(name, loaded.data) for name, loaded in files.items()]
    return personal_texts(pairs + list((earlier or {}).items()))


def public_view(result: CheckResult, build: Callable[[CheckResult], View],
                earlier: Mapping[str, Any] | None = None,
                models: Sequence[type[BaseModel]] | None = None) -> View:
    """`build` run on the result with its models redacted, made a public copy: personal texts
    still quoted (in a finding's message, say) are left out too, and the page says so.
    `earlier` holds files of an earlier revision whose people must be left out as well;
    `models` are the plan files the page shows (its note names their personal fields), all of
    them unless given. PeopleUnknown when a file that names people cannot be read."""
    personal = people_of(result.raw, earlier)  # PeopleUnknown when they cannot be read
    plan = result.plan
    redacted = type(plan)(**{f.name: redact(getattr(plan, f.name))
                             for f in dataclasses.fields(plan)})
    view = build(dataclasses.replace(result, plan=redacted))
    if dataclasses.is_dataclass(view) and hasattr(view, "problems"):
        # the part for the plan's keeper (positions, rules' messages) stays out of public
        # copies; `problem_count` still says the plan files have problems
        view = dataclasses.replace(view, problems=())  # type: ignore[type-var]
    return make_public(view, personal, models)


def make_public(view: View, personal: PersonalData,
                models: Sequence[type[BaseModel]] | None = None) -> View:
    """A public copy of a view-model built from redacted models: `public_note` says what was
    left out (of `models`, every plan file unless given), and every text in it is passed
    through `scrub_text`."""
    from vaplan.models import FILE_MODELS

    scrubbed = _scrub(view, personal)
    return dataclasses.replace(scrubbed, public_note=personal_fields_note(
        list(models if models is not None else FILE_MODELS.values())))


def scrub_text(text: str, personal: PersonalData) -> str:
    """`text` with LEFT_OUT for every email address and phone number in it (anyone's: a public
    copy cannot tell whose a number is), every personal value, and every word of a person's
    name, however it is spelt: any case, a no-break space, full-width digits, "(520) 555-0101"
    or "+1 520 555 0101", a surname alone after "Ms.".

    A name that is also a common word ("Hope", "Ward", "Will") is left out wherever it is
    written with a capital, but the word in lower case ("the ward") stays: a name almost never
    appears in lower case, and a public copy with every "will" blanked would be unreadable."""
    if not text:
        return text
    folded, where = _fold(text)
    spans: list[tuple[int, int]] = [m.span() for m in _EMAIL.finditer(folded)]
    if "at" in folded:
        spans += [m.span() for m in _EMAIL_SPELT.finditer(folded)]
    if sum(c.isdigit() for c in folded) >= _TAIL:
        spans += list(_phones(folded))
        spans += list(personal.digit_spans(folded))
    spans += list(personal.phrase_spans(folded))
    if not folded.isascii():
        spans += list(personal.unspaced_spans(folded))
    for match in _TOKEN.finditer(folded):
        if match.group() in personal.tokens:
            original = text[_at(where, match.start()):_at(where, match.end() - 1) + 1]
            if not (original.islower() and match.group() in common_words()):
                spans.append(match.span())
    if not spans:
        return text
    out, last = [], 0
    for start, end in _merged([(_at(where, a), _at(where, b - 1) + 1) for a, b in spans]):
        out += [text[last:start], LEFT_OUT]
        last = end
    return "".join(out) + text[last:]


def scrub_values(value: View, personal: PersonalData) -> View:
    """`value` (a dataclass, or lists and dicts of them) with every text in it passed through
    `scrub_text`; dates and numbers are kept."""
    result: View = _scrub(value, personal)
    return result


def _scrub(value: Any, personal: PersonalData) -> Any:
    if isinstance(value, str):
        return scrub_text(value, personal)
    if isinstance(value, (tuple, list)):
        return type(value)(_scrub(v, personal) for v in value)
    if isinstance(value, dict):
        return {k: _scrub(v, personal) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _scrub(getattr(value, f.name), personal)
                                             for f in dataclasses.fields(value) if f.init})
    return value


def _collect(model: type[BaseModel], data: Any, names: list[str], others: list[str]) -> None:
    """Personal values under `data`, read as `model` would read it; text where a record that
    holds people belongs is taken as a person."""
    if isinstance(data, list):
        for item in data:
            _collect(model, item, names, others)
        return
    if not isinstance(data, dict):
        names.extend(_scalars(data))
        return
    for key, value in data.items():
        field = model.model_fields.get(key) if isinstance(key, str) else None
        if field is None:  # a key the format does not know: its key and value may be a person
            names.extend(_scalars(key))
            names.extend(_scalars(value))
        elif is_personal(field):
            (names if _names_someone(field) else others).extend(_scalars(value))
        else:
            for inner in _models_in(field.annotation):
                if _holds_personal(inner):
                    _collect(inner, value, names, others)
                    break


def _scalars(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _scalars(key)
            yield from _scalars(value)
    elif isinstance(data, list):
        for item in data:
            yield from _scalars(item)
    elif isinstance(data, (str, int, float)) and not isinstance(data, bool):
        yield str(data)


def _names_someone(field: FieldInfo) -> bool:
    """A personal field whose every word identifies a person (a name, not a job title)."""
    extra = field.json_schema_extra
    return isinstance(extra, dict) and extra.get("personal") == NAME


@lru_cache(maxsize=None)
def _holds_personal(model: type[BaseModel]) -> bool:
    return next(iter_personal_fields(model), None) is not None


def _phones(text: str) -> Iterator[tuple[int, int]]:
    """Spans of phone numbers: phonenumbers' matcher on each run of digits and separators of
    phone size; a longer run (a table of figures, a hostile file) is searched for the shapes of
    a number instead, so the cost stays linear in the text."""
    import phonenumbers

    for run in _DIGIT_RUN.finditer(text):
        if sum(c.isdigit() for c in run.group()) < 7:
            continue
        start, end = run.span()
        if end - start > _WINDOW:
            yield from (m.span() for m in _PHONE_SHAPE.finditer(text, start, end))
            continue
        # the shapes too: phonenumbers reads "0044 20 7946 0958" as no number from the US
        yield from (m.span() for m in _PHONE_SHAPE.finditer(text, start, end))
        try:
            for match in phonenumbers.PhoneNumberMatcher(run.group(), REGION):
                yield start + match.start, start + match.end
        except Exception:  # noqa: BLE001  a heuristic; the shape and digit rules still hold
            pass


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cf":  # zero-width and bidi characters, soft hyphens
        return ""
    if category == "Pd" or char == "\u2212":  # en and em dashes (autocorrect), minus: "-"
        return "-"
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", char).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold(text: str) -> tuple[str, list[int] | None]:
    """`text` folded for matching, and for each folded character the index of the character
    of `text` it came from (None: the same index, for ASCII text)."""
    if text.isascii():
        return text.lower(), None
    parts: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        parts.append(folded)
        where.extend([index] * len(folded))
    return "".join(parts), where


def _at(where: list[int] | None, index: int) -> int:
    return index if where is None else where[index]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words a name may share with ordinary text, left alone where written in lower case: the
    English words that are also names, and every word of vaplan's own catalogue and
    vocabulary (so a checklist status such as "open" or "met" is never blanked)."""
    from importlib.resources import files

    own = set(_COMMON_NAMES_AS_WORDS)
    for name in ("catalogue.yaml", "vocabulary.yaml"):
        text = files("vaplan").joinpath("data").joinpath(name).read_text(encoding="utf-8")
        own.update(w for w in _TOKEN.findall(text.casefold()) if not w.isdigit())
    own.update(("met", "gap", "confirmed", "waived", "open", "resolved", "expired", "expiring",
                "overdue", "due", "soon", "error", "warning", "info"))
    return frozenset(own)


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
