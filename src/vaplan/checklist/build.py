"""build_checklist: the community's checklist (items, statuses, readiness) from a CheckResult.

The view-model it returns lives in checklist_view; its names are re-exported here.
"""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, TypeVar

from vaplan.catalogue import (Catalogue, CatalogueItem, DisciplineMembers, FunctionLead,
                                        catalogue as packaged_catalogue)
from vaplan.checklist.view import (FORMULA, GLYPHS, LABELS, READY, UNCOUNTED,  # noqa: F401
                                   Action, AgreementAlert,
                                   Checklist, Coverage, Evidence, Item, OpenGap, RosterMember,
                                   FundingRow, LanguageRow, Score, Section, SiteRow)
from vaplan.checklist.steps import Steps
from vaplan.checklist.words import people_words, sentence
from vaplan.facts.protocols import ProtocolEvidence
from vaplan.findings import Finding, Severity
from vaplan.text import dollars, phone_text
from vaplan.vocabulary import vocabulary

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

#: Findings about a plan file itself (it is missing, unreadable or invalid).
_FILE_CODES = ("VP001", "VP002", "VP003", "VP004", "VP005", "VP007", "VP008")
_NOT_ASSIGNED = "Not assigned"
View = TypeVar("View")
#: Agencies named in one "Agency responsible" cell before "and N more".
_MAX_NAMES = 4


def build_checklist(result: CheckResult, catalogue: Catalogue | None = None,
                    today: date | None = None, public: bool = False) -> Checklist:
    """The checklist of one checked plan; `today` defaults to the day the plan was checked.

    `public` builds it from models with every personal field left out (vaplan.public)."""
    if public:
        return public_view(result, lambda redacted: build_checklist(redacted, catalogue, today))
    catalogue = catalogue or packaged_catalogue()
    day = today or result.today
    plan = _Plan(result, day)
    sections = _sections(catalogue, plan, day)
    items = [item for section in sections for item in section.items]
    next_steps = tuple(i for status in ("gap", "partial", "not_checked", "to_confirm")
                       for i in items if i.status == status)
    meta = result.models.get("vaplan")
    return Checklist(
        community=meta.community if meta else result.directory.name,
        jurisdiction=_jurisdiction(meta),
        plan_version=(meta.plan_version or "") if meta else "",
        updated=str(meta.updated) if meta and meta.updated else "",
        today=day.isoformat(),
        sections=sections,
        score=_score(items),
        roster=plan.roster(),
        coverage=plan.coverage(),
        gaps=plan.open_gaps(day),
        agreements=plan.agreement_alerts(day),
        next_steps=next_steps,
        actions=plan.actions(next_steps),
        sites=plan.sites(),
        funding=plan.funding(),
        languages=plan.languages(),
        formula=FORMULA,
        not_checked=tuple(dict.fromkeys(sentence(plan.words(reason))
                                        for reason in _skipped_by_reason(result))),
        problems=(problems := tuple(plan.evidence(f) for f in result.findings
                                    if f.severity is Severity.error)),
        problem_count=len(problems),
    )


def public_view(result: CheckResult, build: Callable[[CheckResult], View],
                earlier: Mapping[str, Any] | None = None) -> View:
    """`build` run on the result with its models redacted, made a public copy: personal texts
    still quoted (in a finding's message, say) are left out too, and the page says so.
    `earlier` holds files of an earlier revision whose people must be left out as well."""
    from vaplan.public import make_public, personal_texts, redact

    files = [(name, loaded.data) for name, loaded in (result.raw.files if result.raw else {}
                                                       ).items()]
    files += list((earlier or {}).items())
    view = build(dataclasses.replace(result, models=redact(result.models)))
    if dataclasses.is_dataclass(view) and hasattr(view, "problems"):
        # the part for the plan's keeper (positions, rules' messages) stays out of public
        # copies; `problem_count` still says the plan files have problems
        view = dataclasses.replace(view, problems=())  # type: ignore[type-var]
    return make_public(view, personal_texts(files))


