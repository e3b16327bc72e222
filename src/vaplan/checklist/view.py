"""The checklist as a view-model: plain frozen dataclasses of strings and numbers, so a
template (ours or a coordinator's) only formats it and never decides anything."""

from __future__ import annotations

from dataclasses import dataclass

from vaplan.checklist.roster import Entry
from vaplan.checklist.status import READY, UNCOUNTED  # noqa: F401 (the view's statuses)
from vaplan.checklist.words import CREDIT

LABELS = {"met": "Met", "partial": "Partly met", "gap": "Gap", "to_confirm": "To confirm",
          "confirmed": "Confirmed", "not_applicable": "Not applicable", "optional": "Optional",
          "not_checked": "Not checked", "waived": "Waived"}
#: One look per status, readable without color: a glyph beside the word.
GLYPHS = {"met": "✔", "confirmed": "✔", "waived": "✔", "partial": "◐", "gap": "✖",
          "to_confirm": "?", "not_checked": "○", "not_applicable": "—", "optional": "—"}
#: The status cell's shading in Word: green for ready, red for a gap, amber for partly met,
#: blue for what a person must confirm, grey for what does not count.
FILLS = {"met": "E2EFDA", "confirmed": "E2EFDA", "waived": "EDEDED", "partial": "FFF2CC",
         "gap": "F8D7DA", "to_confirm": "DDEBF7", "not_checked": "FCE4D6",
         "not_applicable": "F2F2F2", "optional": "F2F2F2"}
#: Statuses printed in bold: the ones a committee must act on first.
STRONG = ("gap", "partial")
FORMULA = ("Readiness = (met + confirmed + waived) ÷ (all items − not applicable − optional), "
           "rounded down to a whole percent. Met: the plan shows everything the item says (for "
           "a protocol: a lead, its responsibilities, where it is written down, and every "
           "agreement behind it in force) and no problem stands against it. Confirmed: "
           "nothing in the plan can show it, and a committee member confirmed it, with a "
           "date. Waived: every problem behind it is set aside with a reason. Partly met, gaps, "
           "items not checked and items still to confirm count against readiness; items "
           "tailored out as not applicable, and optional protocols the plan does not include, "
           "count neither way.")

@dataclass(frozen=True)
class Evidence:
    """One finding behind an item's status."""

    code: str
    severity: str
    #: the rule's own message, with plan ids and keys: for the plan's keeper
    message: str
    #: file:line:column, for the plan's keeper
    place: str
    waived: str = ""
    #: the message in the committee's words (names, not ids; no keys or file names)
    plain: str = ""

    @property
    def text(self) -> str:
        """The finding as a handout prints it: people's words, and why it is set aside."""
        words = self.plain or self.message
        return f"{words} (set aside: {self.waived})" if self.waived else words

    @property
    def keeper(self) -> str:
        """The finding as the plan's keeper needs it: where, which rule, the full message."""
        waived = f" (waived: {self.waived})" if self.waived else ""
        return f"{self.place}: {self.code} {self.message}{waived}"


@dataclass(frozen=True)
class Item:
    """One row of the checklist: key issue, agency responsible, current status."""

    id: str
    section: str
    text: str
    responsible: str
    status: str
    label: str
    glyph: str
    done: bool
    #: one line: the confirmation's date and note, the reason, the waiver, why it is open
    detail: str
    #: the label and the detail as one sentence: "Confirmed on 2026-03-12: ..."
    summary: str
    evidence: tuple[Evidence, ...]
    own: bool = False
    due: str = ""
    #: the organizations responsible, each named once (`responsible` joins them for a table)
    agencies: tuple[str, ...] = ()
    #: what the plan shows for it, in short lines ("lead: Pima County OEM", "written in: ...")
    shown: tuple[str, ...] = ()
    #: protocol items: the latest exercise or incident that used it ("" when never); None for
    #: other items
    last_exercised: str | None = None
    #: required protocols exercised once but not since `checks.exercise_months` (what VP701
    #: reports): the day the next exercise was due; "" otherwise
    exercise_overdue: str = ""
    #: the protocol's latest use was a real incident (not an exercise)
    last_incident: bool = False
    #: the contact list's latest call-down drill and its result, "" when none was held
    drill: str = ""

    @property
    def after_label(self) -> str:
        """The summary after its label (": 2 problems", " on 2026-03-12"), so a template can
        set the label apart."""
        return self.summary[len(self.label):]

    @property
    def brief(self) -> str:
        """The key issue's first words, for the keeper's table of ids: "Every member's
        representative can be reached by email…"."""
        words = self.text.split()
        return self.text if len(words) <= 8 else " ".join(words[:8]).rstrip(",;.") + "…"

    @property
    def fill(self) -> str:
        """The status cell's shading in Word (a hex color)."""
        return FILLS[self.status]

    @property
    def strong(self) -> bool:
        """A status the committee must act on first, printed in bold."""
        return self.status in STRONG

    @property
    def exercised(self) -> str:
        """For a protocol the plan includes: "exercised 2026-04-12" or "never exercised";
        "exercised 2023-04-12, next due 2025-04-12" once another exercise is overdue; "used in a
        real incident on 2016-06-12" when its latest use was no exercise."""
        if self.last_exercised is None or self.status in UNCOUNTED:
            return ""
        drill = f"; {self.drill}" if self.drill else ""
        if not self.last_exercised:
            return f"never exercised{drill}"
        late = f", next due {self.exercise_overdue}" if self.exercise_overdue else ""
        if self.last_incident:
            return f"used in a real incident on {self.last_exercised}{late}{drill}"
        return f"exercised {self.last_exercised}{late}{drill}"


#: What a next step says when neither it nor the plan's meetings give a date to do it by.
NEXT_MEETING = "the next committee meeting"


