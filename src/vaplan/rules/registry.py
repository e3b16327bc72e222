"""The rule registry: the Rule record and the decorator each rule module registers with.

vaplan.rules imports every rule module and answers the lookups (all_rules, find_rule)."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Iterable

from vaplan.findings import Severity


@dataclass(frozen=True)
class Context:
    """What a rule sees: the validated plan files (None where missing), settings and today."""

    files: dict[str, Any]
    checks: Any
    today: date
    vocabulary: Any
    plan_dir: Any = None

    def __getattr__(self, stem: str) -> Any:
        return self.files.get(stem)


#: A rule yields (path, message) pairs; the path starts with the file stem ("committee", ...).
Check = Callable[[Context], Iterable[tuple[tuple, str]]]


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

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, *, hint: str,
         needs: tuple[str, ...] = ()) -> Callable[[Check], Check]:
    """Register a rule function under its code and name."""

    def register(func: Check) -> Check:
        add(Rule(code, name, Severity(severity), inspect.getdoc(func) or "", hint, needs, func))
        return func

    return register


def add(entry: Rule) -> None:
    if entry.code in RULES or any(r.name == entry.name for r in RULES.values()):
        raise ValueError(f"rule {entry.code} {entry.name} registered twice")
    RULES[entry.code] = entry
