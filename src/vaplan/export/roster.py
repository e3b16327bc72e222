"""`vaplan export roster`: the committee's contact list as CSV, vCard, or a one-page call sheet.

The toolkit's Contact List protocol: every partner, who represents it and who stands in, with
a phone number that works when an incident happens. Phones are written in one international
form so a list shared across a region dials the same way everywhere.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from vaplan.models import Committee, Member, Person
from vaplan.public import is_personal, personal_fields_note, redact
from vaplan.vocabulary import vocabulary

#: Contact fields in the order every format shows them.
CONTACT_FIELDS = ("name", "title", "phone", "email")
ROLES = ("representative", "alternate")


@dataclass(frozen=True)
class Entry:
    """One member organization and its people (None where a field is empty or left out)."""

    id: str
    organization: str
    disciplines: tuple[str, ...]
    sector: str
    level: str
    role: str
    #: role ("representative", "alternate") -> field -> text or None
    contacts: dict[str, dict[str, str | None]]


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


def build_roster(committee: Committee, community: str, today: date, public: bool = False
                 ) -> Roster:
    """The roster of `committee`, chair first, then the steering committee, then the rest."""
    if public:
        committee = redact(committee)
    fields = tuple(f for f in CONTACT_FIELDS
                   if not (public and is_personal(Person.model_fields[f])))
    members = sorted(committee.members, key=lambda m: 0 if m.chair else 1 if m.steering else 2)
    entries = tuple(_entry(m, fields) for m in members)
    note = personal_fields_note([Committee]) if public else None
    return Roster(community, today, committee.reviewed, entries, fields, note)


def normalize_phone(text: str | None, region: str = "US") -> str | None:
    """A phone number in international form (+1 520-555-0101); text that is not one stays."""
    if not text:
        return text
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(number):
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# CSV -----------------------------------------------------------------------------------------

def to_csv(roster: Roster) -> str:
    """One row per member; contact columns per role; a public copy says so in a `note` column."""
    header = ["id", "organization", "disciplines", "sector", "level", "role",
              *(f"{role}_{field}" for role in ROLES for field in roster.fields)]
    if roster.public_note:
        header.append("note")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for e in roster.entries:
        row = [e.id, e.organization, "; ".join(e.disciplines), e.sector, e.level, e.role,
               *(e.contacts[role][field] or "" for role in ROLES for field in roster.fields)]
        if roster.public_note:
            row.append(roster.public_note)
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula; a normalized phone
    # number (+1 520-555-0101) is data we wrote, not a person's text, so it is left alone.
    if value[:1] in ("=", "-", "@", "\t", "\r") or (value[:1] == "+" and not _is_phone(value)):
        return "'" + value
    return value


def _is_phone(value: str) -> bool:
    return all(c.isdigit() or c in "+- ()." for c in value.replace("ext.", ""))


# vCard ---------------------------------------------------------------------------------------

def to_vcf(roster: Roster) -> str:
    """vCard 3.0 (RFC 2426): a card per person, or per organization in a public copy."""
    cards = []
    for e in roster.entries:
        people = [(role, c) for role, c in e.contacts.items() if c.get("name")]
        if not people:
            cards.append(_card(e, None, {}, roster))
        cards += [_card(e, role, contact, roster) for role, contact in people]
    return "".join(cards)


def _card(e: Entry, role: str | None, contact: dict[str, str | None], roster: Roster) -> str:
    name = contact.get("name")
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    if name:
        # vCard 3.0 requires N (family;given); the last word is taken as the family name.
        given, _, family = name.rpartition(" ")
        lines += [f"FN:{_esc(name)}", f"N:{_esc(family)};{_esc(given)};;;"]
    else:
        lines += [f"FN:{_esc(e.organization)}", f"N:{_esc(e.organization)};;;;"]
    lines.append(f"ORG:{_esc(e.organization)}")
    if contact.get("title"):
        lines.append(f"TITLE:{_esc(contact['title'])}")
    if contact.get("phone"):
        lines.append(f"TEL;TYPE=WORK,VOICE:{_esc(contact['phone'])}")
    if contact.get("email"):
        lines.append(f"EMAIL;TYPE=INTERNET:{_esc(contact['email'])}")
    what = f"{role.capitalize()} of {e.organization}" if role else e.organization
    note = [f"{what} on the {roster.community} victim assistance planning committee"
            f"{' (' + e.role + ')' if e.role else ''}.",
            f"Disciplines: {', '.join(e.disciplines)}."]
    if roster.public_note:
        note.append(roster.public_note)
    lines.append(f"NOTE:{_esc(' '.join(note))}")
    lines.append(f"CATEGORIES:{_esc(roster.community + ' victim assistance plan')}")
    lines.append(f"UID:{e.id}.{role or 'organization'}@vaplan")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _esc(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 2425)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


# Markdown call sheet -------------------------------------------------------------------------

#: The Word call sheet's relative column widths, so names and numbers wrap as little as possible
#: on a landscape page.
_WIDTHS = {"Organization": 18, "Role": 7, "Disciplines": 13, "Representative": 12, "Phone": 12,
           "Email": 18, "Alternate": 12, "Alternate's phone": 12}
#: The call sheet's contact columns: who to call and how. Titles and the alternate's email are
#: in the CSV and vCard exports; the sheet leaves them out so it fits one printed page.
_SHEET = {("representative", "name"): "Representative", ("representative", "phone"): "Phone",
          ("representative", "email"): "Email", ("alternate", "name"): "Alternate",
          ("alternate", "phone"): "Alternate's phone"}


def sheet_columns(roster: Roster) -> tuple[list[str], list[list[str]]]:
    """The call sheet's header and rows, shared by Markdown and Word."""
    columns = [(role, field) for role, field in _SHEET if field in roster.fields]
    header = ["Organization", "Role", "Disciplines", *(_SHEET[c] for c in columns)]
    rows = [[e.organization, e.role.capitalize(), ", ".join(e.disciplines),
             *(e.contacts[role][field] or "" for role, field in columns)]
            for e in roster.entries]
    return header, rows