@dataclass(frozen=True)
class Action:
    """A next step: who does what, by when, for which items (PLAN-FORMAT.md "Next steps,
    ranked and dated")."""

    owner: str
    action: str
    #: YYYY-MM-DD: the step's own date, else the next meeting's; "" when neither is known
    due: str
    #: the first checklist item it serves
    item: str
    #: 1 (the incident day) to 4 (exercises and reviews), from the rule behind the step
    priority: int = 3
    #: every checklist item it serves, and the rule codes of the findings it resolves
    items: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    #: its place in the ranked list (1, 2, ...); 0 before ranking
    rank: int = 0
    #: a step several organizations each take: their names (`owner` joins them), and the
    #: action as one of them does it ("give a phone number", not "each give...")
    owners: tuple[str, ...] = ()
    solo: str = ""

    @property
    def when(self) -> str:
        """"2027-01-15", or "the next committee meeting" when no date is known."""
        return self.due or NEXT_MEETING

    @property
    def text(self) -> str:
        """"Oak County OEM: sign the FAC MOA by 2027-01-15"."""
        return f"{self.owner[:1].upper()}{self.owner[1:]}: {self.action} by {self.when}"

    @property
    def line(self) -> str:
        """The same with its date only when it has one, for a list that says once that the
        others are due at the next committee meeting."""
        due = f" by {self.due}" if self.due else ""
        return f"{self.owner[:1].upper()}{self.owner[1:]}: {self.action}{due}"


@dataclass(frozen=True)
class OwnSteps:
    """One organization's own next steps, in ranked order: a list it can be handed."""

    owner: str
    actions: tuple[Action, ...]

    @property
    def title(self) -> str:
        """The owner as a line starts with it: "Steering committee"."""
        return self.owner[:1].upper() + self.owner[1:]


@dataclass(frozen=True)
class Score:
    ready: int
    applicable: int
    percent: int | None

    @property
    def label(self) -> str:
        if self.percent is None:
            return "no applicable items"
        return f"{self.percent}% ({self.ready} of {self.applicable})"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]
    score: Score


@dataclass(frozen=True)
class Coverage:
    """One required discipline and the members who cover it."""

    discipline: str
    label: str
    covered: bool
    glyph: str
    members: str
    note: str


@dataclass(frozen=True)
class OpenGap:
    id: str
    need: str
    status: str
    owner: str
    raised: str
    sources: str
    #: days since the gap was raised with the committee (None when it never was), and in words
    days: int | None = None
    age: str = ""


@dataclass(frozen=True)
class AgreementAlert:
    id: str
    type: str
    title: str
    parties: str
    expires: str
    state: str
    when: str
    #: the committee's reason when it waived this expiry (agreements.yaml `waivers:`), else "":
    #: the documents say it is waived instead of marking it ✖ beside an item that says ✔ Waived
    waived: str = ""


@dataclass(frozen=True)
class SiteRow:
    """A place chosen ahead of an incident (resources.yaml `sites:`)."""

    id: str
    name: str
    address: str
    #: what it is for, in words ("family assistance center")
    uses: str
    provider: str
    #: "400 people", or "" when not given
    capacity: str
    backup: bool
    #: the agreement that secures it and its state ("MOA fac-moa, in force"), or ""
    agreement: str


@dataclass(frozen=True)
class FundingRow:
    """A grant or subaward (agreements.yaml, `type: grant` or `subaward`)."""

    id: str
    type: str
    title: str
    #: who applies (the first party); who receives it (a grant: the applicant; a subaward: the
    #: other parties); who it comes from (a grant: the other parties; a subaward: the first)
    applicant: str
    recipient: str
    source: str
    #: "$250,000", or "" when not given
    amount: str
    purpose: str
    #: "in force", "expired on 2026-06-30", "not signed", ...
    state: str


@dataclass(frozen=True)
class LanguageRow:
    """A language residents speak at home and who on the plan speaks it."""

    language: str
    share: str
    covered: bool
    glyph: str
    #: the members, partners and resources that speak it, or the language-access members
    speakers: str


@dataclass(frozen=True)
class Checklist:
    """The whole document, ready for a template."""

    community: str
    jurisdiction: str
    plan_version: str
    updated: str
    today: str
    sections: tuple[Section, ...]
    score: Score
    #: the committee in committee.yaml's order, as `vaplan export roster` lists it
    roster: tuple[Entry, ...]
    coverage: tuple[Coverage, ...]
    gaps: tuple[OpenGap, ...]
    agreements: tuple[AgreementAlert, ...]
    next_steps: tuple[Item, ...]
    formula: str
    #: rules that could not run, as sentences ("VP101, VP102: committee.yaml is missing")
    not_checked: tuple[str, ...]
    #: for a public copy, the sentence saying what was left out; empty otherwise
    public_note: str = ""
    #: every error in the plan files (waived ones too, with their reason), for the closing
    #: part for the plan's keeper; empty in a public copy, which gives only their number
    problems: tuple[Evidence, ...] = ()
    problem_count: int = 0
    #: the next steps as actions, ranked: who does what by when
    actions: tuple[Action, ...] = ()
    #: the first `checks.next_steps_shown` of them, then the rest by organization
    first_steps: tuple[Action, ...] = ()
    later_steps: tuple[OwnSteps, ...] = ()
    #: the sites chosen ahead of an incident, the grants and subawards, the languages
    sites: tuple[SiteRow, ...] = ()
    funding: tuple[FundingRow, ...] = ()
    languages: tuple[LanguageRow, ...] = ()
    credit: str = CREDIT

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @property
    def undated(self) -> bool:
        """Some next step has no date (no meeting is on the calendar)."""
        return any(not a.due for a in self.actions)
