"""The incident-day kits (`vaplan render --kind response|recovery`): the kits' catalogue filled in
with the plan's call tree, leads, sites, agreements and 24-hour numbers, as a frozen view-model
a template only formats. Page 1 of the response kit answers what is asked at 2 a.m.: the first
hour's actions and who does them, who starts the call-down, and who leads what."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from vaplan.catalogue import KitCatalogue, Phase, kits
from vaplan.check.checker import CheckResult
from vaplan.checklist.build import _jurisdiction
from vaplan.checklist.kit_gaps import KitContact, Leads, lead_gaps
from vaplan.checklist.words import CREDIT
from vaplan.models import Member
from vaplan.rules.resources import FAC

#: What the kits say of their own sources, on every copy.
READ_IN_PART = ("The OVC toolkit's Response and Recovery checklists could only be read in part, "
                "so this kit is not the complete OVC checklist. Each item names its source and "
                "how sure that is; items marked “partial” or “related” are vaplan's adaptations, "
                "not OVC text.")
#: In a public copy, said once at the top: what the copy leaves out.
PUBLIC_NOTE = ("Public copy: people's names, phone numbers and emails, and the plan's open "
               "gaps, are left out. The committee's own copy has them.")
TITLES = {"response": "Incident-day response kit", "recovery": "Recovery kit"}
#: Who the first-hour action falls to when the plan names no one.
NO_ONE = "no one named in the plan"
#: The same in a public copy, which announces no gap.
NO_ONE_PUBLIC = "set by the committee"


@dataclass(frozen=True)
class KitCall:
    """One call of the call-down, in call order."""

    step: int
    #: 0 for the member called first, 1 for those it calls, ...
    depth: int
    organization: str
    caller: str
    person: KitContact
    alternate: KitContact | None
    #: the organizations this member calls next, joined
    calls: str
    #: the protocols this organization leads, joined ("" when none)
    leads: str = ""


@dataclass(frozen=True)
class KitEntry:
    """One item of the kit."""

    id: str
    protocol: str
    text: str
    confidence: str
    #: what the confidence word means
    confidence_note: str
    sources: str
    adaptation: bool
    #: blanks for the incident's own notes
    notes: tuple[str, ...]


@dataclass(frozen=True)
class FirstAction:
    """One of the first hour's actions, in order, with who does it and how to reach them."""

    step: int
    text: str
    #: the organization that does it, or NO_ONE (NO_ONE_PUBLIC in a public copy)
    owner: str
    #: how to reach the owner ("" in a public copy)
    contact: str
    #: the pre-identified site, with its address, where the action needs one
    where: str
    #: what would stop it, in words ("" when nothing does); printed loud
    gap: str
    sources: str


@dataclass(frozen=True)
class KitProtocol:
    """One protocol of the phase: who leads and supports it, what the plan says of it, what
    would stop it on the night, and what the kit asks of them."""

    id: str
    title: str
    lead: str
    lead_contact: str
    support: str
    entries: tuple[KitEntry, ...]
    alternate_contact: str = ""
    #: the plan's own words: responsibilities, one line each
    responsibilities: tuple[str, ...] = ()
    #: where the protocol is written ("" when the plan does not say)
    written: str = ""
    #: pre-identified sites for it, each "name, address (capacity ...)"
    sites: tuple[str, ...] = ()
    #: the agreements behind it, each with its scope and whether it is in force
    agreements: tuple[str, ...] = ()
    #: what would stop it on the night (no lead, no 24-hour number, ...), printed loud
    gaps: tuple[str, ...] = ()
    #: the grants and subawards (agreements.yaml), for the emergency funding protocol: who
    #: applies, who receives, how much, for what, and whether each is in force
    funding: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kit:
    """A kit as a template sees it: strings, numbers and tuples only."""

    phase: str
    title: str
    community: str
    jurisdiction: str
    today: str
    trigger: str
    calls: tuple[KitCall, ...]
    #: what the call tree lacks, one line each (no activation, members it does not reach)
    call_gaps: tuple[str, ...]
    protocols: tuple[KitProtocol, ...]
    items: tuple[KitEntry, ...]
    #: "RS-DON-02: reason" for each item tailored out in checklist.yaml
    tailored_out: tuple[str, ...]
    read_in_part: str
    #: the ids of the items that are vaplan's adaptations, joined
    adaptations: str
    #: errors in the plan's files, "file:line: message", for the part for the plan's keeper
    #: (empty in a public copy, which gives only their number)
    problems: tuple[str, ...]
    public_note: str = ""
    problem_count: int = 0
    credit: str = CREDIT
    #: the response kit's first hour, in order (empty in the recovery kit)
    first_hour: tuple[FirstAction, ...] = ()
    first_hour_note: str = ""
    #: who starts the call-down, with how to reach them ("" in the recovery kit)
    activator: str = ""
    #: optional protocols of this phase the plan does not include, joined
    optional_out: str = ""
    #: each language residents speak at home and who on the plan speaks it
    languages: tuple[str, ...] = ()
    #: the protocols for page 1's "Who leads what", those asked first on the night (incident
    #: command, the family assistance center, death notification) ahead of the rest
    glance: tuple[KitProtocol, ...] = ()