def checklist_progress(result: CheckResult) -> dict[str, int]:
    """Items done (met, confirmed, waived) and applicable, for `vaplan check`'s JSON summary.

    Only the statuses: no agencies, roster or documents, so it costs a few milliseconds even
    on a statewide plan.
    """
    plan = _Plan(result, result.today)
    statuses = [plan.status(entry)[0] for entry in packaged_catalogue().items]
    statuses += [plan.own_status(own, result.today)[0] for own in plan.own_items()]
    applicable = [s for s in statuses if s not in UNCOUNTED]
    return {"done": sum(1 for s in applicable if s in READY), "total": len(applicable)}


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
              last_exercised: str | None = None, exercise_overdue: str = "") -> Item:
    label = LABELS[status]
    summary = f"{label}{' ' if status == 'confirmed' else ': '}{detail}" if detail else label
    return Item(entry_id, section, text, responsible, status, label, GLYPHS[status],
                status in READY, detail, summary, tuple(evidence), own, due, tuple(agencies),
                tuple(shown), last_exercised, exercise_overdue)


class _Plan:
    """The checked plan, indexed once, answering the questions the checklist asks of it."""

    def __init__(self, result: CheckResult, day: date) -> None:
        from vaplan.rules import find_rule

        self.result = result
        self.models = result.models
        self.facts = result.facts_on(day)
        self.vocab = vocabulary()
        self.by_code: dict[str, list[Finding]] = {}
        for finding in result.findings:
            self.by_code.setdefault(finding.code, []).append(finding)
        self.skipped = {s.code: s.reason for s in result.skipped}
        # Rules turned off decide nothing: their items fall back to "to confirm".
        self.ignored = {entry.code for ref in result.checks.ignore
                        if (entry := find_rule(ref)) is not None}
        self.ignored |= set(result.disabled)
        checklist = self.models.get("checklist")
        self.marks = dict(checklist.items) if checklist else {}
        #: item id -> the findings behind its status, for its next steps
        self.found: dict[str, list[Finding]] = {}

    # one catalogue item ----------------------------------------------------------------------

    def catalogue_item(self, entry: CatalogueItem, section: str) -> Item:
        status, detail, found = self.status(entry)
        self.found[entry.id] = found
        protocol = self.facts.protocols.get(entry.function) if entry.function else None
        # the same fact VP701 reads: a required protocol's next exercise, once it is overdue
        due = self.facts.exercise_due.get(entry.function) if entry.function else None
        return make_item(entry.id, section, entry.text, self.responsible(entry), status,
                         self.words(detail), self.evidences(found),
                         agencies=self.agencies(entry),
                         shown=(self.shown(protocol) if protocol else
                                self.records_shown(entry.shows)),
                         last_exercised=(None if protocol is None else
                                         str(protocol.last_exercised or "")),
                         exercise_overdue=str(due.due) if due and due.overdue and due.due
                         else "")

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

    def records_shown(self, shows: str | None) -> tuple[str, ...]:
        """The records an item lists under it (catalogue `shows:`), in short lines."""
        if shows == "sites":
            return tuple(f"{s.name}" + "".join(f", {part}" for part in (
                s.address, s.uses, s.capacity, "backup" if s.backup else "",
                f"secured by the {s.agreement}" if s.agreement else "no agreement") if part)
                for s in self.sites())
        if shows == "funding":
            return tuple(f"{f.type} {f.title}: {f.applicant} applies, {f.recipient} receives"
                         + f" from {f.source}"
                         + (f" {f.amount}" if f.amount else "")
                         + (f" for {f.purpose}" if f.purpose else "") + f"; {f.state}"
                         for f in self.funding())
        if shows == "languages":
            return tuple(f"{row.language} ({row.share}): {row.speakers}"
                         for row in self.languages())
        return ()

    def status(self, entry: CatalogueItem) -> tuple[str, str, list[Finding]]:
        """The item's status, its one-line detail and the findings behind it.

        Derived from the plan's facts and the findings' codes and subjects, never from a
        message's text."""
        mark = self.marks.get(entry.id)
        if entry.id in self.facts.tailoring.tailored_out:
            return "not_applicable", _reason(self.facts.tailoring.tailored_out[entry.id]), []
        protocol = self.facts.protocols.get(entry.function) if entry.function else None
        if protocol is not None and not protocol.included:
            return ("optional", "not part of this plan; add it if the community wants it", [])
        rules = [code for code in entry.rules if code not in self.ignored]
        off = [code for code in entry.rules if code in self.ignored]
        blocked = {c: self.skipped[c] for c in rules if c in self.skipped}
        found = [f for code in rules for f in self.by_code.get(code, ())
                 if self._concerns(entry, f)]
        if blocked:
            found += self._file_findings(rules)
        found.sort(key=lambda f: f.sort_key)
        if blocked:
            if all(self._missing(code) for code in blocked):
                # a file the plan does not have shows nothing: a gap, not a doubt
                return "gap", "; ".join(_by_reason(blocked)), found
            return "not_checked", "; ".join(
                f"could not be checked: {reason}" for reason in _by_reason(blocked)), found
        if protocol is not None:
            # the findings on the agreements that list it (expired, unsigned) are its evidence too
            ids = {a.id for a in protocol.agreements}
            found += sorted((f for code in ("VP502", "VP504") if code not in self.ignored
                             for f in self.by_code.get(code, ()) if f.subject in ids),
                            key=lambda f: f.sort_key)
            # what the sentence promises beyond the protocol itself (every member reachable)
            found += [f for code in entry.also if code not in self.ignored
                      for f in self.by_code.get(code, ())]
            return (*self.protocol_status(protocol, found, self.unexercised(entry)), found)
        open_ = sum(1 for f in found if f.counts)
        confirmed = _confirmation(mark, self.facts.today)
        if open_:
            detail = f"{open_} problem{'s' if open_ != 1 else ''}"
            if len(found) > open_:
                detail += f", {len(found) - open_} more set aside"
            if confirmed:
                detail += " (marked done, but the plan still shows the gap)"
            return "gap", detail, found
        if found:
            return "waived", "; ".join(dict.fromkeys(f.waived for f in found if f.waived)), found
        if off:
            return "not_checked", _turned_off(off), []
        if entry.shows == "languages" and not self.facts.languages:
            # no languages listed is no evidence of access, not access (no vacuous truth)
            return "gap", ("the plan does not list the languages residents speak at home "
                           "(population in vaplan.yaml)"), []
        if rules:
            return "met", "", []
        if confirmed:
            return "confirmed", confirmed, []
        return "to_confirm", _unconfirmed(mark, self.facts.today), []

    def unexercised(self, entry: CatalogueItem) -> str:
        """For an item that promises exercises held (`exercised: true`): what exercises.yaml
        lacks, or "" when an exercise was held within `checks.exercise_months`."""
        held = self.facts.exercise_record.exercising
        if not entry.exercised:
            return ""
        if self.facts.exercise_record.unreadable:
            return "exercises.yaml has errors, so vaplan cannot tell which exercises were held"
        if held is None or not held.overdue:
            return ""
        if held.last is None:
            return "no exercise recorded in exercises.yaml"
        return f"no exercise held since {held.last} (one is due every {held.months} months)"

    def protocol_status(self, protocol: ProtocolEvidence, found: list[Finding],
                        unexercised: str = "") -> tuple[str, str]:
        """A protocol is met only when the plan shows all of it: a lead, its responsibilities,
        where it is written down, and every agreement that lists it in force (and, for the
        training and exercise item, an exercise held: `unexercised` says when none was)."""
        if not protocol.present:
            return "gap", "; ".join(["the plan does not describe it yet",
                                     *([unexercised] if unexercised else [])])
        there: list[str] = []
        missing: list[str] = []
        (there if protocol.led else missing).append(
            "lead named" if protocol.led else "no lead named")
        (there if protocol.responsibilities else missing).append(
            "responsibilities written" if protocol.responsibilities else "no responsibilities")
        if protocol.written:
            there.append("written down")
        else:
            missing.append("not written down")
        for agreement in protocol.agreements:
            if agreement.in_force:
                there.append(f"its {agreement.type} in force")
            elif agreement.state == "expired":
                missing.append(f"its {agreement.type} expired on {agreement.expires}")
            else:
                missing.append(f"its {agreement.type} is not signed")
        if unexercised:
            missing.append(unexercised)
        open_ = [f for f in found if f.counts]
        if not missing and not open_:
            if found:
                return "waived", "; ".join(dict.fromkeys(f.waived for f in found if f.waived))
            return "met", ""
        if not missing:
            # the plan shows every part, yet a finding stands against it (an unknown member
            # as its lead, a review dated after today): not met until that is fixed
            missing.append(f"{len(open_)} problem{'s' if len(open_) != 1 else ''}")
        elif not open_ and found and not protocol.agreements and not unexercised:
            # every finding behind what is missing is waived with a reason
            return "waived", "; ".join(dict.fromkeys(f.waived for f in found if f.waived))
        if not there:
            return "gap", "; ".join(missing)
        return "partial", "; ".join([*there, *missing])

    def _missing(self, code: str) -> bool:
        """Every file the rule needs that it lacks is absent, not broken."""
        from vaplan.rules import find_rule

        entry = find_rule(code)
        needs = entry.needs if entry else ()
        return all(stem in self.models or not os.path.lexists(self.result.directory /
                                                                f"{stem}.yaml")
                   for stem in needs)

    def _concerns(self, entry: CatalogueItem, finding: Finding) -> bool:
        where = (finding.file.removesuffix(".yaml"), *finding.path[1:])
        if entry.scope_path and where[:len(entry.scope_path)] != entry.scope_path:
            return False
        if entry.function:
            # the rule names the function its finding is about; only roles.yaml's functions
            # count, since an agreement or a gap could carry the same id
            return where[:2] == ("roles", "functions") and finding.subject == entry.function
        return True

    def _file_findings(self, rules: list[str]) -> list[Finding]:
        from vaplan.rules import find_rule

        files = {f"{stem}.yaml" for code in rules if (entry := find_rule(code))
                 for stem in entry.needs}
        return [f for code in _FILE_CODES for f in self.by_code.get(code, ())
                if f.file in files and f.counts]

    # the community's own items ---------------------------------------------------------------

    def own_items(self) -> list[Any]:
        checklist = self.models.get("checklist")
        return list(checklist.add) if checklist else []

    def own_item(self, own: Any, day: date, section_title: str) -> Item:
        responsible = self.organization(own.owner) if own.owner else _NOT_ASSIGNED
        status, detail = self.own_status(own, day)
        return make_item(own.id, section_title, own.text, responsible, status, detail, own=True,
                         due=str(own.due) if own.due else "")

    def own_status(self, own: Any, day: date) -> tuple[str, str]:
        mark = self.marks.get(own.id)
        if own.id in self.facts.tailoring.tailored_out:
            return "not_applicable", _reason(self.facts.tailoring.tailored_out[own.id])
        if _confirmation(mark, day):
            return "confirmed", _confirmation(mark, day)
        if _confirmation(mark, None):
            return "to_confirm", _unconfirmed(mark, day)
        if own.due and own.due < day:
            return "gap", f"due by {own.due} and not marked done"
        return "to_confirm", f"due by {own.due}" if own.due else "no due date"

    # who is responsible ----------------------------------------------------------------------

    def responsible(self, entry: CatalogueItem) -> str:
        names = list(self.agencies(entry))
        if len(names) > _MAX_NAMES:
            names = [*names[:_MAX_NAMES - 1], f"and {len(names) - _MAX_NAMES + 1} more"]
        return "; ".join(names) if names else _NOT_ASSIGNED

    def agencies(self, entry: CatalogueItem) -> tuple[str, ...]:
        """The organizations responsible for the item, each once, in the plan's order."""
        how = entry.responsible
        committee = self.models.get("committee")
        roles = self.models.get("roles")
        resources = self.models.get("resources")
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
        committee = self.models.get("committee")
        return {m.id: m for m in committee.members} if committee else {}

    def organization(self, member_id: str) -> str:
        return self.facts.organization(member_id)

    @cached_property
    def names(self) -> dict[str, str]:
        """Every plan id and vocabulary word a message may quote -> what it names."""
        names = {**self.vocab.disciplines, **self.vocab.functions}
        resources = self.models.get("resources")
        agreements = self.models.get("agreements")
        names |= {g.id: g.need for g in resources.gaps} if resources else {}
        names |= {a.id: a.title for a in agreements.agreements} if agreements else {}
        return names | dict(self.facts.organizations)

    def words(self, text: str) -> str:
        """`text` in the committee's words (vaplan.checklist.words.people_words)."""
        return people_words(text, self.names)

    def actions(self, items: Iterable[Item]) -> tuple[Action, ...]:
        """The next steps of the open `items`: who does what, by when."""
        review = self.facts.membership_review
        labels = {**self.vocab.disciplines, **self.vocab.functions}
        steps = Steps(self.models, self.organization, self.words, labels, self.facts.today,
                      review.due if review else None,
                      {d.discipline: tuple(d.missing_sectors) for d in self.facts.disciplines})
        # one action per thing to do, though several items may rest on the same finding
        unique: dict[str, Action] = {}
        for item in items:
            for action in steps.for_item(item, self.found.get(item.id, ())):
                unique.setdefault(action.text, action)
        return tuple(unique.values())

    def evidence(self, finding: Finding) -> Evidence:
        return dataclasses.replace(_evidence(finding), plain=self.words(finding.message))

    def evidences(self, found: list[Finding]) -> list[Evidence]:
        """The findings behind an item, in people's words; the protocols never (or not lately)
        exercised as one line naming them, since each protocol's own item already says so and
        twelve near-identical lines would bury the rest."""
        unexercised = [f for f in found if f.code == "VP701" and f.counts]
        if len(unexercised) < 2:
            return [self.evidence(f) for f in found]
        names = ", ".join(self.vocab.functions.get(f.subject or "", f.subject or "")
                          for f in unexercised)
        first = _evidence(unexercised[0])
        grouped = dataclasses.replace(
            first, message="; ".join(f.message for f in unexercised),
            plain=f"{len(unexercised)} protocols were not exercised in the last "
                  f"{self.result.checks.exercise_months} months: {names}")
        shown = [self.evidence(f) for f in found if f not in unexercised]
        return [grouped, *shown]

    # the document's other parts --------------------------------------------------------------

    def roster(self) -> tuple[RosterMember, ...]:
        committee = self.models.get("committee")
        if committee is None:
            return ()
        rows = []
        for m in committee.members:
            person = m.representative
            name = f"{person.name}, {person.title}" if person.title else person.name
            contact = ", ".join(c for c in (person.email, phone_text(person.phone)) if c)
            if person.name is None:  # a name is required, so only a public copy lacks one
                from vaplan.public import LEFT_OUT

                name = contact = LEFT_OUT
            role = ", ".join(r for r, on in (("Chair", m.chair), ("Steering", m.steering)) if on)
            rows.append(RosterMember(
                m.id, m.organization, name, contact or "no email or phone",
                ", ".join(self.vocab.disciplines.get(d, d) for d in m.disciplines),
                m.sector, m.level, role))
        return tuple(rows)

    def coverage(self) -> tuple[Coverage, ...]:
        committee = self.models.get("committee")
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
        resources = self.models.get("resources")
        if resources is None:
            return ()
        return tuple(
            OpenGap(g.id, g.need, g.status.replace("_", " "),
                    self.organization(g.owner) if g.owner else "no owner",
                    str(g.raised) if g.raised else "not raised",
                    ", ".join(s.replace("_", " ") for s in g.sources_sought),
                    *_age(g.raised, day))
            for g in (resources.gaps[i] for i in self.facts.open_gaps))

    def sites(self) -> tuple[SiteRow, ...]:
        """resources.yaml's sites: where each is, what for, how big, its backup and agreement."""
        resources = self.models.get("resources")
        rows = []
        for site in resources.sites if resources else ():
            fact = self.facts.agreement(site.agreement) if site.agreement else None
            agreement = (f"{fact.title}, {fact.state_text}" if fact else
                         f"{site.agreement} (not in agreements.yaml)" if site.agreement else "")
            rows.append(SiteRow(
                site.id, site.name, site.address or "",
                ", ".join(use.replace("_", " ") for use in site.use),
                self.organization(site.provider) if site.provider else "",
                f"{site.capacity} people" if site.capacity is not None else "",
                site.backup, agreement))
        return tuple(rows)

    def funding(self) -> tuple[FundingRow, ...]:
        """agreements.yaml's grants and subawards: who applies, who receives, how much, for
        what, and whether the award is in force."""
        agreements = self.models.get("agreements")
        rows = []
        for fact in self.facts.agreements:
            award = agreements.agreements[fact.index] if agreements else None
            if award is None or not award.funding:
                continue
            first = self.organization(award.parties[0])
            others = "; ".join(self.organization(p) for p in award.parties[1:])
            grant = award.type == "grant"
            rows.append(FundingRow(
                award.id, award.type, award.title, first, first if grant else others,
                others if grant else first,
                dollars(award.amount) if award.amount is not None else "",
                award.purpose or "", fact.state_text))
        return tuple(rows)

    def languages(self) -> tuple[LanguageRow, ...]:
        """vaplan.yaml's population languages and who on the plan speaks each."""
        return tuple(LanguageRow(
            c.language, c.share_text, c.covered, "✔" if c.covered else "✖",
            "; ".join(c.speakers) or ("; ".join(f"{name} (language access)"
                                               for name in c.language_access))
            or "no one on the plan") for c in self.facts.languages)

    def agreement_alerts(self, day: date) -> tuple[AgreementAlert, ...]:
        agreements = self.models.get("agreements")
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
                                         fact.state, when))
        return tuple(sorted(alerts, key=lambda a: (a.expires, a.id)))


