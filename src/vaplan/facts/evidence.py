"""What a checklist item's evidence counts over: an item whose rules find nothing wrong with an
empty list (no members, no agreements, no gaps, no leads) has shown nothing, so it is a gap, not
met (PLAN-FORMAT.md, "No vacuous truths")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaplan.catalogue import Over

if TYPE_CHECKING:
    from vaplan.facts.plan import PlanFacts
    from vaplan.models import PlanModels

#: What the checklist says when there is nothing to count, in the committee's words.
NOTHING = {
    "members": "the plan lists no committee members yet",
    "agreements": "the plan lists no agreements yet",
    "gaps": "the plan records no resource needs or gaps yet",
    "call_down": "the plan names no steering members or protocol leads to reach yet",
}


def counted(plan: PlanModels, facts: PlanFacts, over: Over) -> int:
    """How many things the item's evidence is about: 0 means its rules had nothing to check."""
    if over == "members":
        return len(plan.committee.members) if plan.committee else 0
    if over == "agreements":
        return len(facts.agreements)
    if over == "gaps":
        return len(plan.resources.gaps) if plan.resources else 0
    return len(facts.call_down)
