"""build_checklist: the community's checklist (items, statuses, readiness) from a CheckResult.

The view-model it returns lives in checklist_view; its names are re-exported here.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterable

from vaplan.catalogue import Catalogue, CatalogueItem, DisciplineMembers, FunctionLead
from vaplan.catalogue import catalogue as packaged_catalogue
from vaplan.checklist.causes import Causes
from vaplan.checklist.causes import evidence as evidence_of
from vaplan.checklist.records import PlanRecords
from vaplan.checklist.roster import Entry, build_roster
from vaplan.checklist.status import Statuses, checklist_progress  # noqa: F401 (its home before)
from vaplan.checklist.steps import Steps, by_organization, next_meeting_day, rank, steps_shown
from vaplan.checklist.view import (  # noqa: F401
    FORMULA,
    GLYPHS,
    LABELS,
    READY,
    UNCOUNTED,
    Action,
    AgreementAlert,
    Checklist,
    Coverage,
    Evidence,
    Item,
    OpenGap,
    OwnSteps,
    Score,
    Section,
)
from vaplan.checklist.words import sentence
from vaplan.facts.exercises import call_down_result, last_call_down, last_use
from vaplan.facts.protocols import ProtocolEvidence
from vaplan.findings import Finding, Severity
from vaplan.public import public_view
from vaplan.vocabulary import vocabulary

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

_NOT_ASSIGNED = "Not assigned"
#: Agencies named in one "Agency responsible" cell before "and N more".
_MAX_NAMES = 4


def build_checklist(result: CheckResult, catalogue: Catalogue | None = None,
                    today: date | None = None, public: bool = False) -> Checklist:
    """The checklist of one checked plan; `today` defaults to the day the plan was checked.

    `public` builds it from models with every personal field left out (vaplan.public)."""
    if public:
        return for_the_public(public_view(
            result, lambda redacted: build_checklist(redacted, catalogue, today)))
    catalogue = catalogue or packaged_catalogue()
    day = today or result.today
    plan = _Plan(result, day)
    sections = _sections(catalogue, plan, day)
    items = [item for section in sections for item in section.items]
    next_steps = tuple(i for status in ("gap", "partial", "not_checked", "to_confirm")
                       for i in items if i.status == status)
    meta = result.plan.vaplan
    actions = plan.actions(next_steps)
    shown = steps_shown(result.checks)
    return Checklist(
        community=result.community,
        jurisdiction=_jurisdiction(meta),
        plan_version=(meta.plan_version or "") if meta else "",
        updated=str(meta.updated) if meta and meta.updated else "",
        today=day.isoformat(),
        sections=sections,
        score=_score(items),
        roster=_roster(result, day),
        coverage=plan.coverage(),
        gaps=plan.open_gaps(day),
        agreements=plan.agreement_alerts(day),
        next_steps=next_steps,
        actions=actions,
        first_steps=actions[:shown],
        later_steps=by_organization(actions[shown:]),
        sites=plan.records.sites(),
        funding=plan.records.funding(),
        languages=plan.records.languages(),
        formula=FORMULA,
        not_checked=tuple(dict.fromkeys(sentence(reason)
                                        for reason in _skipped_by_reason(result))),
        problems=tuple(plan.evidence(f) for f in result.findings
                       if f.severity is Severity.error),
        # a waived problem is listed, with its reason, but is not one "to fix"
        problem_count=sum(1 for f in result.findings
                          if f.severity is Severity.error and f.counts),
    )


def _roster(result: CheckResult, day: date) -> tuple[Entry, ...]:
    """The committee in committee.yaml's order: the entries `vaplan export roster` lists
    (vaplan.checklist.roster), so the checklist and the contact list cannot disagree."""
    if result.plan.committee is None:
        return ()
    return build_roster(result, day, call_order=False).entries


def ranked_steps(result: CheckResult) -> list[Action]:
    """The plan's next steps in the one ranked order (checklist/steps.rank): rank, priority
    (1-4), owner, action, due (YYYY-MM-DD, or "" when neither the step nor the calendar gives
    a date), items and rule codes. For the summary and the roll-up, which take the first few."""
    return list(build_checklist(result).actions)


# statuses ------------------------------------------------------------------------------------

def _sections(catalogue: Catalogue, plan: _Plan, day: date) -> tuple[Section, ...]:
    groups: dict[str, list[Item]] = {s.id: [] for s in catalogue.sections}
    titles = {s.id: s.title for s in catalogue.sections}
    for entry in catalogue.items:
        groups[entry.section].append(plan.catalogue_item(entry, titles[entry.section]))
    for own in plan.own_items():
        key = _section_key(own.section, titles)
        if key not in groups:
            groups[key], titles[key] = [], own.section
        groups[key].append(plan.own_item(own, day, titles[key]))
    return tuple(Section(key, titles[key], tuple(items), _score(items))
                 for key, items in groups.items())


def _section_key(name: str, titles: dict[str, str]) -> str:
    wanted = name.strip().casefold()
    for key, title in titles.items():
        if wanted in (key.casefold(), title.casefold()):
            return key
    return re.sub(r"[^a-z0-9]+", "-", wanted).strip("-") or "own-items"


def _score(items: Iterable[Item]) -> Score:
    applicable = [i for i in items if i.status not in UNCOUNTED]
    ready = sum(1 for i in applicable if i.done)
    percent = (ready * 100) // len(applicable) if applicable else None
    return Score(ready, len(applicable), percent)


def make_item(entry_id: str, section: str, text: str, responsible: str, status: str, detail: str,
              evidence: Iterable[Evidence] = (), own: bool = False, due: str = "",
              agencies: Iterable[str] = (), shown: Iterable[str] = (),
              last_exercised: str | None = None, exercise_overdue: str = "",
              last_incident: bool = False, drill: str = "") -> Item:
    label = LABELS[status]
    summary = f"{label}{' ' if status == 'confirmed' else ': '}{detail}" if detail else label
    return Item(entry_id, section, text, responsible, status, label, GLYPHS[status],
                status in READY, detail, summary, tuple(evidence), own, due, tuple(agencies),
                tuple(shown), last_exercised, exercise_overdue, last_incident, drill)


def sample_items() -> tuple[Item, ...]:
    """An item in every status, each with two findings, for the samples `vaplan template
    check` runs the checklist's and the packet's templates against."""
    evidence = (Evidence("VP101", "error", "no committee member covers the required discipline "
                         '"city_government" (City government)', "committee.yaml:2:1"),
                Evidence("VP501", "warning", "Harbor Health (harbor-health) is party to no MOU",
                         "committee.yaml:31:5", "Counsel reviews MOUs in January."))
    return tuple(make_item(f"sample-{status}", "Sample section", "A key issue of the checklist.",
                           "Sample County Emergency Management", status, "a detail", evidence,
                           own=status == "to_confirm", due="2027-01-31")
                 for status in LABELS)


class _Plan:
    """The checked plan, indexed once, answering the questions the checklist asks of it."""

    def __init__(self, result: CheckResult, day: date) -> None:
        self.result = result
        self.plan = result.plan
        self.statuses = Statuses(result, day)
        self.facts = self.statuses.facts
        self.records = PlanRecords(self.plan, self.facts)
        self.vocab = vocabulary()
        #: item id -> the findings behind its status, for its next steps
        self.found: dict[str, list[Finding]] = {}
        self.status = self.statuses.status
        self.causes = Causes(self.plan, self.facts.organizations, self.vocab)
        self.own_status = self.statuses.own_status

    # one catalogue item ----------------------------------------------------------------------

    def catalogue_item(self, entry: CatalogueItem, section: str) -> Item:
        status, detail, found = self.status(entry)
        self.found[entry.id] = found
        protocol = self.facts.protocols.get(entry.function) if entry.function else None
        # the same fact VP701 reads: a required protocol's next exercise, once it is overdue
        due = self.facts.exercise_due.get(entry.function) if entry.function else None
        used = last_use(self.facts.exercise_record, protocol.function) if protocol else None
        return make_item(entry.id, section, entry.text, self.responsible(entry), status,
                         detail, self.evidences(found, entry),
                         agencies=self.agencies(entry),
                         shown=(self.shown(protocol) if protocol else
                                self.records.shown(entry.shows)),
                         last_exercised=(None if protocol is None else
                                         str(protocol.last_exercised or "")),
                         exercise_overdue=str(due.due) if due and due.overdue and due.due
                         else "",
                         last_incident=used is not None and used.kind == "real_incident",
                         drill=self.drill() if entry.function == "contact_list" else "")

    def drill(self) -> str:
        """The latest call-down drill and its result: "call-down drill 2026-03-10: reached 11
        of 13 in 42 minutes"; "" when none was held."""
        drill = last_call_down(self.facts.exercise_record)
        if drill is None:
            return ""
        if drill.reached is None and drill.called is None and drill.minutes is None:
            return f"call-down drill {drill.day}, its result not recorded"
        return f"call-down drill {drill.day}: {call_down_result(drill)}"

    def shown(self, protocol: ProtocolEvidence) -> tuple[str, ...]:
        """What the plan shows for a protocol, in short lines."""
        lines = [f"lead: {self.organization(lead)}" for lead in protocol.leads]
        lines += [f"support: {self.organization(s)}" for s in protocol.support]
        lines += [f"responsibilities: {line}" for line in protocol.responsibilities]
        lines += [f"written in: {where}" for where in protocol.written_in]
        lines += [f"document: {path}" for path in protocol.documents]
        if protocol.reviewed:
            lines.append(f"reviewed: {protocol.reviewed}")
        lines += [f"{a.type} {a.id}: " + ("in force" if a.in_force else
                                          f"expired on {a.expires}" if a.state == "expired"
                                          else "not signed") for a in protocol.agreements]
        return tuple(lines)

    # the community's own items ---------------------------------------------------------------

    def own_items(self) -> list[Any]:
        checklist = self.plan.checklist
        return list(checklist.add) if checklist else []

    def own_item(self, own: Any, day: date, section_title: str) -> Item:
        responsible = self.organization(own.owner) if own.owner else _NOT_ASSIGNED
        status, detail = self.own_status(own, day)
        return make_item(own.id, section_title, own.text, responsible, status, detail, own=True,
                         due=str(own.due) if own.due else "")

    # who is responsible ----------------------------------------------------------------------

    def responsible(self, entry: CatalogueItem) -> str:
        names = list(self.agencies(entry))
        if len(names) > _MAX_NAMES:
            names = [*names[:_MAX_NAMES - 1], f"and {len(names) - _MAX_NAMES + 1} more"]
        return "; ".join(names) if names else _NOT_ASSIGNED

    def agencies(self, entry: CatalogueItem) -> tuple[str, ...]:
        """The organizations responsible for the item, each once, in the plan's order."""
        how = entry.responsible
        committee, roles, resources = self.plan.committee, self.plan.roles, self.plan.resources
        ids: list[str] = []
        if how == "chair" and committee:
            ids = [m.id for m in committee.members if m.chair]
        elif how == "steering" and committee:
            ids = list(self.facts.steering)
        elif how == "lead_agencies" and roles:
            ids = list(roles.lead_agencies)
        elif how == "gap_owners" and resources:
            ids = [owner for i in self.facts.open_gaps if (owner := resources.gaps[i].owner)]
        elif isinstance(how, FunctionLead) and roles:
            protocol = self.facts.protocols.get(how.function)
            ids = list(protocol.leads) if protocol else []
        elif isinstance(how, DisciplineMembers) and committee:
            ids = [m.id for m in committee.members if how.discipline in m.disciplines]
        return tuple(dict.fromkeys(self.organization(i) for i in ids))

    @cached_property
    def members(self) -> dict[str, Any]:
        committee = self.plan.committee
        return {m.id: m for m in committee.members} if committee else {}

    def organization(self, member_id: str) -> str:
        return self.facts.organization(member_id)

    def actions(self, items: Iterable[Item]) -> tuple[Action, ...]:
        """The next steps of the open `items`, ranked: who does what, by when."""
        steps = Steps(next_meeting_day(self.facts))
        return rank(action for item in items
                    for action in steps.for_item(item, self.found.get(item.id, ())))

    def evidence(self, finding: Finding) -> Evidence:
        return evidence_of(finding)

    def evidences(self, found: list[Finding], entry: CatalogueItem | None = None
                  ) -> list[Evidence]:
        """The findings behind an item, one line per cause (checklist/causes.py)."""
        return self.causes.evidences(found, entry)

    # the document's other parts --------------------------------------------------------------

    def coverage(self) -> tuple[Coverage, ...]:
        committee = self.plan.committee
        if committee is None:
            return ()
        rows = []
        for fact in self.facts.disciplines:
            discipline = fact.discipline
            note = (f"no {' or '.join(fact.missing_sectors)}-sector member"
                    if fact.missing_sectors else "")
            rows.append(Coverage(
                discipline, self.vocab.disciplines.get(discipline, discipline), fact.covered,
                "✔" if fact.covered else "✖",
                "; ".join(committee.members[i].organization for i in fact.indexes)
                or "no member",
                note))
        return tuple(rows)

    def open_gaps(self, day: date) -> tuple[OpenGap, ...]:
        resources = self.plan.resources
        if resources is None:
            return ()
        return tuple(
            OpenGap(g.id, g.need, g.status.replace("_", " "),
                    self.organization(g.owner) if g.owner else "no owner",
                    str(g.raised) if g.raised else "not raised",
                    ", ".join(s.replace("_", " ") for s in g.sources_sought),
                    *_age(g.raised, day))
            for g in (resources.gaps[i] for i in self.facts.open_gaps))

    def agreement_alerts(self, day: date) -> tuple[AgreementAlert, ...]:
        agreements = self.plan.agreements
        if agreements is None:
            return ()
        alerts = []
        for fact in self.facts.agreements:
            days = fact.days_left or 0
            if fact.state == "expired":
                when = f"expired {-days} day{'s' if days != -1 else ''} ago"
            elif fact.state == "expiring":
                when = f"expires in {days} day{'s' if days != 1 else ''}"
            else:
                continue
            a = agreements.agreements[fact.index]
            parties = "; ".join(self.organization(p) for p in a.parties)
            alerts.append(AgreementAlert(a.id, a.type, a.title, parties, str(a.expires),
                                         fact.state, when,
                                         self.result.waived_on(a.id, "agreement-expired",
                                                               "agreement-expiring")))
        return tuple(sorted(alerts, key=lambda a: (a.expires, a.id)))


