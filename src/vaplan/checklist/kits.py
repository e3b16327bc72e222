"""The incident-day kits' catalogue, read once from data/kits.yaml and checked by a model at load."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vaplan.vocabulary import vocabulary

Confidence = Literal["confirmed", "partial", "page", "related"]
Phase = Literal["response", "recovery"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KitPhase(_Strict):
    id: Phase
    title: str = Field(min_length=1)


class KitItem(_Strict):
    id: str = Field(pattern=r"^R[SC]-[A-Z0-9-]+$")
    phase: Phase
    #: the function whose lead and support carry the item; None: the steering committee's
    protocol: str | None = None
    text: str = Field(min_length=1)
    confidence: Confidence
    sources: tuple[str, ...] = Field(min_length=1)
    #: the blanks the kit leaves for the incident's own notes
    notes: tuple[str, ...] = ()


class KitCatalogue(_Strict):
    confidence: dict[Confidence, str]
    sources: dict[str, str]
    phases: tuple[KitPhase, ...]
    items: tuple[KitItem, ...]

    @model_validator(mode="after")
    def _consistent(self) -> KitCatalogue:
        seen: set[str] = set()
        functions = vocabulary().functions
        for item in self.items:
            if item.id in seen:
                raise ValueError(f'the kit item id "{item.id}" is used twice')
            seen.add(item.id)
            if item.protocol is not None and item.protocol not in functions:
                raise ValueError(f'kit item "{item.id}" names the unknown function '
                                 f'"{item.protocol}"')
            unknown = [s for s in item.sources if s not in self.sources]
            if unknown:
                raise ValueError(f'kit item "{item.id}" names the unknown source "{unknown[0]}"')
        if set(self.confidence) != {"confirmed", "partial", "page", "related"}:
            raise ValueError("every confidence word needs its explanation")
        return self

    def phase(self, phase: Phase) -> tuple[KitItem, ...]:
        return tuple(item for item in self.items if item.phase == phase)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)


@lru_cache(maxsize=1)
def kits() -> KitCatalogue:
    """The packaged kits; a bad edit to them fails here, loudly, with the model's message."""
    from vaplan.load.yamlload import load_yaml

    raw = files("vaplan").joinpath("data/kits.yaml").read_bytes()
    return KitCatalogue.model_validate(load_yaml(raw).data)
