"""The roster as CSV for spreadsheets and vCard 3.0 for address books; FORMATS names every
format `vaplan export roster` writes."""

from __future__ import annotations

import csv
import io
from typing import Callable

from vaplan.checklist.roster import COLUMNS, ROLES, Entry, Roster
from vaplan.export.common import csv_cell as _cell
from vaplan.export.roster_sheet import to_docx, to_markdown

# CSV -----------------------------------------------------------------------------------------

#: Excel on Windows reads a CSV file without a byte-order mark in the local code page, and
#: "María" shows as "MarÃ­a"; with it, Excel (and LibreOffice, Numbers, Google Sheets, Python's
#: utf-8-sig) reads UTF-8.
BOM = "\ufeff"


def to_csv(roster: Roster) -> str:
    """One row per member: the roster's COLUMNS, then contact columns per role; a public copy
    says so in a `note` column. Starts with a UTF-8 byte-order mark, for Excel."""
    header = [*(heading for heading, _ in COLUMNS),
              *(f"{role}_{field}" for role in ROLES for field in roster.fields)]
    if roster.public_note:
        header.append("note")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for e in roster.entries:
        row = [*(value(e) for _, value in COLUMNS),
               *(e.contacts[role][field] or "" for role in ROLES for field in roster.fields)]
        if roster.public_note:
            row.append(roster.public_note)
        writer.writerow([_cell(v) for v in row])
    return BOM + out.getvalue()


# vCard ---------------------------------------------------------------------------------------

def to_vcf(roster: Roster) -> str:
    """vCard 3.0 (RFC 2426), escaped and folded by vobject: a card per person, or per
    organization in a public copy."""
    cards = []
    for e in roster.entries:
        people = [(role, c) for role, c in e.contacts.items() if c.get("name")]
        if not people:
            cards.append(_card(e, None, {}, roster))
        cards += [_card(e, role, contact, roster) for role, contact in people]
    return "".join(cards)


def _card(e: Entry, role: str | None, contact: dict[str, str | None], roster: Roster) -> str:
    import vobject

    card = vobject.vCard()
    name = contact.get("name")
    if name:
        # vCard 3.0 requires N (family;given;additional;prefix;suffix): a name parser knows
        # titles and suffixes ("Pastor Denise Okafor": given Denise, prefix Pastor), where the
        # last word alone made "Pastor Denise" the given name. Imported here, not at start-up.
        from nameparser import HumanName

        parts = HumanName(name)
        card.add("fn").value = name
        card.add("n").value = vobject.vcard.Name(
            family=parts.last, given=parts.first, additional=parts.middle, prefix=parts.title,
            suffix=parts.suffix)
    else:
        card.add("fn").value = e.organization
        card.add("n").value = vobject.vcard.Name(family=e.organization)
    card.add("org").value = [e.organization]
    if contact.get("title"):
        card.add("title").value = contact["title"]
    if contact.get("phone"):
        tel = card.add("tel")
        tel.value = contact["phone"]
        tel.type_param = ["WORK", "VOICE"]
    if contact.get("phone_24h"):
        tel = card.add("tel")
        tel.value = contact["phone_24h"]
        tel.type_param = ["VOICE", "PREF"]  # the number answered at any hour comes first
    if contact.get("email"):
        email = card.add("email")
        email.value = contact["email"]
        email.type_param = "INTERNET"
    what = f"{role.capitalize()} of {e.organization}" if role else e.organization
    note = [f"{what} on the {roster.community} victim assistance planning committee"
            f"{' (' + ', '.join(e.roles) + ')' if e.roles else ''}.",
            f"Disciplines: {e.disciplines}."]
    if roster.public_note:
        note.append(roster.public_note)
    card.add("note").value = " ".join(note)
    card.add("categories").value = [roster.community + " victim assistance plan"]
    card.add("uid").value = f"{e.id}.{role or 'organization'}@vaplan"
    return str(card.serialize())


FORMATS: dict[str, Callable[[Roster], str | bytes]] = {
    "csv": to_csv, "vcf": to_vcf, "md": to_markdown, "docx": to_docx,
}