class ResponseKit(Kit):
    """The response kit: the first hours and days."""


class RecoveryKit(Kit):
    """The recovery kit: the months and years after."""


KIT_CLASSES: dict[str, type[Kit]] = {"response": ResponseKit, "recovery": RecoveryKit}

#: Protocol -> the site use it opens (resources.yaml `sites:`, `use`).
SITE_USES = {"family_assistance_center": "family_assistance_center",
             "family_reception_center": "family_reception_center",
             "community_resiliency": "community_resiliency_center",
             "communications": "joint_information_center"}
#: The protocols a responder asks for first, so page 1's "Who leads what" starts with them.
NIGHT_FIRST = ("incident_command", "family_assistance_center", "victim_notification",
               "victim_identification")
#: The protocol whose kit section lists the plan's grants and subawards.
FUNDING = "emergency_funding"


def build_kit(result: CheckResult, phase: Phase, public: bool = False,
              catalogue: KitCatalogue | None = None) -> Kit:
    """The `phase` kit of one checked plan; `public` leaves every person and number out."""
    if public:
        from vaplan.public import public_view  # redaction has one definition

        return public_view(result, lambda redacted: _build(redacted, phase, True, catalogue))
    return _build(result, phase, False, catalogue)


def _build(result: CheckResult, phase: Phase, public: bool,
           catalogue: KitCatalogue | None) -> Kit:
    catalogue = catalogue or kits()
    facts = result.facts_on(result.today)
    leads = Leads.of(result, facts, public)
    checklist = result.plan.checklist
    marks = checklist.items if checklist is not None else {}
    out = {key: (mark.reason or "").strip() for key, mark in marks.items()
           if not mark.applicable}
    wanted = [item for item in catalogue.phase(phase) if item.id not in out]
    entries = [_entry(item, catalogue, leads.title) for item in wanted]
    shown = [f for f in catalogue.protocol_phases[phase]
             if (e := facts.protocols.get(f)) is not None and e.included]
    protocols = tuple(_protocol(key, leads, tuple(e for e, item in zip(entries, wanted)
                                                  if item.protocol == key)) for key in shown)
    # the appendix and the keeper's list hold the kit's own items: none of a protocol the plan
    # leaves out (Pima's optional family reception center)
    entries = [e for e, item in zip(entries, wanted) if item.protocol in shown]
    meta = result.plan.vaplan
    tree = facts.call_tree if phase == "response" else None
    problems = tuple(f"{f.place}: {f.message}" for f in result.findings
                     if f.severity == "error" and not f.waived)
    return KIT_CLASSES[phase](
        phase=phase, title=TITLES[phase],
        community=result.community,
        jurisdiction=_jurisdiction(meta),
        today=result.today.isoformat(),
        trigger=(tree.trigger or "").strip() if tree else "",
        calls=_calls(tree, leads) if tree else (),
        call_gaps=_call_gaps(facts, leads) if phase == "response" and not public else (),
        protocols=protocols,
        items=tuple(entries),
        tailored_out=tuple(f"{key}: {reason or 'no reason given'}" for key, reason in out.items()
                           if key in catalogue.ids and key.startswith(_PREFIX[phase])),
        read_in_part=READ_IN_PART,
        adaptations=", ".join(e.id for e in entries if e.adaptation) or "none",
        problems=problems, problem_count=len(problems),
        public_note=PUBLIC_NOTE if public else "",
        first_hour=_first_hour(catalogue, leads) if phase == "response" else (),
        first_hour_note=catalogue.first_hour_note if phase == "response" else "",
        activator=leads.activator() if phase == "response" else "",
        optional_out=", ".join(leads.title(f) for f in catalogue.protocol_phases[phase]
                               if f not in shown and f in facts.protocols),
        glance=tuple(sorted(protocols, key=lambda p: (
            NIGHT_FIRST.index(p.id) if p.id in NIGHT_FIRST else len(NIGHT_FIRST)))),
        languages=_languages(facts, public),
    )


