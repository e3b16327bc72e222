"""Next steps as actions: who does what, by when, read from the plan's facts (the agreement's
parties and expiry, the gap's owner, the protocol's lead, the membership review's due date),
never the item's sentence repeated. Where the plan names no one, the steering committee.

`rank(actions)` is the one ranking of a plan's next steps (PLAN-FORMAT.md "Next steps, ranked
and dated"): by priority (1 the incident day ... 4 exercises and reviews), then by date, then in
the checklist's order. `vaplan.checklist.build.ranked_steps(result)` gives a checked plan's steps
so ranked; the checklist, the packet, `render --format json`'s `next_steps` and the summary all
take them from there."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, Iterable

from vaplan.checklist.view import NEXT_MEETING, Action, Item, OwnSteps
from vaplan.checklist.words import finding_words
from vaplan.facts import PlanFacts
from vaplan.findings import STEERING, Finding, named
from vaplan.models import Checks
from vaplan.text import owners

__all__ = ["NEXT_MEETING", "Steps", "by_organization", "next_meeting_day", "rank", "step_data",
           "steps_shown"]


def next_meeting_day(facts: PlanFacts) -> date | None:
    """The day of the committee's next meeting (meetings.yaml: the earliest meeting dated today
    or later); None when the plan has none on its calendar. The one place the next steps learn
    it, so that "by the next committee meeting" becomes a date whenever one is known."""
    return facts.next_meeting.day if facts.next_meeting else None


def steps_shown(checks: Checks) -> int:
    """`checks.next_steps_shown`: how many next steps a document lists before each
    organization's own list (10 unless the plan says otherwise)."""
    return checks.next_steps_shown


class Steps:
    """Turns an open item and the findings behind it into actions for one plan. Each rule gives
    the step that resolves its finding (`Finding.step`) and its priority; nothing here knows a
    rule by its code. `meeting` is the next meeting's day: what a step without its own date is
    due by."""

    def __init__(self, meeting: date | None = None) -> None:
        self.meeting = meeting.isoformat() if meeting else ""

    def for_item(self, item: Item, found: Iterable[Finding]) -> list[Action]:
        """The actions that would make `item` met, one per open finding behind it."""
        owner = owners(item.agencies) or STEERING
        if item.own:
            return [self._action(owner, _lower(item.text.rstrip(".")), item.due or self.meeting,
                                 item.id, 3)]
        if item.status == "to_confirm":
            return [self._action(owner, "confirm with the committee that " +
                                 _lower(item.text.rstrip(".")), self.meeting, item.id, 3)]
        if item.status == "not_checked":
            return [self._action(STEERING, "ask the plan's keeper to correct the plan files so "
                                 "this item can be checked", self.meeting, item.id, 3)]
        steps = [self.step(f, owner, item.id) for f in found if f.counts]
        if not steps:  # a protocol missing parts, or nothing yet to count, with no finding
            steps = [self._action(owner, f"complete this: {item.detail}", self.meeting, item.id,
                                  3)]
        return steps

    def step(self, finding: Finding, owner: str, item: str) -> Action:
        """One action for one finding: the step its rule gives, else its message as a task."""
        from vaplan.rules import find_rule

        entry = find_rule(finding.code)
        priority = entry.priority if entry else 3
        step = finding.step
        if step is None:
            return self._action(owner, f"resolve this: {finding_words(finding)}", self.meeting,
                                item, priority, finding.code)
        return self._action(step.owner or owner, step.action,
                            step.due.isoformat() if step.due else self.meeting, item,
                            step.priority or priority, finding.code)

    @staticmethod
    def _action(owner: str, action: str, due: str, item: str, priority: int,
                code: str = "") -> Action:
        return Action(owner, action, due, item, priority, (item,), (code,) if code else ())


def rank(actions: Iterable[Action]) -> tuple[Action, ...]:
    """The actions, each thing to do once (several items may rest on one finding: its items
    and rule codes are gathered), one cause one step (the same action for several
    organizations is one step naming them all), in priority order, then by date (the dated
    first), then in the checklist's order; each numbered by its `rank`."""
    unique: dict[tuple[str, str, str], Action] = {}
    for action in actions:
        key = (action.owner, action.action, action.due)
        held = unique.get(key)
        unique[key] = action if held is None else _joined(held, action)
    shared: dict[tuple[str, str, int, tuple[str, ...]], list[Action]] = {}
    for action in unique.values():
        shared.setdefault((action.action, action.due, action.priority, action.findings),
                          []).append(action)
    steps = [_shared(group) for group in shared.values()]
    ordered = sorted(enumerate(steps),
                     key=lambda pair: (pair[1].priority, pair[1].due or "9999", pair[0]))
    return tuple(dataclasses.replace(a, rank=n) for n, (_, a) in enumerate(ordered, 1))


def _joined(held: Action, action: Action) -> Action:
    return dataclasses.replace(
        held, priority=min(held.priority, action.priority),
        items=tuple(dict.fromkeys((*held.items, *action.items))),
        findings=tuple(dict.fromkeys((*held.findings, *action.findings))))


def _shared(group: list[Action]) -> Action:
    """One step for the same action that several organizations each take: "A, B, C and 2
    more: each give a phone number or email for its representative"."""
    if len(group) == 1:
        return group[0]
    first = group[0]
    for other in group[1:]:
        first = _joined(first, other)
    owners = tuple(dict.fromkeys(a.owner for a in group))
    return dataclasses.replace(first, owner=named(list(owners)), action=f"each {first.action}",
                               owners=owners, solo=first.action)


def by_organization(actions: Iterable[Action]) -> tuple[OwnSteps, ...]:
    """The actions grouped by who does them, each organization's list in ranked order, the
    organizations in the order of their first step: a list each partner can be handed (a
    step several organizations share is in each one's list)."""
    groups: dict[str, list[Action]] = {}
    for action in actions:
        for owner in action.owners or (action.owner,):
            own = action if not action.owners else dataclasses.replace(
                action, owner=owner, action=action.solo, owners=(), solo="")
            groups.setdefault(owner, []).append(own)
    # organizations with the very same steps share one list, every one of them named
    same: dict[tuple[int, ...], list[str]] = {}
    for owner, steps in groups.items():
        same.setdefault(tuple(a.rank for a in steps), []).append(owner)
    return tuple(OwnSteps(named(owners, len(owners)), tuple(groups[owners[0]]))
                 for owners in same.values())


def step_data(action: Action) -> dict[str, Any]:
    """One next step as `render --format json` gives it (PLAN-FORMAT.md)."""
    return {"rank": action.rank, "priority": action.priority, "owner": action.owner,
            "action": action.action, "due": action.due or None, "items": list(action.items),
            "findings": list(action.findings)}


def _lower(text: str) -> str:
    """A sentence made the tail of an action: "The committee ..." -> "the committee ..."."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
