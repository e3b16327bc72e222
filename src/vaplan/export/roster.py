"""`vaplan export roster`: the committee's contact list, read from the plan's models.

The toolkit's Contact List protocol: every partner, who represents it and who stands in, with
a phone number that works when an incident happens. Phones are written in one international
form so a list shared across a region dials the same way everywhere. The formats (CSV, vCard,
the Markdown and Word call sheet) are in vaplan.export.roster_formats; each writes this Roster.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Mapping, Sequence

from vaplan.facts.committee import member_roles
from vaplan.models import Committee, Member, Person
from vaplan.public import is_personal, public_view
from vaplan.text import PHONE_REGION, one_line, phone_text
from vaplan.vocabulary import vocabulary

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

#: Contact fields in the order every format shows them.
CONTACT_FIELDS = ("name", "title", "phone", "phone_24h", "email")
ROLES = ("representative", "alternate")


@dataclass(frozen=True)
class Entry:
    """One member organization and its people (None where a field is empty or left out).

    Every text is one clean line (vaplan.text.one_line), so no format has to guard
    against line breaks, control characters or terminal escapes in the plan."""

    id: str
    organization: str
    disciplines: tuple[str, ...]
    sector: str
    level: str
    role: str
    #: role ("representative", "alternate") -> field -> text or None
    contacts: dict[str, dict[str, str | None]]
    #: the member's place in the call-down (1 is called first); None when the call tree
    #: (committee.yaml `activation`) does not reach it
    call: int | None = None
    #: the organization that calls this member in the call-down; "" for the first or unreached
    called_by: str = ""
    #: the protocols the member leads, by name
    leads: tuple[str, ...] = ()


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
                 leads: Mapping[str, Sequence[str]] | None = None) -> Roster:
    """The roster of the checked plan's committee in call order (the call tree's first member
    first, each then followed by those it calls; the plan's facts); members the call tree does
    not reach follow, chair first, then the steering committee, then the rest. `leads` names
    the protocols each member leads. `public` makes it a public copy as every document is made
    one (vaplan.public.public_view)."""
    if public:
        return public_view(result, lambda redacted: _roster(redacted, today, True, leads),
                           models=[Committee])
    return _roster(result, today, False, leads)


def _roster(result: CheckResult, today: date, public: bool,
            leads: Mapping[str, Sequence[str]] | None) -> Roster:
    committee = result.plan.committee
    if committee is None:
        raise ValueError("build_roster needs a plan with committee.yaml (export.checked_plan)")
    community = result.community
    fields = tuple(f for f in CONTACT_FIELDS
                   if not (public and is_personal(Person.model_fields[f])))
    tree = result.facts_on(today).call_tree
    order = {c.member: (step, c.caller) for step, c in enumerate(tree.order if tree else (), 1)}
    members = sorted(committee.members, key=lambda m: (
        order[m.id][0] if m.id in order else len(order) + 1,
        0 if m.chair else 1 if m.steering else 2))
    names = {m.id: one_line(m.organization) for m in committee.members}
    entries = tuple(_entry(m, fields, *_call(order, m.id), names,
                           tuple(one_line(t) for t in (leads or {}).get(m.id, ())))
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
        for phone in ("phone", "phone_24h"):
            if phone in values:
                values[phone] = normalize_phone(values[phone])
        contacts[role] = values
    role = next(iter(member_roles(member)), "")
    return Entry(one_line(member.id), one_line(member.organization),
                 tuple(one_line(labels.get(d, d)) for d in member.disciplines),
                 one_line(member.sector), one_line(member.level), role, contacts, call,
                 names.get(caller, "") if caller else "", leads)


def _text(value: object) -> str | None:
    """A contact field as one clean line; None when empty (a field of only spaces is empty)."""
    if value is None:
        return None
    return one_line(str(value)) or None
