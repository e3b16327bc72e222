"""What a template sees: the Checklist's fields as top-level variables, and sample checklists
that exercise every field and branch for `vaplan template check`."""

from __future__ import annotations

import dataclasses
import types
from datetime import date
from typing import Any, Union, get_args, get_origin, get_type_hints

from vaplan.checklist.build import (
    FORMULA,
    Action,
    AgreementAlert,
    Checklist,
    Coverage,
    OpenGap,
    OwnSteps,
    Score,
    Section,
    sample_items,
)
from vaplan.checklist.roster import CONTACT_FIELDS, ROLES, Entry


def render_context(checklist: Checklist) -> dict[str, Any]:
    """Top-level template variables: every field of the Checklist, plus `items` (all of them)."""
    context = {f.name: getattr(checklist, f.name) for f in dataclasses.fields(checklist)}
    context["items"] = checklist.items
    context["undated"] = checklist.undated
    return context


def context_names() -> list[str]:
    return [*(f.name for f in dataclasses.fields(Checklist)), "items", "undated"]


def sample_checklists() -> list[Checklist]:
    """A checklist with one of everything (every status, list and optional text), and an empty
    one, so that a check walks both sides of a template's `if`s and into every loop."""
    items = sample_items()
    score = Score(3, 5, 60)
    actions = (Action("Sample DA", "name a lead for victim notification", "2027-01-12",
                      "sample-gap", 1, ("sample-gap",), ("VP303",), 1),
               Action("steering committee", "invite an education partner", "", "sample-gap", 2,
                      ("sample-gap",), ("VP101",), 2))
    full = Checklist(
        community="Sample County", jurisdiction="Sample County, OR", plan_version="1.0",
        updated="2026-01-01", today="2026-11-28",
        sections=(Section("sample", "Sample section", items, score),
                  Section("empty", "Empty section", (), Score(0, 0, None))),
        score=score,
        roster=sample_members(),
        coverage=(Coverage("law_enforcement", "Law enforcement", True, "✔", "Sample Sheriff", ""),
                  Coverage("legal_services", "Legal services", False, "✖", "Legal Aid",
                           "no private-sector member")),
        gaps=(OpenGap("interpreters", "Interpreters on call", "open", "Sample DA", "2026-05-12",
                      "nonprofit, college"),),
        agreements=(AgreementAlert("mou", "MOU", "Victim assistance", "Sample DA; Sample OEM",
                                   "2026-12-31", "expiring", "expires in 33 days"),
                    AgreementAlert("grant", "grant", "Center operations", "Sample OEM",
                                   "2019-12-31", "expired", "expired 2524 days ago",
                                   "Completed as planned.")),
        next_steps=tuple(i for i in items if not i.done),
        formula=FORMULA,
        not_checked=("VP401, VP402: resources.yaml is missing",),
        problems=items[0].evidence,
        actions=actions, first_steps=actions[:1],
        later_steps=(OwnSteps("steering committee", actions[1:]),),
    )
    empty = dataclasses.replace(
        full, jurisdiction="", plan_version="", updated="", sections=(),
        score=Score(0, 0, None), roster=(), coverage=(), gaps=(), agreements=(), next_steps=(),
        not_checked=(), problems=(), actions=(), first_steps=(), later_steps=())
    # a public copy: a template's own branch for it is walked too
    public = dataclasses.replace(
        full, public_note="Public copy: people's names, titles, phones and emails are left out.")
    return [full, empty, public]


def sample_members() -> tuple[Entry, ...]:
    """Two roster entries made from Entry's own fields, so a field added to it is in the
    samples with no edit here: one with every field filled in, one with every field empty
    (no people named, as in a public copy; not reached by the call-down)."""
    hints = get_type_hints(Entry)
    return tuple(Entry(**{f.name: _sample(f.name, hints[f.name], full)
                          for f in dataclasses.fields(Entry)})
                 for full in (True, False))


def _sample(name: str, kind: Any, full: bool) -> Any:
    """A sample value of the type `kind` for the field `name`: filled in, or empty."""
    origin, args = get_origin(kind), get_args(kind)
    if origin in (Union, types.UnionType) and type(None) in args:
        inner = next(a for a in args if a is not type(None))
        return _sample(name, inner, full) if full else None
    if name == "contacts":  # each of ROLES with every contact field
        return {role: {f: _sample(f, str, full) or None for f in CONTACT_FIELDS}
                for role in ROLES}
    if origin is tuple:
        return (_sample(name, args[0], full),) if full else ()
    if kind is str:
        return f"Sample {name.replace('_', ' ')}" if full else ""
    if kind is bool:
        return full
    if kind in (int, float):
        return kind(1 if full else 0)
    if kind is date:
        return date(2026, 11, 28)
    raise TypeError(f"sample_members cannot make a sample {kind} for Entry.{name}: "
                    "add its type to render/context.py's _sample")
