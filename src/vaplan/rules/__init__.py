"""The rules: importing this package registers every rule module; the lookups read the registry."""

from __future__ import annotations

from typing import Iterator

from vaplan.rules import (  # noqa: F401
    agreements,
    checklist,
    committee,
    exercises,
    files,
    plan,
    principles,
    references,
    resources,
    roles,
)
from vaplan.rules.registry import RULES, Rule


def all_rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda r: r.code)


def find_rule(ref: str) -> Rule | None:
    """A rule by code (any case) or name."""
    for entry in all_rules():
        if ref.upper() == entry.code or ref in entry.refs[1:]:
            return entry
    return None


def get_rule(code: str) -> Rule:
    """The rule with this code; a code no rule has is a bug in vaplan, not in the plan."""
    try:
        return RULES[code]
    except KeyError:
        raise ValueError(f"no such rule: {code!r}") from None


def always_on_refs() -> set[str]:
    return {ref for r in all_rules() if r.always_on for ref in r.refs}


def rule_refs() -> set[str]:
    return {ref for r in all_rules() for ref in r.refs}


def iter_checks() -> Iterator[Rule]:
    return (r for r in all_rules() if r.check is not None)