_PREFIX = {"response": "RS-", "recovery": "RC-"}


def _languages(facts: Any, public: bool) -> tuple[str, ...]:
    """Each language residents speak at home and who on the plan speaks it; a public copy
    does not announce a language no one on the plan speaks."""
    lines = []
    for c in facts.languages:
        who = "; ".join(c.speakers) or "; ".join(
            f"{name} (language access)" for name in c.language_access)
        if who or not public:
            lines.append(f"{c.language} ({c.share_text}): {who or 'no one on the plan'}")
        else:
            lines.append(f"{c.language} ({c.share_text})")
    return tuple(lines)


def _entry(item: Any, catalogue: KitCatalogue, title: Any) -> KitEntry:
    return KitEntry(
        item.id, title(item.protocol) if item.protocol else "Steering committee",
        " ".join(item.text.split()), item.confidence, catalogue.confidence[item.confidence],
        "; ".join(catalogue.sources[s] for s in item.sources),
        item.confidence in ("partial", "related"), tuple(item.notes))


def _protocol(key: str, leads: Leads, entries: tuple[KitEntry, ...]) -> KitProtocol:
    evidence = leads.facts.protocols[key]
    first = leads.member(evidence.leads[0]) if evidence.leads else None
    # a partner (committee.yaml `partners:`) may lead: the kit reaches its representative too
    partner = leads.partner(evidence.leads[0]) if evidence.leads and first is None else None
    return KitProtocol(
        key, leads.title(key),
        "; ".join(leads.name(m) for m in evidence.leads),
        leads.contact(first.representative).text if first else
        leads.contact(partner.representative).text if partner else "",
        "; ".join(leads.name(m) for m in evidence.support), entries,
        alternate_contact=leads.contact(first.alternate).text if first and first.alternate
        else "",
        responsibilities=evidence.responsibilities,
        written="; ".join((*evidence.written_in, *evidence.documents)),
        sites=leads.sites((SITE_USES[key],) if key in SITE_USES else ()),
        agreements=leads.agreements(evidence.agreements),
        gaps=() if leads.public else lead_gaps(evidence, leads),
        funding=leads.funding() if key == FUNDING else ())


#: Said on page 1 where the first hour opens the family assistance center and the plan has no
#: site for it (resources.yaml `sites:`; rule VP404): the first question families ask.
NO_FAC_SITE = "No site chosen ahead for the family assistance center: the plan names no place."


def _first_hour(catalogue: KitCatalogue, leads: Leads) -> tuple[FirstAction, ...]:
    actions = []
    for step, action in enumerate(catalogue.first_hour, start=1):
        owner = leads.first_called() if action.call_down else None
        owner = owner or leads.lead_of(action.protocols)
        member = leads.member(owner) if owner else None
        where = "; ".join(leads.sites(action.sites))
        gap = ""
        if not leads.public:
            gap = (f"No one is named for this: the plan names no lead for the "
                   f"{leads.title(action.protocols[0])} protocol." if member is None
                   else leads.reach_gap(member))
            if FAC in action.sites and not where:  # VP404: where families go, unanswered
                gap = " ".join(g for g in (gap, NO_FAC_SITE) if g)
        actions.append(FirstAction(
            step, " ".join(action.text.split()),
            leads.name(owner) if owner else NO_ONE_PUBLIC if leads.public else NO_ONE,
            leads.contact(member.representative).text if member else "",
            where, gap,
            "; ".join(catalogue.sources[s] for s in action.sources)
            + f" ({action.confidence})"))
    return tuple(actions)


