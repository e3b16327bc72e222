"""Next steps as actions: who does what, by when, read from the plan's facts (the agreement's
parties and expiry, the gap's owner, the protocol's lead, the membership review's due date),
never the item's sentence repeated. Where the plan names no one, the steering committee."""

from __future__ import annotations

from typing import Iterable

from vaplan.checklist.view import Action, Item
from vaplan.checklist.words import finding_words
from vaplan.findings import STEERING, Finding
from vaplan.text import owners

#: What a step says when the plan gives no date to do it by.
NEXT_MEETING = "the next committee meeting"


class Steps:
    """Turns an open item and the findings behind it into actions for one plan. Each rule gives
    the step that resolves its finding (`Finding.step`) and its priority; nothing here knows a
    rule by its code."""

    def for_item(self, item: Item, found: Iterable[Finding]) -> list[Action]:
        """The actions that would make `item` met, one per open finding behind it."""
        owner = owners(item.agencies) or STEERING
        if item.own:
            return [Action(owner, _lower(item.text.rstrip(".")), item.due or NEXT_MEETING,
                           item.id)]
        if item.status == "to_confirm":
            return [Action(owner, "confirm with the committee that " +
                           _lower(item.text.rstrip(".")), NEXT_MEETING, item.id)]
        if item.status == "not_checked":
            return [Action(STEERING, "ask the plan's keeper to correct the plan files so "
                           "this item can be checked", NEXT_MEETING, item.id)]
        steps = [self.step(f, owner, item.id) for f in found if f.counts]
        if not steps:  # a protocol missing parts with no finding of its own
            steps = [Action(owner, f"complete this: {item.detail}", NEXT_MEETING, item.id)]
        return steps

    def step(self, finding: Finding, owner: str, item: str) -> Action:
        """One action for one finding: the step its rule gives, else its message as a task."""
        from vaplan.rules import find_rule

        entry = find_rule(finding.code)
        priority = entry.priority if entry else 3
        step = finding.step
        if step is None:
            return Action(owner, f"resolve this: {finding_words(finding)}", NEXT_MEETING,
                          item, priority)
        return Action(step.owner or owner, step.action,
                      step.due.isoformat() if step.due else NEXT_MEETING, item,
                      step.priority or priority)


def _lower(text: str) -> str:
    """A sentence made the tail of an action: "The committee ..." -> "the committee ..."."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