def sheet_lines(roster: Roster) -> tuple[str, str, str]:
    """Title, the line under it, and the footer of the call sheet."""
    reviewed = (f"membership reviewed {roster.reviewed.isoformat()}" if roster.reviewed
                else "membership review not recorded")
    title = f"{roster.community}: planning committee contact list"
    subtitle = (f"Victim assistance plan for mass violence and terrorism. Printed "
                f"{roster.today.isoformat()}; {reviewed}.")
    footer = ("Check this list at every committee meeting and correct committee.yaml; "
              "`vaplan export roster` makes it again.")
    if not roster.public_note:
        footer = ("Holds people's personal contact details: share it only within the "
                  "committee. " + footer)
    return title, subtitle, footer


def to_markdown(roster: Roster) -> str:
    """The call sheet as one Markdown table."""
    title, subtitle, footer = sheet_lines(roster)
    header, rows = sheet_columns(roster)
    lines = [f"# {_md(title)}", "", _md(subtitle), ""]
    if roster.public_note:
        lines += [f"**{_md(roster.public_note)}**", ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    if not rows:
        lines.append("| " + " | ".join(["no members yet"] + [""] * (len(header) - 1)) + " |")
    lines += ["", _md(footer), ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    """One line of text with Markdown's own characters escaped (a | would end a table cell)."""
    text = " ".join(text.split())
    for char in "\\|*_[]<>#":
        text = text.replace(char, "\\" + char)
    return text


# Word call sheet -----------------------------------------------------------------------------

def to_docx(roster: Roster) -> bytes:
    """The call sheet as a Word document: one landscape page for print."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.5))
    normal = document.styles["Normal"]
    normal.font.size = Pt(8)
    normal.paragraph_format.space_after = Pt(0)
    title, subtitle, footer = sheet_lines(roster)
    document.add_heading(title, level=1)
    document.add_paragraph(subtitle).paragraph_format.space_after = Pt(4)
    if roster.public_note:
        note = document.add_paragraph()
        note.add_run(roster.public_note).bold = True
        note.paragraph_format.space_after = Pt(4)
    header, rows = sheet_columns(roster)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(table.rows[0])
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.paragraphs[0].add_run(text).font.size = Pt(8)
    total = sum(_WIDTHS.get(h, 10) for h in header)
    usable = section.page_width - section.left_margin - section.right_margin
    for column, name in zip(table.columns, header):
        width = int(usable * _WIDTHS.get(name, 10) / total)
        column.width = width
        for cell in column.cells:  # Word reads the cells' widths, LibreOffice the grid's
            cell.width = width
    document.add_paragraph(footer.replace("`", "")).paragraph_format.space_before = Pt(4)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


FORMATS: dict[str, Callable[[Roster], str | bytes]] = {
    "csv": to_csv, "vcf": to_vcf, "md": to_markdown, "docx": to_docx,
}


def _entry(member: Member, fields: tuple[str, ...]) -> Entry:
    labels = vocabulary().disciplines
    contacts: dict[str, dict[str, str | None]] = {}
    for role in ROLES:
        person = getattr(member, role)
        values = {f: getattr(person, f, None) if person else None for f in fields}
        if "phone" in values:
            values["phone"] = normalize_phone(values["phone"])
        contacts[role] = values
    role = "chair" if member.chair else "steering" if member.steering else ""
    return Entry(member.id, member.organization,
                 tuple(labels.get(d, d) for d in member.disciplines), member.sector,
                 member.level, role, contacts)