def _age(raised: date | None, day: date) -> tuple[int | None, str]:
    if raised is None:
        return None, ""
    days = (day - raised).days
    if days < 0:
        return days, f"raised {-days} day{'s' if days != -1 else ''} from now"
    return days, f"{days} day{'s' if days != 1 else ''}"


def _jurisdiction(meta: Any) -> str:
    if meta is None:
        return ""
    place = meta.jurisdiction
    return f"{place.name}, {place.state}" if place.state else place.name


def _skipped_by_reason(result: CheckResult) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for skip in result.skipped:
        groups.setdefault(skip.people or skip.reason, []).append(skip.code)
    return groups


def for_the_public(checklist: Checklist) -> Checklist:
    """A checklist to post on a website: each item's status and what the plan shows, but not
    the committee's to-do list (the next steps), the problems found, or why an item is open
    (which protocol has no lead, whose phone is missing): a public copy is no list of the
    community's weaknesses."""
    def item(one: Item) -> Item:
        if one.status in READY or one.status in UNCOUNTED:
            return dataclasses.replace(one, evidence=())
        return dataclasses.replace(one, detail="", summary=one.label, evidence=(),
                                   exercise_overdue="")

    sections = tuple(dataclasses.replace(s, items=tuple(item(i) for i in s.items))
                     for s in checklist.sections)
    return dataclasses.replace(checklist, sections=sections, next_steps=(), actions=())
