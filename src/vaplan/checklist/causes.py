"""One cause, one line (PLAN-FORMAT.md "What a committee is shown"): the findings behind a
checklist item as the documents list them. A rule firing for several organizations, protocols
or agreements is said once with the names it concerns ("5 members have no phone or email: A, B,
C and 2 more"); a protocol item refers to a finding an earlier item already lists instead of
repeating it. The full messages and places stay on each line's Evidence for the plan's keeper."""

from __future__ import annotations

import dataclasses
from functools import cached_property
from typing import Mapping

from vaplan.catalogue import SAID_BY_STATUS, CatalogueItem
from vaplan.checklist.view import Evidence
from vaplan.checklist.words import by_cause, finding_words, short  # noqa: F401
from vaplan.findings import Finding, cause_line
from vaplan.models import PlanModels
from vaplan.vocabulary import Vocabulary


class Causes:
    """The findings of one checklist, listed by cause, each said under one item only."""

    def __init__(self, plan: PlanModels, organizations: Mapping[str, str],
                 vocab: Vocabulary) -> None:
        self.plan = plan
        #: member and partner id -> the organization's name
        self.organizations = organizations
        self.vocab = vocab
        #: each finding already listed under an item: that item's id and text
        self.listed: dict[int, tuple[str, str]] = {}

    def evidences(self, found: list[Finding], entry: CatalogueItem | None = None
                  ) -> list[Evidence]:
        """The findings behind `entry`, in people's words, one line per cause."""
        shown: list[Evidence] = []
        elsewhere: dict[str, list[Finding]] = {}
        own = []
        for finding in found:
            if (entry is not None and entry.function and finding.subject == entry.function
                    and finding.code in SAID_BY_STATUS and finding.counts):
                continue  # the item's status says it: "no lead named", "not written down"
            first = self.listed.get(id(finding))
            if entry is not None and entry.function and first and first[0] != entry.id:
                elsewhere.setdefault(first[1], []).append(finding)
            else:
                own.append(finding)
                if entry is not None:
                    self.listed.setdefault(id(finding), (entry.id, entry.text))
        for group in by_cause(own):
            names = [self.subject_name(f) for f in group]
            if len(group) == 1 or any(n is None for n in names):
                shown += [evidence(f) for f in group]
                continue
            line = cause_line(group[0].code, [n for n in names if n])
            if not group[0].counts:  # each reason stays with the finding, for the keeper
                line += " (each set aside with its reason)"
            shown.append(dataclasses.replace(
                evidence(group[0]), message="; ".join(f.message for f in group),
                waived="", plain=line))
        for text, findings in elsewhere.items():
            shown.append(Evidence(
                findings[0].code, findings[0].severity.value,
                "; ".join(f.message for f in findings), findings[0].place,
                plain=_listed(findings, text)))
        return shown

    def subject_name(self, finding: Finding) -> str | None:
        """What a finding is about, by name: an organization, a protocol, an agreement, a
        gap, an exercise or corrective action; None when the plan has no name for it."""
        subject = finding.subject
        if subject is None:
            return None
        if subject in self.organizations:
            return self.organizations[subject]
        if subject in self.names:
            return self.names[subject]
        return self.vocab.functions.get(subject) or self.vocab.disciplines.get(subject) or (
            subject if finding.code == "VP302" else None)

    @cached_property
    def names(self) -> dict[str, str]:
        plan = self.plan
        names: dict[str, str] = {}
        for agreement in plan.agreements.agreements if plan.agreements else ():
            names.setdefault(agreement.id, agreement.title)
        for gap in plan.resources.gaps if plan.resources else ():
            names.setdefault(gap.id, gap.need)
        if plan.exercises:
            for exercise in plan.exercises.exercises:
                names.setdefault(exercise.id, exercise.title)
            for action in plan.exercises.improvements:
                names.setdefault(action.id, action.action)
        return names


def _listed(findings: list[Finding], text: str) -> str:
    """"the 3 problems listed under “...” above", or, when every one is set aside, "the
    finding set aside under “...” above"."""
    count = len(findings)
    what = "problem" if any(f.counts for f in findings) else "finding"
    noun = f"the {what}" if count == 1 else f"the {count} {what}s"
    verb = "listed" if what == "problem" else "set aside"
    return f"{noun} {verb} under “{short(text)}” above"


def evidence(finding: Finding) -> Evidence:
    """One finding as a document lists it: people's words, and for the keeper where it is."""
    return Evidence(finding.code, finding.severity.value, finding.message, finding.place,
                    finding.waived or "", plain=finding_words(finding))


