"""The rules: importing this package registers every rule module; the lookups read the registry."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator, NamedTuple

from vaplan.catalogue import Catalogue, catalogue
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
from vaplan.vocabulary import did_you_mean


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


def rule_table() -> str:
    """The README's table of the rules, in Markdown: code, name, default severity and the first
    line of the docstring (`python .ci/readme.py` writes it into README.md)."""
    bar = "\\|"  # a | in a summary would end its cell
    rows = [f"| {r.code} | {r.name} | {r.severity.value} | {r.summary.replace('|', bar)} |"
            for r in all_rules()]
    return "\n".join(["| code | name | default severity | what it finds |", "|---|---|---|---|",
                      *rows]) + "\n"


def iter_checks() -> Iterator[Rule]:
    return (r for r in all_rules() if r.check is not None)


class Links(NamedTuple):
    """The rules behind one checklist item, as the rules themselves name it (`@rule(...,
    items=..., also=...)`): `rules` decide its status; `also`, for a protocol item, are rules
    whose findings anywhere in the plan stand against it too. Each in code order, the item's
    own rules first and the checks across the plan (VP0nn) after them."""

    rules: tuple[str, ...] = ()
    also: tuple[str, ...] = ()


def links_of(item_id: str) -> Links:
    """The rules behind a checklist item of the packaged catalogue (none: a person confirms it)."""
    return checklist_links().get(item_id, Links())


@lru_cache(maxsize=1)
def checklist_links() -> dict[str, Links]:
    """Item id -> the rules behind it, for the packaged catalogue."""
    return item_links(catalogue(), all_rules())


def item_links(book: Catalogue, rules: list[Rule]) -> dict[str, Links]:
    """Item id -> the rules linked to it; a rule naming an item or section `book` does not
    have is a bug in vaplan, said with the rule, the name and the likely one, and so is one
    linking an item twice."""
    sections = {s.id: [i.id for i in book.items if i.section == s.id] for s in book.sections}
    found: dict[str, tuple[list[str], list[str]]] = {i.id: ([], []) for i in book.items}
    protocols = {i.id for i in book.items if i.function}
    for entry in sorted(rules, key=lambda r: (r.code.startswith("VP0"), r.code)):
        for names, slot in ((entry.items, 0), (entry.also, 1)):
            for name in names:
                if name not in found and name not in sections:
                    raise ValueError(
                        f'rule {entry.code} names the checklist item "{name}", which '
                        f"data/catalogue.yaml does not have{did_you_mean(name, [*found, *sections])}")
                for item in sections.get(name, [name]):
                    if slot == 1 and item not in protocols:  # Statuses reads also= for those
                        raise ValueError(f'rule {entry.code} names "{item}" in also=, which is '
                                         "not a protocol item; use items=")
                    if entry.code in (*found[item][0], *found[item][1]):
                        # each finding would stand twice against the item
                        raise ValueError(f'rule {entry.code} links the checklist item "{item}" '
                                         "twice (by its id and its section's, or in both "
                                         "items= and also=)")
                    found[item][slot].append(entry.code)
    return {item: Links(tuple(own), tuple(also)) for item, (own, also) in found.items()
            if own or also}
