"""The committee: its steering members, its disciplines and which members cover each, and
whether a phone number written in it can be dialed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vaplan.models import Committee, Member
from vaplan.text import PHONE_REGION

#: Disciplines the toolkit asks to be covered from more than one sector: legal services from
#: both the nonprofit and the private sectors.
SECTORS_REQUIRED: dict[str, tuple[str, ...]] = {"legal_services": ("nonprofit", "private")}


@dataclass(frozen=True)
class DisciplineCoverage:
    """One required discipline and the committee members who bring it."""

    discipline: str
    #: ids of the members with this discipline, in committee.yaml's order
    members: tuple[str, ...]
    #: their places in committee.yaml's list (an id may be used twice until VP005 is fixed)
    indexes: tuple[int, ...]
    #: sectors the discipline must come from that no such member is in (legal services)
    missing_sectors: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return bool(self.members) and not self.missing_sectors


def discipline_coverage(committee: Committee, required: tuple[str, ...]
                        ) -> tuple[DisciplineCoverage, ...]:
    """The coverage of each required discipline, in the order they are required."""
    rows = []
    for discipline in required:
        indexes = [i for i, m in enumerate(committee.members) if discipline in m.disciplines]
        members = [committee.members[i] for i in indexes]
        sectors = {m.sector for m in members}
        missing = tuple(s for s in SECTORS_REQUIRED.get(discipline, ()) if s not in sectors)
        rows.append(DisciplineCoverage(discipline, tuple(m.id for m in members), tuple(indexes),
                                       missing if members else ()))
    return tuple(rows)


def organization_names(committee: Committee) -> dict[str, str]:
    """Member and partner id -> the organization's name, members first (an id both a member and
    a partner uses is the member's; duplicate-id reports it)."""
    names = {p.id: p.organization for p in committee.partners}
    return names | {m.id: m.organization for m in committee.members}


def partner_ids(committee: Committee) -> frozenset[str]:
    """Ids of the partners that are not also member ids: organizations that help but do not sit
    on the committee."""
    return frozenset(p.id for p in committee.partners) - {m.id for m in committee.members}


def steering_members(committee: Committee) -> tuple[str, ...]:
    """Ids of the members marked `steering: true`, in committee.yaml's order."""
    return tuple(m.id for m in committee.members if m.steering)


#: Where a phone number written without a country code is dialed from: vaplan's plans are U.S.
#: communities' (vaplan.yaml's `jurisdiction: state` is a U.S. state).


def phone_fault(text: str, region: str = PHONE_REGION) -> str | None:
    """Why `text` is not a phone number that can be dialed, in words that follow the number
    ("is not a phone number", "has no area code"), or None when it is one.

    A number passes when phonenumbers finds it valid for `region` (an extension may follow:
    "520 555 0100 ext. 12"); the roster and call sheet print such a number in one form
    (+1 520-555-0100) and every other text as typed, so this is also the list of what they
    cannot print in that form. The 555-01xx numbers set aside for fiction are valid with an
    area code."""
    if region == "US" and _plain_us_number(text):
        return None
    return _read_phone(text, region)


def _read_phone(text: str, region: str) -> str | None:
    """phone_fault's full reading, through phonenumbers."""
    import phonenumbers
    from phonenumbers import ValidationResult

    if not any(c.isdigit() for c in text):
        return "is not a phone number: it has no digits"
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        if sum(c.isdigit() for c in text) < 7:
            return "has too few digits for a phone number"
        return "is not a phone number"
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.TOO_SHORT:
        return "has too few digits for a phone number"
    if reason == ValidationResult.TOO_LONG:
        return "has too many digits for a phone number"
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return "starts with a country code that does not exist"
    if phonenumbers.is_valid_number(number):
        return None
    if number.country_code == 1 and len(str(number.national_number)) == 7:
        return "has no area code"
    return ("is not a number that can be dialed in the United States; check its area code"
            if number.country_code == 1
            else f"is not a number that can be dialed with country code +{number.country_code}")


def member_roles(member: Member) -> tuple[str, ...]:
    """The member's roles on the committee, in words, highest first: ("chair", "steering")."""
    return tuple(role for role, on in (("chair", member.chair), ("steering", member.steering))
                 if on)


#: A U.S. number in one of the forms people write most (+1 520 555 0100, (520) 555-0100,
#: 520-555-0100, 520.555.0100, 5205550100): the area code and the ten digits, nothing else.
_US_FORMS = re.compile(r"(?:\+1[ .-]?)?(?:\(([2-9][0-9]{2})\) ?|([2-9][0-9]{2})[ .-]?)"
                       r"([0-9]{3})[ .-]?([0-9]{4})")


def _plain_us_number(text: str) -> bool:
    """Whether `text` is written in one of _US_FORMS and is a valid U.S. number: the quick
    answer for most numbers of a plan. phonenumbers parses each of these forms to country code 1
    and these ten digits, and finds a number valid when it is valid for the U.S. (the first
    region of code 1), so a True here is what phone_fault's full reading says; anything else is
    left to the full reading, which also names the fault."""
    match = _US_FORMS.fullmatch(text)
    if match is None:
        return False
    area = match.group(1) or match.group(2)
    return _valid_us(int(area + match.group(3) + match.group(4)))


@lru_cache(maxsize=4096)
def _valid_us(national: int) -> bool:
    import phonenumbers

    number = phonenumbers.PhoneNumber(country_code=1, national_number=national)
    return phonenumbers.is_valid_number_for_region(number, "US")
