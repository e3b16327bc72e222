"""What a template sees: the Checklist's fields as top-level variables, and sample checklists
that exercise every field and branch for `vaplan template check`."""

from __future__ import annotations

import dataclasses
from typing import Any

from vaplan.checklist.build import (
    FORMULA,
    LABELS,
    Action,
    AgreementAlert,
    Checklist,
    Coverage,
    Evidence,
    OpenGap,
    OwnSteps,
    RosterMember,
    Score,
    Section,
    make_item,
)


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
    evidence = (Evidence("VP101", "error", "no committee member covers the required discipline "
                         '"city_government" (City government)', "committee.yaml:2:1"),
                Evidence("VP501", "warning", "Harbor Health (harbor-health) is party to no MOU",
                         "committee.yaml:31:5", "Counsel reviews MOUs in January."))
    items = tuple(make_item(f"sample-{status}", "Sample section", "A key issue of the checklist.",
                            "Sample County Emergency Management", status, "a detail", evidence,
                            own=status == "to_confirm", due="2027-01-31")
                  for status in LABELS)
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
        roster=(RosterMember("sample-oem", "Sample County Emergency Management", "Pat Kim, "
                             "Director", "pkim@example.org", "Emergency management", "public",
                             "county", "Chair, Steering"),),
        coverage=(Coverage("law_enforcement", "Law enforcement", True, "✔", "Sample Sheriff", ""),
                  Coverage("legal_services", "Legal services", False, "✖", "Legal Aid",
                           "no private-sector member")),
        gaps=(OpenGap("interpreters", "Interpreters on call", "open", "Sample DA", "2026-05-12",
                      "nonprofit, college"),),
        agreements=(AgreementAlert("mou", "MOU", "Victim assistance", "Sample DA; Sample OEM",
                                   "2026-12-31", "expiring", "expires in 33 days"),),
        next_steps=tuple(i for i in items if not i.done),
        formula=FORMULA,
        not_checked=("VP401, VP402: resources.yaml is missing",),
        problems=evidence,
        actions=actions, first_steps=actions[:1],
        later_steps=(OwnSteps("steering committee", actions[1:]),),
    )
    empty = dataclasses.replace(
        full, jurisdiction="", plan_version="", updated="", sections=(),
        score=Score(0, 0, None), roster=(), coverage=(), gaps=(), agreements=(), next_steps=(),
        not_checked=(), problems=(), actions=(), first_steps=(), later_steps=())
    return [full, empty]
