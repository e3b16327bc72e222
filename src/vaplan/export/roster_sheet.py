"""The roster's call sheet: one page to print or pin up, in Markdown or in Word (through the
bundled docxtpl template templates/roster.docx, like the checklist and the packet)."""

from __future__ import annotations

from dataclasses import dataclass

from vaplan.checklist.roster import Entry, Roster
from vaplan.checklist.words import CREDIT
from vaplan.text import markdown_text, phone_text

#: The Markdown sheet's contact columns: who to call and how. Titles and the alternate's email
#: are in the CSV and vCard exports; the sheet leaves them out so it fits one printed page.
_SHEET = {("representative", "name"): "Representative",
          ("representative", "phone_24h"): "24-hour phone", ("representative", "phone"): "Phone",
          ("representative", "email"): "Email", ("alternate", "name"): "Alternate",
          ("alternate", "phone_24h"): "Alternate's 24-hour phone",
          ("alternate", "phone"): "Alternate's phone"}


@dataclass(frozen=True)
class SheetPerson:
    """A representative or alternate as the sheet shows them ("" where not known)."""

    name: str
    title: str
    phone: str
    email: str
    phone_24h: str = ""


@dataclass(frozen=True)
class SheetRow:
    """One member organization on the call sheet."""

    organization: str
    role: str
    disciplines: str
    sector: str
    level: str
    representative: SheetPerson
    alternate: SheetPerson
    #: the place in the call-down ("1" is called first; "" when the call tree misses it)
    call: str = ""
    called_by: str = ""
    #: the protocols the organization leads, joined
    leads: str = ""


@dataclass(frozen=True)
class Sheet:
    """What the Word template sees: the call sheet's words and rows, all plain text."""

    community: str
    today: str
    title: str
    subtitle: str
    #: a public copy: what was left out (the template then shows no contact columns)
    public_note: str | None
    #: under the title: the public note, or that the copy is for the committee only
    notice: str
    #: at the foot of every page: how the list stays right
    upkeep: str
    members: tuple[SheetRow, ...]
    credit: str = CREDIT


#: What a copy with people's contact details says about itself, at the top of the page.
COMMITTEE_ONLY = ("Committee only: this list holds people's personal contact details; share "
                  "it only within the committee.")
#: How the list stays right, said at the foot of every copy.
UPKEEP = "Check this list at every committee meeting and send corrections to the plan's keeper."


def sheet_lines(roster: Roster) -> tuple[str, str, str]:
    """Title, the line under it, and the footer of the call sheet."""
    reviewed = (f"membership reviewed {roster.reviewed.isoformat()}" if roster.reviewed
                else "membership review not recorded")
    title = f"{roster.community}: planning committee contact list"
    subtitle = (f"Victim assistance plan for mass violence and terrorism. Printed "
                f"{roster.today.isoformat()}; {reviewed}.{_call_note(roster)}")
    footer = UPKEEP if roster.public_note else COMMITTEE_ONLY + " " + UPKEEP
    return title, subtitle, footer


def _call_note(roster: Roster) -> str:
    """What a dash in the call column means, when one is printed: "" when the call tree reaches
    every member, or for a public copy (which has no call column)."""
    if roster.public_note or all(e.call for e in roster.entries):
        return ""
    if not any(e.call for e in roster.entries):
        return " The plan has no call tree yet: call each member directly."
    return " A dash instead of a call number: the call tree does not reach that member; call it directly."


def sheet(roster: Roster) -> Sheet:
    """The call sheet of `roster` for the Word template."""
    title, subtitle, _ = sheet_lines(roster)
    return Sheet(roster.community, roster.today.isoformat(), title, subtitle, roster.public_note,
                 roster.public_note or COMMITTEE_ONLY, UPKEEP.replace("`", ""),
                 tuple(_row(e) for e in roster.entries))


def _row(e: Entry) -> SheetRow:
    def person(role: str) -> SheetPerson:
        c = e.contacts[role]
        return SheetPerson(*(_shown(f, c.get(f)) for f in ("name", "title", "phone", "email",
                                                            "phone_24h")))

    return SheetRow(e.organization, e.role, e.disciplines, e.sector,
                    e.level, person("representative"), person("alternate"),
                    str(e.call or ""), e.called_by, ", ".join(e.leads))


def _shown(field: str, value: str | None) -> str:
    """A contact field as the sheet prints it: phones in the documents' one format."""
    return (phone_text(value) if field.startswith("phone") else value) or ""


def sheet_names() -> list[str]:
    """The template variables of the Word call sheet."""
    return list(Sheet.__dataclass_fields__)


# Markdown ------------------------------------------------------------------------------------

def sheet_columns(roster: Roster) -> tuple[list[str], list[list[str]]]:
    """The Markdown call sheet's header and rows."""
    columns = [(role, field) for role, field in _SHEET if field in roster.fields]
    header = ["Call", "Organization", "Leads", "Role", "Disciplines",
              *(_SHEET[c] for c in columns)]
    rows = [[str(e.call or "–"), e.organization, ", ".join(e.leads), e.role,
             e.disciplines,
             *(_shown(field, e.contacts[role][field]) for role, field in columns)]
            for e in roster.entries]
    return header, rows


def to_markdown(roster: Roster) -> str:
    """The call sheet as one Markdown table."""
    title, subtitle, footer = sheet_lines(roster)
    header, rows = sheet_columns(roster)
    lines = [f"# {markdown_text(title)}", "", markdown_text(subtitle), ""]
    if roster.public_note:
        lines += [f"**{markdown_text(roster.public_note)}**", ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in rows]
    if not rows:
        lines.append("| " + " | ".join(["no members yet"] + [""] * (len(header) - 1)) + " |")
    lines += ["", markdown_text(footer), "", f"_{markdown_text(CREDIT)}_", ""]
    return "\n".join(lines)


# Word ----------------------------------------------------------------------------------------

#: The bundled Word template, built by templates/make_roster_docx.py.
TEMPLATE = "roster.docx"


def to_docx(roster: Roster) -> bytes:
    """The call sheet as a Word document, one landscape page for a committee the size of the
    examples, rendered like every Word document (vaplan.render.word: sandboxed and strict)."""
    from vaplan.render.bundled import bundled_template
    from vaplan.render.word import render_word

    view = sheet(roster)
    context = {name: getattr(view, name) for name in sheet_names()}
    return render_word(TEMPLATE, bundled_template(TEMPLATE), context, sheet_names(),
                       "the call sheet", roster.today, bundled=True)