def _age(raised: date | None, day: date) -> tuple[int | None, str]:
    if raised is None:
        return None, ""
    days = (day - raised).days
    if days < 0:
        return days, f"raised {-days} day{'s' if days != -1 else ''} from now"
    return days, f"{days} day{'s' if days != 1 else ''}"


def _evidence(finding: Finding) -> Evidence:
    place = (finding.file if finding.line is None
             else f"{finding.file}:{finding.line}:{finding.column}")
    return Evidence(finding.code, finding.severity.value, finding.message, place,
                    finding.waived or "")


def _confirmation(mark: Any, today: date | None) -> str:
    """How a person confirmed the item, or "" when no one has (a date after `today` confirms
    nothing yet)."""
    if mark is None or mark.status != "done":
        return ""
    if today is not None and mark.date is not None and mark.date > today:
        return ""
    parts = [f"on {mark.date}" if mark.date else "no date given"]
    if mark.note:
        parts.append(mark.note.strip())
    return ": ".join(parts)


def _unconfirmed(mark: Any, today: date) -> str:
    if mark is not None and mark.status == "done" and mark.date is not None and mark.date > today:
        return (f"marked done on {mark.date}, a date after today; it counts once that day "
                "has come")
    return "a committee member confirms this; nothing in the plan files can show it"


def _turned_off(codes: list[str]) -> str:
    from vaplan.rules import find_rule

    names = ", ".join(entry.name.replace("-", " ") if (entry := find_rule(code)) else code
                      for code in codes)
    checks, verb = ("check", "is") if len(codes) == 1 else ("checks", "are")
    return (f"the {checks} behind it ({names}) {verb} turned off in the plan's settings, so "
            "no one can tell")


def _by_reason(blocked: dict[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for code, reason in blocked.items():
        groups.setdefault(reason, []).append(code)
    return groups


def _reason(reason: str | None) -> str:
    return reason.strip() if reason and reason.strip() else "no reason given"


def _jurisdiction(meta: Any) -> str:
    if meta is None:
        return ""
    place = meta.jurisdiction
    return f"{place.name}, {place.state}" if place.state else place.name


def _skipped_by_reason(result: CheckResult) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for skip in result.skipped:
        groups.setdefault(skip.reason, []).append(skip.code)
    return groups
