"""The rule registry: the Rule record and the decorator each rule module registers with.

vaplan.rules imports every rule module and answers the lookups (all_rules, find_rule)."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Iterator, NamedTuple, TypeVar

from vaplan.facts import PlanFacts, PlanModels
from vaplan.findings import Severity, Step
from vaplan.models import Checks, Record
from vaplan.vocabulary import Vocabulary


@dataclass(frozen=True, kw_only=True)
class Context(PlanModels):
    """What a rule sees: the validated plan files (None where missing or invalid), the facts
    derived from them, the check settings and today. Never the disk: what the plan's documents
    are (there or not) is a fact (`facts.document_problem`)."""

    facts: PlanFacts
    checks: Checks
    today: date
    vocabulary: Vocabulary

    def organization(self, org_id: str) -> str:
        """The organization of a committee member or partner, for a next step's owner (the
        one definition: `PlanFacts.organization`)."""
        return self.facts.organization(org_id)

    def label(self, word: str) -> str:
        """A function's or discipline's label in the vocabulary: "Family assistance center"."""
        return self.vocabulary.functions.get(word) or self.vocabulary.disciplines.get(word, word)

    def model(self, stem: str) -> Record | None:
        """A plan file's model by its stem, for rules that walk several files alike."""
        value = getattr(self, stem, None) if stem in PlanModels.__dataclass_fields__ else None
        return value if isinstance(value, Record) else None


class Hit(NamedTuple):
    """One problem a rule found: where (a path starting with the file stem), what, in plain
    words, and the id of what it is about (a function, agreement, member, discipline...), so
    the checklist never has to read it back out of the message."""

    path: tuple
    message: str
    subject: str | None = None
    #: the next step that resolves it: who does what, by when
    step: Step | None = None
    #: the message in the committee's words (names, not ids; no keys, files or paths), for
    #: the printed documents; None when the message has none of those
    people: str | None = None


#: A rule yields Hits, or (path, message) pairs when its finding has no subject of its own.
Hits = Iterator["Hit | tuple[tuple, str]"]
Check = Callable[[Context], Iterable["Hit | tuple[tuple, str]"]]

T = TypeVar("T")


def needed(model: T | None) -> T:
    """A file the rule declares in `needs`: the checker runs the rule only when it is valid."""
    if model is None:
        raise LookupError("a rule ran without a file it needs")
    return model


@dataclass(frozen=True)
class Rule:
    """One rule: its docstring is its user documentation (`vaplan rules CODE`)."""

    code: str
    name: str
    severity: Severity
    doc: str
    hint: str
    #: files the rule reads; it is skipped, and says why, when one is missing or invalid.
    needs: tuple[str, ...] = ()
    check: Check | None = None
    #: a finding of this rule means part of the plan could not be read at all, so it can be
    #: neither ignored, waived, nor given a lower severity: that would let a broken plan pass.
    always_on: bool = False
    #: names the rule had before (VP501 was partner-without-agreement): still accepted in
    #: settings and waivers, so a plan that named the rule keeps working
    former: tuple[str, ...] = ()
    #: how soon its next steps matter, 1 to 4 (PLAN-FORMAT.md "Next steps, ranked and dated"):
    #: 1 the incident day (call tree, leads of response protocols and the agreements they
    #: rest on), 2 the committee, 3 written protocols, resources and gaps, 4 exercises,
    #: corrective actions and reviews
    priority: int = 3
    #: the checklist items (data/catalogue.yaml ids) whose status its findings decide; a
    #: section's id stands for every item of the section ("protocols": each protocol)
    items: tuple[str, ...] = ()
    #: protocol items its findings anywhere in the plan also stand against, because the
    #: item's sentence promises what it checks (every member reachable, a committee convened)
    also: tuple[str, ...] = ()

    @property
    def refs(self) -> tuple[str, ...]:
        """Every way a plan may name the rule: its code, its name and its former names."""
        return (self.code, self.name, *self.former)

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, *, hint: str, priority: int,
         needs: tuple[str, ...] = (), former: tuple[str, ...] = (), items: tuple[str, ...] = (),
         also: tuple[str, ...] = ()) -> Callable[[Check], Check]:
    """Register a rule function under its code and name (and any names it had before), with
    the checklist items it decides (`items`) and the protocol items it `also` stands against."""

    def register(func: Check) -> Check:
        add(Rule(code, name, Severity(severity), inspect.getdoc(func) or "", hint, needs, func,
                 former=former, priority=priority, items=items, also=also))
        return func

    return register


def add(entry: Rule) -> None:
    if entry.code in RULES or any(set(r.refs) & set(entry.refs) for r in RULES.values()):
        raise ValueError(f"rule {entry.code} {entry.name} registered twice")
    RULES[entry.code] = entry
