"""The incident-day kits (`vaplan render --kind response|recovery`): the kits' catalogue filled in
with the plan's call tree, leads, support agencies and 24-hour numbers, as a frozen view-model a
template only formats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from vaplan.catalogue import KitCatalogue, Phase, kits
from vaplan.check.checker import CheckResult
from vaplan.checklist.words import CREDIT
from vaplan.checklist.build import _jurisdiction
from vaplan.models import Committee, Member, Partner, Person
from vaplan.text import phone_text
from vaplan.vocabulary import vocabulary

#: What the kits say of their own sources, on every copy.
READ_IN_PART = ("The OVC toolkit's Response and Recovery checklists could only be read in part, "
                "so this kit is not the complete OVC checklist. Each item names its source and "
                "how sure that is; items marked “partial” or “related” are vaplan's adaptations, "
                "not OVC text.")
#: In a public copy, where a person and their numbers would be.
LEFT_OUT = "left out of the public copy"
TITLES = {"response": "Incident-day response kit", "recovery": "Recovery kit"}
#: The items with no protocol belong to the steering committee.
STEERING = "Steering committee"


@dataclass(frozen=True)
class KitContact:
    """A person to call: name and title, the 24-hour number first, then the others."""

    name: str
    phone_24h: str
    other: str

    @property
    def text(self) -> str:
        numbers = "; ".join(n for n in (f"24 h {self.phone_24h}" if self.phone_24h else "",
                                        self.other) if n)
        # "Name, Title: 24 h (520) 555-0100": a colon, so a number's own parentheses stand alone
        return f"{self.name}: {numbers}" if numbers and self.name else numbers or self.name


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
class KitProtocol:
    """One protocol of the phase: who leads, who supports, what the kit asks of them."""

    id: str
    title: str
    lead: str
    lead_contact: str
    support: str
    entries: tuple[KitEntry, ...]
    #: the sites chosen for it (resources.yaml `sites:`), with address, capacity and agreement
    sites: str = ""
    #: the grants and subawards that fund it (agreements.yaml), for emergency funding
    funding: str = ""


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
    #: each language residents speak at home and who on the plan speaks it
    languages: tuple[str, ...] = ()
    credit: str = CREDIT


#: Protocol -> the site use it opens (resources.yaml `sites:`, `use`).
SITE_USES = {"family_assistance_center": "family_assistance_center",
             "family_reception_center": "family_reception_center",
             "community_resiliency": "community_resiliency_center",
             "communications": "joint_information_center"}


class ResponseKit(Kit):
    """The response kit: the first hours and days."""


class RecoveryKit(Kit):
    """The recovery kit: the months and years after."""


KIT_CLASSES: dict[str, type[Kit]] = {"response": ResponseKit, "recovery": RecoveryKit}


def build_kit(result: CheckResult, phase: Phase, public: bool = False,
              catalogue: KitCatalogue | None = None) -> Kit:
    """The `phase` kit of one checked plan; `public` leaves every person and number out."""
    if public:
        from vaplan.checklist.build import public_view  # redaction has one definition

        return public_view(result, lambda redacted: _build(redacted, phase, True, catalogue))
    return _build(result, phase, False, catalogue)


def _build(result: CheckResult, phase: Phase, public: bool,
           catalogue: KitCatalogue | None) -> Kit:
    catalogue = catalogue or kits()
    facts = result.facts_on(result.today)
    vocab = vocabulary()
    committee: Committee | None = result.models.get("committee")
    # partners (committee.yaml `partners:`) may lead or support a protocol, so the kit names
    # and reaches them too; a member and a partner with one id is the member (duplicate-id)
    members = {m.id: m for m in committee.members} if committee else {}
    orgs: dict[str, Member | Partner] = {**{p.id: p for p in (
        committee.partners if committee else ())}, **members}
    checklist = result.models.get("checklist")
    marks = checklist.items if checklist is not None else {}
    out = {key: (mark.reason or "").strip() for key, mark in marks.items()
           if not mark.applicable}
    wanted = [item for item in catalogue.phase(phase) if item.id not in out]
    entries = [_entry(item, catalogue, vocab.functions) for item in wanted]
    protocols = []
    for key in dict.fromkeys(item.protocol for item in wanted):
        mine = tuple(e for e, item in zip(entries, wanted) if item.protocol == key)
        if key is None:
            leads = tuple(facts.steering)
            support: tuple[str, ...] = ()
        else:
            evidence = facts.protocols.get(key)
            leads = evidence.leads if evidence else ()
            support = evidence.support if evidence else ()
        protocols.append(KitProtocol(
            key or "steering", mine[0].protocol,
            "; ".join(_org(orgs, m) for m in leads) or "no lead named in the plan",
            "; ".join(_contact(orgs[m].representative, public).text for m in leads
                      if m in orgs and key is not None),
            "; ".join(_org(orgs, m) for m in support), mine,
            _sites(result, facts, key), _funding(result, facts) if key == "emergency_funding"
            else ""))
    meta = result.models.get("vaplan")
    tree = facts.call_tree
    return KIT_CLASSES[phase](
        phase=phase, title=TITLES[phase],
        community=meta.community if meta else result.directory.name,
        jurisdiction=_jurisdiction(meta),
        today=result.today.isoformat(),
        trigger=(tree.trigger or "").strip() if tree else "",
        calls=_calls(tree, members, public) if tree else (),
        call_gaps=_call_gaps(facts, committee, members, public),
        protocols=tuple(protocols),
        items=tuple(entries),
        tailored_out=tuple(f"{key}: {reason or 'no reason given'}" for key, reason in out.items()
                           if key in catalogue.ids and key.startswith(_PREFIX[phase])),
        read_in_part=READ_IN_PART,
        adaptations=", ".join(e.id for e in entries if e.adaptation) or "none",
        problems=(problems := tuple(f"{f.file}:{f.line}: {f.message}" for f in result.findings
                                    if f.severity == "error" and not f.waived)),
        problem_count=len(problems),
        languages=tuple(f"{c.language} ({c.share_text}): " + ("; ".join(c.speakers) or "; ".join(
            f"{name} (language access)" for name in c.language_access) or "no one on the plan")
            for c in facts.languages),
    )


_PREFIX = {"response": "RS-", "recovery": "RC-"}


def _entry(item: Any, catalogue: KitCatalogue, functions: dict[str, str]) -> KitEntry:
    return KitEntry(
        item.id, functions.get(item.protocol, item.protocol) if item.protocol else STEERING,
        " ".join(item.text.split()), item.confidence, catalogue.confidence[item.confidence],
        "; ".join(catalogue.sources[s] for s in item.sources),
        item.confidence in ("partial", "related"), tuple(item.notes))


def _sites(result: CheckResult, facts: Any, protocol: str | None) -> str:
    """The sites chosen for a protocol's use, each with address, capacity and agreement."""
    use = SITE_USES.get(protocol or "")
    resources = result.models.get("resources")
    if use is None or resources is None:
        return ""
    lines = []
    for site in (s for s in resources.sites if use in s.use):
        parts = [site.address or "no address given"]
        if site.capacity is not None:
            parts.append(f"{site.capacity} people")
        fact = facts.agreement(site.agreement) if site.agreement else None
        if fact is not None:
            parts.append(f"secured by the {fact.title}, {fact.state_text}")
        lines.append(f"{site.name}{' (backup)' if site.backup else ''}: {', '.join(parts)}")
    return "; ".join(lines)


