"""The plan format's vocabularies, read once from data/vocabulary.yaml."""

from __future__ import annotations

import bisect
import difflib
import re
from functools import lru_cache
from importlib.resources import files
from typing import Any, Iterable, Mapping

from pydantic import BaseModel, ConfigDict, model_validator


class WordList(BaseModel):
    """One list `vaplan vocabulary` prints: where the plan uses it and what its words mean."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    used: str
    #: word -> what it means; empty for the lists whose words are kept elsewhere
    words: dict[str, str] = {}


class Vocabulary(BaseModel):
    """Shape of data/vocabulary.yaml, so a bad edit to it fails loudly at load."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

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
    to it (clergy -> faith). To suggest for many values among the same choices (every unknown
    member id of a plan), build one Suggestions and call it for each."""
    return Suggestions(choices, aliases)(value)


class Suggestions:
    """ "Did you mean" among a fixed set of choices, with bounded work per value.

    A plan may hold thousands of member ids and thousands of unknown references to them;
    comparing each with each took minutes. Each value is compared with all of a list of at
    most WHOLE choices, and with at most 4 x NEIGHBOURS choices of a longer one: those next to it in alphabetical order (they share its longest
    beginning) and next to it in the order of the reversed words (they share its longest
    ending), so a slip anywhere but at both ends at once is still found."""

    #: choices taken on each side of a value, in each of the two orders
    NEIGHBOURS = 6
    #: a list this short (every vocabulary, the rules) is compared whole
    WHOLE = 400

    def __init__(self, choices: Iterable[str], aliases: Mapping[str, str] | None = None):
        self.by_form: dict[str, str] = {}
        for choice in choices:
            self.by_form.setdefault(word_form(choice), choice)
        for alias, choice in (aliases or {}).items():
            self.by_form.setdefault(word_form(alias), choice)
        self._forms = sorted(self.by_form)
        self._backwards = sorted(f[::-1] for f in self._forms)
        self._said: dict[str, str] = {}  # a wrong id is often written many times

    def candidates(self, form: str) -> list[str]:
        """The choices `form` is compared with: all of a short list, else its neighbours."""
        if len(self._forms) <= self.WHOLE:
            return self._forms
        n = self.NEIGHBOURS
        at = bisect.bisect_left(self._forms, form)
        near = self._forms[max(0, at - n):at + n]
        back = bisect.bisect_left(self._backwards, form[::-1])
        near += [f[::-1] for f in self._backwards[max(0, back - n):back + n]]
        return list(dict.fromkeys(near))

    def __call__(self, value: object) -> str:
        text = str(value)
        if text not in self._said:
            self._said[text] = self._suggest(text)
        return self._said[text]

    def _suggest(self, text: str) -> str:
        if len(text) > 100:  # no vocabulary word is this long, and difflib's work grows with it
            return ""
        form = word_form(text)
        by_form = self.by_form
        if form in by_form and by_form[form] != text:
            return f' (did you mean "{by_form[form]}"?)'
        looks = form.translate(_LOOKALIKE)  # a letter that looks like a digit: O for 0, l for 1
        if looks in by_form and by_form[looks] != text:
            return f' (did you mean "{by_form[looks]}"?)'
        close = difflib.get_close_matches(form, self.candidates(form), n=3, cutoff=0.6)
        if not close:
            return ""
        # Of equally close words, the one that differs in the fewest places: VP1O1 is VP101
        # mistyped, not VP110.
        ratio = {c: difflib.SequenceMatcher(None, form, c).ratio() for c in close}
        # and of those, the one a letter that looks like a digit (O for 0, l for 1) would make
        best = max(close, key=lambda c: (ratio[c], sum(a == b for a, b in zip(form, c)),
                                         sum(a == b for a, b in zip(looks, c))))
        return f' (did you mean "{by_form[best]}"?)' if by_form[best] != text else ""


def word_form(word: str) -> str:
    """A word as compared for "did you mean": lower case, one "_" between its parts."""
    return "_".join(re.split(r"[\s_-]+", word.casefold().strip()))
