"""The committee's roster: one table of the member organizations and their people, which the
checklist's "Planning committee" table and `vaplan export roster` (CSV and vCard in
vaplan.export.roster_formats, the call sheet in vaplan.export.roster_sheet) both read.

The toolkit's Contact List protocol: every partner, who represents it and who stands in, with
a phone number that works when an incident happens. Phones are written in one international
form so a list shared across a region dials the same way everywhere.

A new member field is shown by a field on Entry, filled in `_entry`; a line in COLUMNS makes it
a spreadsheet column, and the documents' templates print it as `member.<field>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable

from vaplan.checklist.kit_gaps import protocol_leads
from vaplan.facts.committee import member_roles
from vaplan.models import Committee, Member, Person
from vaplan.public import LEFT_OUT, is_personal, public_view
from vaplan.text import PHONE_REGION, one_line, phone_text
from vaplan.vocabulary import vocabulary

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

#: Contact fields in the order every format shows them.
CONTACT_FIELDS = ("name", "title", "phone", "phone_24h", "email")
ROLES = ("representative", "alternate")


@dataclass(frozen=True)
class Entry:
    """One member organization and its people (None where a field is empty or left out; a
    name, which the plan requires, is None only where a public copy leaves it out, and "" where
    the plan's is blank).

    Every text is one clean line (vaplan.text.one_line), so no format has to guard
    against line breaks, control characters or terminal escapes in the plan. The properties
    at the end are what the documents print (the checklist's "Planning committee" table)."""

    id: str
    organization: str
    #: the disciplines the member brings, in words (the vocabulary's labels)
    discipline_labels: tuple[str, ...]
    sector: str
    level: str
    #: its roles on the committee, highest first: ("chair", "steering"); () for neither
    roles: tuple[str, ...]
    #: role ("representative", "alternate") -> field -> text or None
    contacts: dict[str, dict[str, str | None]]
    #: the member's place in the call-down (1 is called first); None when the call tree
    #: (committee.yaml `activation`) does not reach it
    call: int | None = None
    #: the organization that calls this member in the call-down; "" for the first or unreached
    called_by: str = ""
    #: the protocols the member leads, by their kit names (checklist.kit_gaps.protocol_leads)
    leads: tuple[str, ...] = ()

    @property
    def main_role(self) -> str:
        """The highest of its roles ("chair"), as the exports give it; "" for neither."""
        return self.roles[0] if self.roles else ""

    @property
    def disciplines(self) -> str:
        """The disciplines in one line: "Prosecutor's office, Victim services"."""
        return ", ".join(self.discipline_labels)

    @property
    def role(self) -> str:
        """Every role in words: "Chair, Steering"; "" for a member with neither."""
        return ", ".join(r.capitalize() for r in self.roles)

    @property
    def representative(self) -> str:
        """The representative and their title: "Marisol Ocampo, Director"; "[left out]" in a
        public copy (a name is required, so only a public copy lacks one)."""
        person = self.contacts.get("representative", {})
        if person.get("name") is None:
            return LEFT_OUT
        return ", ".join(p for p in (person.get("name"), person.get("title")) if p)

    @property
    def contact(self) -> str:
        """How to reach the representative: "mocampo@pcao.example.gov, (520) 555-0101" (the
        phone in the documents' one form); "[left out]" in a public copy."""
        person = self.contacts.get("representative", {})
        if person.get("name") is None:
            return LEFT_OUT
        ways = (person.get("email"), phone_text(person.get("phone")))
        return ", ".join(w for w in ways if w) or "no email or phone"


#: The roster's columns in a spreadsheet (the CSV), before each person's contact fields
#: (CONTACT_FIELDS for each of ROLES): the heading and the entry's text.
COLUMNS: tuple[tuple[str, Callable[[Entry], str]], ...] = (
    ("id", lambda e: e.id),
    ("organization", lambda e: e.organization),
    ("disciplines", lambda e: "; ".join(e.discipline_labels)),
    ("sector", lambda e: e.sector),
    ("level", lambda e: e.level),
    ("role", lambda e: e.main_role),
    ("call_order", lambda e: str(e.call or "")),
    ("called_by", lambda e: e.called_by),
)


@dataclass(frozen=True)
class Roster:
    """The contact list, ready to format."""

    community: str
    today: date
    reviewed: date | None
    entries: tuple[Entry, ...]
    #: the contact fields shown: all of them, or only those that are not personal data
    fields: tuple[str, ...]
    #: set for a public copy: what was left out, said on the page
    public_note: str | None = None


def build_roster(result: CheckResult, today: date, public: bool = False,
                 call_order: bool = True) -> Roster:
    """The roster of the checked plan's committee in call order (the call tree's first member
    first, each then followed by those it calls; the plan's facts); members the call tree does
    not reach follow, chair first, then the steering committee, then the rest. `call_order`
    False keeps committee.yaml's order instead (the checklist's). `public` makes it a public
    copy as every document is made one (vaplan.public.public_view)."""
    if public:
        return public_view(result, lambda redacted: _roster(redacted, today, True, call_order),
                           models=[Committee])
    return _roster(result, today, False, call_order)


def _roster(result: CheckResult, today: date, public: bool, call_order: bool) -> Roster:
    committee = result.plan.committee
    if committee is None:
        raise ValueError("build_roster needs a plan with committee.yaml (export.checked_plan)")
    community = result.community
    fields = tuple(f for f in CONTACT_FIELDS
                   if not (public and is_personal(Person.model_fields[f])))
    tree = result.facts_on(today).call_tree
    order = {c.member: (step, c.caller) for step, c in enumerate(tree.order if tree else (), 1)}
    members = list(committee.members)
    if call_order:
        members.sort(key=lambda m: (order[m.id][0] if m.id in order else len(order) + 1,
                                    0 if m.chair else 1 if m.steering else 2))
    names = {m.id: one_line(m.organization) for m in committee.members}
    leads = protocol_leads(result)
    entries = tuple(_entry(m, fields, *_call(order, m.id), names,
                           tuple(one_line(t) for t in leads.get(m.id, ())))
                    for m in members)
    return Roster(one_line(community), today, committee.reviewed, entries, fields)


def _call(order: dict[str, tuple[int, str | None]], member: str
          ) -> tuple[int | None, str | None]:
    """The member's place in the call-down and who calls them; (None, None) when not called."""
    return order.get(member, (None, None))


def normalize_phone(text: str | None, region: str = PHONE_REGION) -> str | None:
    """A phone number in international form (+1 520-555-0101), as the CSV and vCard store it;
    the documents print it with vaplan.text.phone_text, the one phone format."""
    return phone_text(text, region, international=True)


def _entry(member: Member, fields: tuple[str, ...], call: int | None, caller: str | None,
           names: dict[str, str], leads: tuple[str, ...] = ()) -> Entry:
    labels = vocabulary().disciplines
    contacts: dict[str, dict[str, str | None]] = {}
    for role in ROLES:
        person = getattr(member, role)
        values = {f: _text(getattr(person, f, None)) if person else None for f in fields}
        if person is not None and person.name is not None and "name" in values:
            # a blank name stays "", not None: None says a public copy left the person out,
            # and the committee's copy still shows how to reach them
            values["name"] = one_line(person.name)
        for phone in ("phone", "phone_24h"):
            if phone in values:
                values[phone] = normalize_phone(values[phone])
        contacts[role] = values
    return Entry(one_line(member.id), one_line(member.organization),
                 tuple(one_line(labels.get(d, d)) for d in member.disciplines),
                 one_line(member.sector), one_line(member.level), member_roles(member),
                 contacts, call, names.get(caller, "") if caller else "", leads)


def _text(value: object) -> str | None:
    """A contact field as one clean line; None when empty (a field of only spaces is empty)."""
    if value is None:
        return None
    return one_line(str(value)) or None
