"""What the kits read of a plan, and what would stop a protocol on the night: no lead, a lead
reachable only by email, no 24-hour number for the lead or its alternate, a lead the call tree
never reaches, an agreement behind the protocol that is expired or unsigned. The kits print
each of these loud, in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from vaplan.catalogue import kits
from vaplan.facts.agreements import AgreementFact
from vaplan.facts.protocols import ProtocolEvidence
from vaplan.models import Committee, Member, Partner, Person
from vaplan.text import dollars, phone_text
from vaplan.vocabulary import vocabulary

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult


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
class Leads:
    """The plan as the kits read it: members by id, the facts, and whether the copy is public."""

    result: CheckResult
    facts: Any
    committee: Committee | None
    members: dict[str, Member]
    titles: dict[str, str]
    public: bool
    #: member id -> the protocols it leads, by name
    led: dict[str, list[str]]

    @classmethod
    def of(cls, result: CheckResult, facts: Any, public: bool) -> Leads:
        committee: Committee | None = result.plan.committee
        members = {m.id: m for m in committee.members} if committee else {}
        return cls(result, facts, committee, members, kit_titles(), public,
                   protocol_leads(result))

    def member(self, member_id: str) -> Member | None:
        return self.members.get(member_id)

    def partner(self, partner_id: str) -> Partner | None:
        """The partner (committee.yaml `partners:`) with this id, when no member has it."""
        if partner_id in self.members or self.committee is None:
            return None
        return next((p for p in self.committee.partners if p.id == partner_id), None)

    def name(self, member_id: str) -> str:
        """The organization a member or partner id names (the id itself when unknown)."""
        member = self.members.get(member_id)
        if member is not None:
            return member.organization
        partner = self.partner(member_id)
        return partner.organization if partner is not None else member_id

    def title(self, function: str) -> str:
        return self.titles.get(function, function)

    def contact(self, person: Person | None) -> KitContact:
        return contact(person, self.public)

    def lead_of(self, functions: Iterable[str]) -> str | None:
        """The lead of the first of `functions` the plan names a lead for."""
        for function in functions:
            evidence = self.facts.protocols.get(function)
            if evidence is not None and evidence.leads:
                return str(evidence.leads[0])
        return None

    def first_called(self) -> str | None:
        tree = self.facts.call_tree
        return tree.first if tree and tree.first in self.members else None

    def activator(self) -> str:
        """Who starts the call-down, and how to reach them."""
        first = self.first_called()
        if first is None:
            return ""
        reach = self.contact(self.members[first].representative).text
        return f"{self.name(first)}: {reach}" if reach else self.name(first)

    def reach_gap(self, member: Member) -> str:
        """Why `member` may not answer at 2 a.m., in a few words; "" when it can be called."""
        rep, alt = member.representative, member.alternate
        if not (rep.phone or rep.phone_24h):
            # short: it is printed beside each of the lead's rows on page 1
            then = "; call the alternate" if alt and (alt.phone or alt.phone_24h) else ""
            if rep.email:
                return f"Email only: no phone for the representative in the plan{then}."
            return f"No phone or email for the representative in the plan{then}."
        if not rep.phone_24h and not (alt and alt.phone_24h):
            return "No 24-hour number for the representative or an alternate: day numbers only."
        return ""

    def sites(self, uses: Iterable[str]) -> tuple[str, ...]:
        """Pre-identified sites (resources.yaml `sites`) for any of `uses`, with their
        address, capacity and the agreement that secures them."""
        wanted = set(uses)
        resources = self.result.plan.resources
        lines = []
        for site in resources.sites if resources else ():
            if not wanted & set(site.use):
                continue
            parts = [", ".join(p for p in (site.name, site.address) if p)]
            if site.capacity is not None:
                parts.append(f"for {site.capacity} people")
            if site.backup:
                parts.append("backup site")
            if site.agreement:
                parts.append(f"secured by {self._agreement_title(site.agreement)}")
            lines.append("; ".join(parts))
        return tuple(lines)

    def funding(self) -> tuple[str, ...]:
        """The grants and subawards (agreements.yaml): who applies, who receives, how much,
        for what, and whether each is in force."""
        agreements = self.result.plan.agreements
        lines = []
        for fact in self.facts.agreements:
            award = agreements.agreements[fact.index] if agreements else None
            if award is None or not award.funding:
                continue
            amount = f" {dollars(award.amount)}" if award.amount is not None else ""
            purpose = f", for: {award.purpose}" if award.purpose else ""
            first = self.name(award.parties[0])
            others = " and ".join(self.name(p) for p in award.parties[1:])
            how = (f"{first} applies for and receives{amount} from {others}"
                   if award.type == "grant" else f"{first} passes{amount} on to {others}")
            state = "" if self.public else f" ({self.state(fact)})"
            lines.append(f"{award.type} {award.title}: {how}{purpose}{state}")
        return tuple(lines)

    def agreements(self, facts: Iterable[AgreementFact]) -> tuple[str, ...]:
        """Each agreement behind a protocol: its title, scope and whether it is in force (not in
        a public copy, which announces no weakness)."""
        lines = []
        for fact in facts:
            scope = self._scope(fact)
            # a public copy names the agreement, never that it is expired or unsigned
            state = "" if self.public else f": {self.state(fact)}"
            lines.append(f"{fact.title or fact.type}{state}" + (f"; {scope}" if scope else ""))
        return tuple(lines)

    def _agreement_title(self, agreement_id: str) -> str:
        for fact in self.facts.agreements:
            if fact.id == agreement_id:
                state = "" if self.public else f" ({self.state(fact)})"
                return f"{fact.title or fact.type}{state}"
        return "an agreement the plan does not list"

    def waived(self, fact: AgreementFact) -> str:
        """The committee's reason for waiving what `fact.state_text` says is wrong with the
        agreement (its expiry, else its missing signature date), or "" when nothing is."""
        if fact.state == "expired":
            return self.result.waived_on(fact.id, "agreement-expired")
        if fact.signed != "signed":
            return self.result.waived_on(fact.id, "agreement-unsigned")
        return ""

    def state(self, fact: AgreementFact) -> str:
        """The agreement's state in the words every document uses (`state_text`), loud when it
        has expired and no one waived it, with the waiver said when the committee waived it."""
        if self.waived(fact):
            return f"{fact.state_text}; the committee waived it"
        return fact.state_text.replace("expired", "EXPIRED", 1)

    def _scope(self, fact: AgreementFact) -> str:
        agreements = self.result.plan.agreements
        if agreements is None or fact.index >= len(agreements.agreements):
            return ""
        return " ".join((agreements.agreements[fact.index].scope or "").split())




def lead_gaps(evidence: ProtocolEvidence, leads: Leads) -> tuple[str, ...]:
    """What would stop the protocol on the night, in words, most serious first."""
    if not evidence.leads:
        return ("No lead named in the plan: no one is expected to start this.",)
    gaps = []
    tree = leads.facts.call_tree
    for lead_id in evidence.leads:
        member = leads.member(lead_id)
        if member is None:
            continue
        reach = leads.reach_gap(member)
        if reach:
            gaps.append(reach)
        if tree is not None and lead_id not in tree.reached:
            gaps.append(f"{member.organization} is not in the call tree: call it directly."
                        if len(evidence.leads) > 1 else "Not in the call tree: call directly.")
    for fact in evidence.agreements:
        if leads.waived(fact):  # the committee weighed it: the state line says so, calmly
            continue
        if fact.state == "expired":
            gaps.append(f"The {fact.title or fact.type} behind it expired on {fact.expires}.")
        elif fact.signed != "signed":
            gaps.append(f"The {fact.title or fact.type} behind it is not signed.")
    return tuple(gaps)


def contact(person: Person | None, public: bool) -> KitContact:
    """A person as the kits print them: name and title, the 24-hour number, then a phone, or an
    email only where there is no phone (the call-down is by phone); nothing in a public copy."""
    if public or person is None:
        return KitContact("", "", "")
    name = ", ".join(t for t in (person.name, person.title) if t)
    other = phone_text(person.phone) or person.email or ""
    return KitContact(name, phone_text(person.phone_24h) or "", other)


def kit_titles() -> dict[str, str]:
    """Each protocol's name in the kits: the vocabulary's label, or the kits' own."""
    return {**vocabulary().functions, **kits().protocol_titles}


def protocol_leads(result: CheckResult) -> dict[str, list[str]]:
    """Member id -> the protocols it leads, by their kit names, in the vocabulary's order: what
    the call sheet and the kit's call-down print beside each organization."""
    titles = kit_titles()
    leads: dict[str, list[str]] = {}
    for key, evidence in result.facts_on(result.today).protocols.items():
        for member in evidence.leads:
            leads.setdefault(member, []).append(titles.get(key, key))
    return leads
