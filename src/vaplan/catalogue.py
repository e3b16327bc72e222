"""The packaged catalogues: the checklist's items (data/catalogue.yaml) and the incident-day
kits' items (data/kits.yaml), each read once and checked by a model at load."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vaplan.vocabulary import packaged_data, vocabulary


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class FunctionLead(_Strict):
    """The lead of one function in roles.yaml."""

    function: str


class DisciplineMembers(_Strict):
    """The committee members of one discipline."""

    discipline: str


Responsible = Union[Literal["chair", "steering", "lead_agencies", "gap_owners"], FunctionLead,
                    DisciplineMembers]


#: What an item's evidence may count over (vaplan.facts.evidence.counted).
Over = Literal["members", "agreements", "gaps", "call_down"]


#: The protocols the incident day needs (PLAN-FORMAT.md "Next steps, ranked and dated",
#: priority 1): the contact list the call-down dials, and the response kit's protocols
#: (data/kits.yaml `protocol_phases: response`; tests/test_next_steps.py holds them equal).
#: A constant, so a rule ranks its steps without reading the kits' catalogue.
INCIDENT_DAY = frozenset({
    "contact_list", "committee_meeting", "incident_command", "communications",
    "family_reception_center", "family_assistance_center", "victim_identification",
    "victim_notification", "behavioral_health", "first_responder_support",
    "volunteer_management", "donation_management"})


#: Rules whose finding on a protocol its status already says in words ("no lead named", "not
#: written down", "the plan does not describe it yet"): the protocol's item does not list them
#: again (one cause, one line); `vaplan check` keeps every one, with its place.
SAID_BY_STATUS = frozenset({"VP303", "VP304", "VP305", "VP306"})


class Section(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)


class CatalogueItem(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    section: str
    text: str = Field(min_length=1)
    # The rules behind the item name it themselves (`@rule(..., items=..., also=...)`);
    # vaplan.rules.links_of(id) gives them. None: a person confirms the item in checklist.yaml.
    responsible: Responsible
    #: only findings at this place count: "file.key.key"
    scope: str | None = None
    #: protocol items: only findings about this function count
    function: str | None = None
    #: met only when the committee held an exercise (of any kind but a real incident) within
    #: `checks.exercise_months`: the item's sentence promises exercises, not only a protocol
    exercised: bool = False
    #: what the item's evidence counts over (vaplan.facts.evidence): with none of them in the
    #: plan, its rules have nothing to find wrong, and the item is a gap, not met
    over: Over | None = None
    #: the plan's records the item shows under it: the sites, the grants and subawards, or
    #: the population's languages and who speaks each
    shows: Literal["sites", "funding", "languages"] | None = None

    @property
    def scope_path(self) -> tuple[str, ...]:
        return tuple(self.scope.split(".")) if self.scope else ()


class Catalogue(_Strict):
    sections: tuple[Section, ...]
    items: tuple[CatalogueItem, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        sections = {s.id for s in self.sections}
        if len(sections) != len(self.sections):
            raise ValueError("two sections share an id")
        seen: set[str] = set()
        vocab = vocabulary()
        for item in self.items:
            if item.id in seen:
                raise ValueError(f'the item id "{item.id}" is used twice')
            seen.add(item.id)
            if item.id in sections:
                # a rule links to a section's id to mean every item of it
                raise ValueError(f'the item id "{item.id}" is also a section\'s id')
            if item.section not in sections:
                raise ValueError(f'item "{item.id}" names the unknown section "{item.section}"')
            for name in (item.function, getattr(item.responsible, "function", None)):
                if name is not None and name not in vocab.functions:
                    raise ValueError(f'item "{item.id}" names the unknown function "{name}"')
            discipline = getattr(item.responsible, "discipline", None)
            if discipline is not None and discipline not in vocab.disciplines:
                raise ValueError(f'item "{item.id}" names the unknown discipline "{discipline}"')
        return self

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The packaged catalogue; a bad edit to it fails here, loudly, with the model's message."""
    return Catalogue.model_validate(packaged_data("catalogue.yaml"))


# the incident-day kits ------------------------------------------------------------------

Confidence = Literal["confirmed", "partial", "page", "other-ovc", "related"]
Phase = Literal["response", "recovery"]


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


class FirstAction(_Strict):
    """One of the first hour's actions, in order: it falls to the lead of the first of its
    `protocols` the plan leads (or, for the call-down, to the member called first)."""

    id: str = Field(pattern=r"^FH-[0-9]+$")
    text: str = Field(min_length=1)
    protocols: tuple[str, ...] = Field(min_length=1)
    #: the site uses (resources.yaml `sites`) whose address the action prints
    sites: tuple[str, ...] = ()
    call_down: bool = False
    confidence: Confidence
    sources: tuple[str, ...] = Field(min_length=1)


class KitCatalogue(_Strict):
    confidence: dict[Confidence, str]
    sources: dict[str, str]
    phases: tuple[KitPhase, ...]
    items: tuple[KitItem, ...]
    first_hour: tuple[FirstAction, ...]
    first_hour_note: str = Field(min_length=1)
    #: the protocols each phase's kit shows, in the order of the night
    protocol_phases: dict[Phase, tuple[str, ...]]
    #: a kit's own name for a protocol, where the night's words differ from the list's
    protocol_titles: dict[str, str] = {}

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
        for entry_id, sources in [(e.id, e.sources) for e in self.items] + [
                (a.id, a.sources) for a in self.first_hour]:
            unknown = [s for s in sources if s not in self.sources]
            if unknown:
                raise ValueError(f'kit item "{entry_id}" names the unknown source "{unknown[0]}"')
        named = [f for action in self.first_hour for f in action.protocols]
        named += [f for phase in self.protocol_phases.values() for f in phase]
        named += list(self.protocol_titles)
        if any(f not in functions for f in named):
            raise ValueError(f'the kits name the unknown function '
                             f'"{next(f for f in named if f not in functions)}"')
        if set(self.confidence) != set(get_args(Confidence)):
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
    return KitCatalogue.model_validate(packaged_data("kits.yaml"))
