"""The plan format's vocabularies, read once from data/vocabulary.yaml."""

from __future__ import annotations

import difflib
from functools import lru_cache
from importlib.resources import files
from typing import Iterable

from pydantic import BaseModel, ConfigDict


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


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    from vaplan.load.yamlload import load_yaml

    raw = files("vaplan").joinpath("data/vocabulary.yaml").read_bytes()
    return Vocabulary.model_validate(load_yaml(raw).data)


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' when a choice is close to the value, else ''."""
    text = str(value)
    if len(text) > 100:  # no vocabulary word is this long, and difflib's work grows with it
        return ""
    close = difflib.get_close_matches(text, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""
