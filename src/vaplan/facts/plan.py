"""PlanFacts: every derived fact about a plan, computed once from its validated models, the
check settings and today. The rules, the checklist, the packet and the calendar read these
instead of working them out again, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from vaplan.facts.agreements import AgreementFact, agreement_fact
from vaplan.facts.calltree import CallTree, call_tree
from vaplan.facts.committee import (
    DisciplineCoverage,
    discipline_coverage,
    organization_names,
    partner_ids,
    steering_members,
)
from vaplan.facts.documents import document_problem
from vaplan.facts.done import DoneDate, future_dates
from vaplan.facts.exercises import ExerciseRecord, exercise_due, exercise_record, last_exercised
from vaplan.facts.languages import LanguageCoverage, language_coverage
from vaplan.facts.meetings import MeetingFact, next_meeting
from vaplan.facts.protocols import ProtocolEvidence, protocol_evidence
from vaplan.facts.reviews import ReviewDue, review_due
from vaplan.facts.tailoring import Tailoring, tailoring
from vaplan.models import Checks, PlanModels
from vaplan.vocabulary import Vocabulary, vocabulary


@dataclass(frozen=True)
class PlanFacts:
    """What the plan shows, as of `today`."""

    today: date
    #: `checks.required_disciplines`, or the vocabulary's when not given; `[]` means none
    required_disciplines: tuple[str, ...]
    #: `checks.required_functions`, or the vocabulary's when not given; `[]` means none
    required_functions: tuple[str, ...]
    #: the coverage of each required discipline; empty without committee.yaml
    disciplines: tuple[DisciplineCoverage, ...]
    #: ids of the steering committee's members
    steering: tuple[str, ...]
    #: the committee's membership review; None without committee.yaml
    membership_review: ReviewDue | None
    #: the review of the whole plan, from vaplan.yaml's `updated:`; None without vaplan.yaml
    plan_review: ReviewDue | None
    #: each agreement's state, in agreements.yaml's order
    agreements: tuple[AgreementFact, ...]
    #: the evidence for every function of the vocabulary, by function id
    protocols: Mapping[str, ProtocolEvidence]
    #: places in resources.yaml's `gaps:` of the gaps not yet resolved (open or in progress)
    open_gaps: tuple[int, ...]
    #: checklist.yaml's items confirmed done and tailored out
    tailoring: Tailoring
    #: dates that record something done (signed, joined, reviewed...) but are after today
    future_dates: tuple[DoneDate, ...] = ()
    #: levels whose emergency plan has victim assistance written in on a date not after today
    incorporated_levels: frozenset[str] = frozenset()
    #: the call tree of committee.yaml's `activation`; None without one (or without the file)
    call_tree: CallTree | None = None
    #: ids of the members the call-down must reach: the steering committee, then the leads of
    #: the required functions, each once
    call_down: tuple[str, ...] = ()
    #: exercises.yaml: exercises held, after-action reports owed, corrective actions, call-down
    #: drills; an empty record without the file
    exercise_record: ExerciseRecord = ExerciseRecord()
    #: for each required function: when it was last exercised and when its next exercise is due
    exercise_due: Mapping[str, ReviewDue] = field(default_factory=dict)
    #: member and partner id -> the organization's name; empty without committee.yaml
    organizations: Mapping[str, str] = field(default_factory=dict)
    #: ids of committee.yaml's `partners:` (organizations that help but are not members)
    partners: frozenset[str] = frozenset()
    #: each language of vaplan.yaml's `population:` and who on the plan speaks it
    languages: tuple[LanguageCoverage, ...] = ()
    #: the earliest meeting of meetings.yaml dated today or later; None when none is planned
    next_meeting: MeetingFact | None = None

    def organization(self, org_id: str) -> str:
        """The name of the member or partner with this id; the id itself, marked, when the plan
        has no such organization."""
        return self.organizations.get(org_id) or f"{org_id} (not on the committee)"
    #: each document the plan names (signed agreements, written protocols, after-action
    #: reports), as written -> why it is not a file inside the plan folder, or None when it is
    documents: Mapping[str, str | None] = field(default_factory=dict)

    def document_problem(self, document: str | None) -> str | None:
        """Why the named document is not a file inside the plan folder; None when it is, or
        when no document is named."""
        if not document:
            return None
        return self.documents.get(document, "does not exist in the plan directory")

    def agreement(self, agreement_id: str) -> AgreementFact | None:
        """The first agreement with this id (ids are unique unless VP005 says otherwise)."""
        return next((a for a in self.agreements if a.id == agreement_id), None)


def plan_facts(models: PlanModels | Mapping[str, Any], checks: Checks, today: date,
               vocab: Vocabulary | None = None, plan_dir: Path | None = None,
               unusable: frozenset[str] = frozenset()) -> PlanFacts:
    """Every fact of one plan; never raises on a validated plan, whatever its dates.

    `plan_dir` is where the documents the plan names are looked for; without it no document
    counts as existing. `unusable` names the plan files present but unusable (the checker's
    `unusable_files`)."""
    plan = models if isinstance(models, PlanModels) else PlanModels.of(models)
    vocab = vocab or vocabulary()
    disciplines = _required(checks.required_disciplines, vocab.required_disciplines)
    functions = _required(checks.required_functions, vocab.required_functions)
    warning = checks.expiry_warning_days
    committee, meta = plan.committee, plan.vaplan
    agreements = tuple(agreement_fact(i, a, today, warning) for i, a in enumerate(
        plan.agreements.agreements if plan.agreements else ()))
    record = exercise_record(plan.exercises, checks, today, plan_dir,
                             unreadable="exercises.yaml" in unusable)
    exercised = last_exercised(record)
    protocols = protocol_evidence(plan.roles, tuple(vocab.functions), functions,
                                  plan_dir=plan_dir, agreements=agreements, today=today,
                                  exercised=exercised)
    steering = steering_members(committee) if committee else ()
    return PlanFacts(
        today=today,
        required_disciplines=disciplines,
        required_functions=functions,
        disciplines=discipline_coverage(committee, disciplines) if committee else (),
        steering=steering,
        membership_review=(review_due(committee.reviewed, checks.review_interval_months,
                                      today, warning) if committee else None),
        plan_review=(review_due(meta.updated, checks.plan_review_months, today, warning)
                     if meta else None),
        agreements=agreements,
        protocols=protocols,
        open_gaps=tuple(i for i, gap in enumerate(plan.resources.gaps if plan.resources else ())
                        if gap.status != "resolved"),
        tailoring=tailoring(plan.checklist),
        future_dates=future_dates(plan, today),
        incorporated_levels=frozenset(
            p.level for p in (plan.roles.emergency_plans if plan.roles else ())
            if p.incorporated is not None and p.incorporated <= today),
        call_tree=call_tree(committee) if committee else None,
        call_down=tuple(dict.fromkeys((*steering, *(lead for f in functions if f in protocols
                                                     for lead in protocols[f].leads)))),
        exercise_record=record,
        exercise_due=exercise_due(exercised, functions, checks, today),
        organizations=organization_names(committee) if committee else {},
        partners=partner_ids(committee) if committee else frozenset(),
        languages=language_coverage(meta, committee, plan.resources,
                                    checks.language_share_percent),
        next_meeting=next_meeting(plan.meetings, today),
        documents={doc: document_problem(plan_dir, doc) if plan_dir is not None
                   else "does not exist in the plan directory" for doc in plan.documents()},
    )


def _required(setting: list[str] | None, default: list[str]) -> tuple[str, ...]:
    # An empty list is a choice (nothing required); only a missing setting means the default.
    return tuple(default if setting is None else setting)