def _calls(tree: Any, leads: Leads) -> tuple[KitCall, ...]:
    rows = []
    for step, call in enumerate(tree.order, start=1):
        member: Member = leads.members[call.member]
        callees = [c.member for c in tree.order if c.caller == call.member]
        rows.append(KitCall(
            step, call.depth, member.organization,
            leads.name(call.caller) if call.caller else "",
            leads.contact(member.representative),
            leads.contact(member.alternate) if member.alternate else None,
            "; ".join(leads.name(c) for c in callees),
            ", ".join(leads.led.get(call.member, ()))))
    return tuple(rows)


def _call_gaps(facts: Any, leads: Leads) -> tuple[str, ...]:
    """What the call tree lacks, from the same facts VP109 reads: each member it must reach
    and does not, with the number to call them on directly."""
    tree = facts.call_tree
    if leads.committee is None:
        return ("The committee list is missing or has errors, so the call tree and the numbers "
                "cannot be read from the plan; the plan's keeper has the details.",)
    if not leads.members:
        return ("The plan lists no committee members, so there is no one to call.",)
    lines = []
    if tree is None:
        lines.append("The plan has no call tree; call each member below directly.")
    else:
        lines += [f"The call tree names “{i}”, who is not on the committee." for i in tree.unknown]
    reached = tree.reached if tree else frozenset()
    for member_id in facts.call_down:
        if member_id in leads.members and member_id not in reached:
            member = leads.members[member_id]
            lines.append(f"Not reached by the call tree, call directly: {member.organization}, "
                         f"{leads.contact(member.representative).text}")
    return tuple(lines)


# the samples `vaplan template check --kind response|recovery` runs a template against ---------

def sample_kits(phase: str) -> list[Kit]:
    """One kit with one of everything, the committee's copy of it and an empty one, so a
    check walks both sides of every `if` and into every loop."""
    person = KitContact("Pat Kim, Duty Officer", "555-0100", "555-0101; pkim@example.org")
    entry = KitEntry("RS-CM-01", "Committee meeting", "Convene the steering committee.",
                     "partial", "the OVC text was cut off", "OVC Response Checklist", True,
                     ("Time convened", "Where"))
    plain = dataclasses.replace(entry, id="RS-CM-02", adaptation=False, notes=())
    full = KIT_CLASSES[phase](
        phase=phase, title="Sample kit", community="Sample County", jurisdiction="Sample, OR",
        today="2026-11-28", trigger="A mass casualty incident is declared.",
        calls=(KitCall(1, 0, "Sample OEM", "", person, person, "Sample DA", "Communications"),
               KitCall(2, 1, "Sample DA", "Sample OEM", person, None, "")),
        call_gaps=("Not reached by the call tree, call directly: Sample Schools",),
        protocols=(KitProtocol("committee_meeting", "Committee meeting", "Sample DA",
                               person.text, "Sample OEM", (entry, plain), person.text,
                               ("Convene the committee.",), "County EOP, Annex M",
                               ("Fairgrounds Hall, 1 Main St; for 200 people",),
                               ("Planning MOU: in force until 2027-06-30",),
                               ("No 24-hour number for the representative or an alternate.",)),
                   KitProtocol("victim_notification", "Death notification", "", "", "", ())),
        glance=(KitProtocol("victim_notification", "Death notification", "", "", "", ()),),
        first_hour=(FirstAction(1, "Start the call-down.", "Sample OEM", person.text,
                                "Fairgrounds Hall, 1 Main St", "", "ICP TTA (related)"),
                    FirstAction(2, "Send the liaison.", "no one named in the plan", "", "",
                                "No lead named.", "OVC matrix (confirmed)")),
        first_hour_note="The order is vaplan's adaptation.", activator="Sample OEM: 555-0100",
        optional_out="Memorials and special events",
        items=(entry, plain), tailored_out=("RS-DON-02: no fund in this county",),
        read_in_part=READ_IN_PART, adaptations="RS-CM-01",
        problems=("committee.yaml:2: a problem",), public_note="Public copy: ...")
    empty = dataclasses.replace(full, jurisdiction="", trigger="", calls=(), call_gaps=(),
                                protocols=(), glance=(), items=(), tailored_out=(), adaptations="none",
                                problems=(), public_note="", first_hour=(),
                                first_hour_note="", activator="", optional_out="")
    # the committee's copy too, so a check walks the columns a public copy leaves out
    return [full, dataclasses.replace(full, public_note=""), empty]