def _funding(result: CheckResult, facts: Any) -> str:
    """The grants and subawards: who applies, who receives, how much, for what."""
    from vaplan.text import dollars

    agreements = result.models.get("agreements")
    lines = []
    for fact in facts.agreements:
        award = agreements.agreements[fact.index] if agreements else None
        if award is None or not award.funding:
            continue
        amount = f" {dollars(award.amount)}" if award.amount is not None else ""
        purpose = f", for: {award.purpose}" if award.purpose else ""
        first = facts.organization(award.parties[0])
        others = " and ".join(facts.organization(p) for p in award.parties[1:])
        how = (f"{first} applies for and receives{amount} from {others}" if award.type == "grant"
               else f"{first} passes{amount} on to {others}")
        lines.append(f"{award.type} {award.title}: {how}{purpose} ({fact.state_text})")
    return "; ".join(lines)


def _org(members: Mapping[str, Member | Partner], member_id: str) -> str:
    member = members.get(member_id)
    return member.organization if member else member_id


def _contact(person: Person | None, public: bool) -> KitContact:
    if public:
        return KitContact(LEFT_OUT, "", "")
    if person is None:
        return KitContact("", "", "")
    name = ", ".join(t for t in (person.name, person.title) if t)
    # A phone to call; an email only where there is no phone (the call-down is by phone).
    other = phone_text(person.phone) or person.email or ""
    return KitContact(name, phone_text(person.phone_24h) or "", other)


def _calls(tree: Any, members: dict[str, Member], public: bool) -> tuple[KitCall, ...]:
    rows = []
    for step, call in enumerate(tree.order, start=1):
        member = members[call.member]
        callees = [c.member for c in tree.order if c.caller == call.member]
        rows.append(KitCall(
            step, call.depth, member.organization,
            _org(members, call.caller) if call.caller else "",
            _contact(member.representative, public),
            _contact(member.alternate, public) if member.alternate else None,
            "; ".join(_org(members, c) for c in callees)))
    return tuple(rows)


def _call_gaps(facts: Any, committee: Committee | None, members: dict[str, Member],
               public: bool) -> tuple[str, ...]:
    """What the call tree lacks, from the same facts VP109 reads: each member it must reach
    and does not, with the number to call them on directly."""
    tree = facts.call_tree
    if committee is None:
        return ("The committee list is missing or has errors, so the call tree and the numbers "
                "cannot be read from the plan; the plan's keeper has the details.",)
    if not members:
        return ("The plan lists no committee members, so there is no one to call.",)
    lines = []
    if tree is None:
        lines.append("The plan has no call tree; call each member below directly.")
    else:
        lines += [f"The call tree names “{i}”, who is not on the committee." for i in tree.unknown]
    reached = tree.reached if tree else frozenset()
    for member_id in facts.call_down:
        if member_id in members and member_id not in reached:
            member = members[member_id]
            lines.append(f"Not reached by the call tree, call directly: {member.organization}, "
                         f"{_contact(member.representative, public).text}")
    return tuple(lines)
