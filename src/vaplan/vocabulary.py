"""The plan format's vocabularies, read once from data/vocabulary.yaml."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from importlib.resources import files
from typing import Any, Iterable, Mapping

from pydantic import BaseModel, ConfigDict, model_validator


class WordList(BaseModel):
    """One list `vaplan vocabulary` prints: where the plan uses it and what its words mean."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    used: str
    #: word -> what it means; empty for the lists whose words are kept elsewhere
    words: dict[str, str] = {}


class Vocabulary(BaseModel):
    """Shape of data/vocabulary.yaml, so a bad edit to it fails loudly at load."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    disciplines: dict[str, str]
    required_disciplines: list[str]
    nontraditional_disciplines: list[str]
    functions: dict[str, str]
    required_functions: list[str]
    jurisdiction_levels: list[str]
    member_levels: list[str]
    plan_levels: list[str]
    sectors: list[str]
    gap_statuses: list[str]
    sources_sought: list[str]
    agreement_types: list[str]
    site_uses: list[str]
    #: words people use for a discipline -> the discipline, for "did you mean"
    discipline_aliases: dict[str, str]
    lists: dict[str, WordList]

    @model_validator(mode="after")
    def _aliases_known(self) -> "Vocabulary":
        unknown = sorted(set(self.discipline_aliases.values()) - set(self.disciplines))
        if unknown:
            raise ValueError(f"discipline_aliases name unknown disciplines: {unknown}")
        return self


def packaged_data(name: str) -> Any:
    """A YAML file vaplan ships in `data/` (trusted: written by its developers), as plain data.
    Read by libyaml's safe loader directly: the plan loader (vaplan.load) is for plan files."""
    import yaml

    raw = files("vaplan").joinpath(f"data/{name}").read_bytes()
    return yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary.model_validate(packaged_data("vocabulary.yaml"))


#: Letters people type for the digits they look like.
_LOOKALIKE = str.maketrans("oli", "011")


def did_you_mean(value: object, choices: Iterable[str],
                 aliases: Mapping[str, str] | None = None) -> str:
    """' (did you mean "x"?)' when a choice is close to the value, else ''.

    Case and the separators people type between words do not count (`mou` is MOU,
    `Law Enforcement` is law_enforcement), and `aliases` maps words people use for a choice
    to it (clergy -> faith)."""
    text = str(value)
    if len(text) > 100:  # no vocabulary word is this long, and difflib's work grows with it
        return ""
    by_form: dict[str, str] = {}
    for choice in choices:
        by_form.setdefault(word_form(choice), choice)
    for alias, choice in (aliases or {}).items():
        by_form.setdefault(word_form(alias), choice)
    form = word_form(text)
    if form in by_form and by_form[form] != text:
        return f' (did you mean "{by_form[form]}"?)'
    close = difflib.get_close_matches(form, list(by_form), n=3, cutoff=0.6)
    if not close:
        return ""
    # Of equally close words, the one that differs in the fewest places: VP1O1 is VP101
    # mistyped, not VP110.
    ratio = {c: difflib.SequenceMatcher(None, form, c).ratio() for c in close}
    # and of those, the one a letter that looks like a digit (O for 0, l for 1) would make
    looks = form.translate(_LOOKALIKE)
    best = max(close, key=lambda c: (ratio[c], sum(a == b for a, b in zip(form, c)),
                                     sum(a == b for a, b in zip(looks, c))))
    return f' (did you mean "{by_form[best]}"?)' if by_form[best] != text else ""


def word_form(word: str) -> str:
    """A word as compared for "did you mean": lower case, one "_" between its parts."""
    return "_".join(re.split(r"[\s_-]+", word.casefold().strip()))
