"""Next steps as actions: who does what, by when, read from the plan's facts (the agreement's
parties and expiry, the gap's owner, the protocol's lead, the membership review's due date),
never the item's sentence repeated. Where the plan names no one, the steering committee."""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterable

from vaplan.checklist.view import Action, Item
from vaplan.checklist.words import STEERING
from vaplan.findings import Finding
from vaplan.models import PlanModels
from vaplan.text import short

#: What a step says when the plan gives no date to do it by.
NEXT_MEETING = "the next committee meeting"


class Steps:
    """Turns an open item and the findings behind it into actions for one plan."""

    def __init__(self, plan: PlanModels, organization: Callable[[str], str],
                 words: Callable[[str], str], labels: dict[str, str], today: date,
                 review_due: date | None, missing_sectors: dict[str, tuple[str, ...]]
                 ) -> None:
        self.plan = plan
        self.missing_sectors = missing_sectors
        self.organization = organization
        self.words = words
        self.labels = labels
        self.today = today
        self.review_due = review_due

    def for_item(self, item: Item, found: Iterable[Finding]) -> list[Action]:
        """The actions that would make `item` met, one per open finding behind it."""
        owner = _owners(item.agencies) or STEERING
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
        """One action for one finding, from the record it is about."""
        record, kind = self._record(finding.path)
        code = finding.code
        if kind == "agreement":
            return self._agreement(code, record, owner, item, finding)
        if kind == "gap":
            who = self.organization(record.owner) if record.owner else STEERING
            if code == "VP402":
                return Action(STEERING, f"name an owner for the gap “{record.need}”",
                              NEXT_MEETING, item)
            if code == "VP403":
                return Action(who, f"bring the gap “{record.need}” to the committee",
                              NEXT_MEETING, item)
        if kind == "member":
            org = record.organization
            if code == "VP107":
                return Action(org, "give a phone number or email for its representative",
                              NEXT_MEETING, item)
            if code == "VP108":
                return Action(org, "name an alternate who has a phone number", NEXT_MEETING,
                              item)
        if kind == "function":
            label = self.labels.get(record.function, record.function)
            lead = self.organization(record.lead) if record.lead else STEERING
            if code == "VP303":
                return Action(STEERING, f"name a lead agency for {label}", NEXT_MEETING, item)
            if code == "VP305":
                return Action(lead, f"write the responsibilities for {label}", NEXT_MEETING,
                              item)
            if code == "VP306":
                return Action(lead, f"write down the {label} protocol", NEXT_MEETING, item)
        subject = finding.subject or ""
        exercise = self._exercise_step(code, record, kind, subject, owner, item)
        if exercise is not None:
            return exercise
        if code == "VP101" and subject:
            label = self.labels.get(subject, subject.replace("_", " ")).lower()
            sectors = self.missing_sectors.get(subject, ())
            kind = f"{' or '.join(sectors)}-sector {label}" if sectors else label
            article = "an" if kind[:1] in "aeiou" else "a"
            return Action(STEERING, f"invite {article} {kind} partner to join the committee",
                          NEXT_MEETING, item)
        if code == "VP103":
            return Action(STEERING, "make the steering committee smaller", NEXT_MEETING, item)
        if code == "VP109" and subject:
            return Action(owner, f"add {self.organization(subject)} to the call tree",
                          NEXT_MEETING, item)
        if code == "VP501" and subject:
            return Action(self.organization(subject), "sign an MOU or MOA with the partners "
                          "it works with", NEXT_MEETING, item)
        if code == "VP201" and subject:
            return Action(owner, f"write the partnership's {subject.replace('_', ' ')}",
                          NEXT_MEETING, item)
        if code == "VP104" and self.review_due is not None:
            due = self.review_due if self.review_due > self.today else None
            return Action(STEERING, "re-evaluate the committee membership list with the "
                          "committee", due.isoformat() if due else NEXT_MEETING, item)
        if code == "VP304" and subject:
            label = self.labels.get(subject, subject)
            return Action(owner, f"describe the {label} protocol: its lead, responsibilities "
                          "and where it is written down", NEXT_MEETING, item)
        return Action(owner, f"resolve this: {self.words(finding.message)}", NEXT_MEETING,
                      item)

    def _exercise_step(self, code: str, record: Any, kind: str, subject: str, owner: str,
                       item: str) -> Action | None:
        """The exercise program's steps (VP701-VP705): exercise a protocol, write a report,
        finish or assign a corrective action, drill the call-down."""
        if code == "VP701" and subject:
            lead = (self.organization(record.lead) if kind == "function" and record.lead
                    else owner)
            label = self.labels.get(subject, subject)
            return Action(lead, f"exercise the {label} protocol (a drill, a tabletop or a "
                          "real incident) and record it", NEXT_MEETING, item)
        if code == "VP702" and kind == "exercise":
            return Action(owner, f"write the after-action report of “{short(record.title)}” "
                          "and keep it with the plan", NEXT_MEETING, item)
        if code == "VP703" and kind == "action":
            who = self.organization(record.owner) if record.owner else STEERING
            return Action(who, f"finish the corrective action “{short(record.action)}”, due "
                          f"{record.due}", NEXT_MEETING, item)
        if code == "VP704" and kind == "action":
            return Action(STEERING, "name the organization responsible for the corrective "
                          f"action “{short(record.action)}”", NEXT_MEETING, item)
        if code == "VP705":
            return Action(owner, "hold a call-down drill of the contact list and record it",
                          NEXT_MEETING, item)
        return None

    def _agreement(self, code: str, record: Any, owner: str, item: str,
                   finding: Finding) -> Action:
        parties = _owners([self.organization(p) for p in record.parties]) or owner
        name = f"the {record.type} “{record.title}”"
        expires = record.expires.isoformat() if record.expires else ""
        if code == "VP502":
            return Action(parties, f"renew {name}", NEXT_MEETING, item)
        if code == "VP503":
            return Action(parties, f"renew {name}", expires or NEXT_MEETING, item)
        if code == "VP504":
            return Action(parties, f"sign {name} and record the date", NEXT_MEETING, item)
        if code == "VP505":
            return Action(parties, f"keep a signed copy of {name} with the plan", NEXT_MEETING,
                          item)
        return Action(parties, f"resolve this: {self.words(finding.message)}", NEXT_MEETING,
                      item)

    def _record(self, path: tuple) -> tuple[Any, str]:
        """The plan record a finding's path points into, and what kind it is."""
        kinds = {("agreements", "agreements"): "agreement", ("resources", "gaps"): "gap",
                 ("committee", "members"): "member", ("roles", "functions"): "function",
                 ("exercises", "exercises"): "exercise", ("exercises", "improvements"): "action"}
        kind = kinds.get(tuple(path[:2]))
        if kind is None or len(path) < 3 or not isinstance(path[2], int):
            return None, ""
        model = getattr(self.plan, str(path[0]), None)
        records: Any = getattr(model, path[1], None) if model is not None else None
        try:
            return records[path[2]], kind
        except (IndexError, KeyError, TypeError):
            return None, ""


def _owners(names: Iterable[str]) -> str:
    """One organization, or two, or the first with how many others: a step has one clear
    owner, and names that hold commas are never run together in a list."""
    names = list(dict.fromkeys(names))
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} with {len(names) - 1} other partners"


def _lower(text: str) -> str:
    """A sentence made the tail of an action: "The committee ..." -> "the committee ..."."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
