"""The checklist as a view-model: plain frozen dataclasses of strings and numbers, so a
template (ours or a coordinator's) only formats it and never decides anything."""

from __future__ import annotations

from dataclasses import dataclass

#: Statuses that count as ready in the readiness score.
READY = ("met", "confirmed", "waived")
#: Statuses that count neither way: the item is not part of this community's plan.
UNCOUNTED = ("not_applicable", "optional")
LABELS = {"met": "Met", "partial": "Partly met", "gap": "Gap", "to_confirm": "To confirm",
          "confirmed": "Confirmed", "not_applicable": "Not applicable", "optional": "Optional",
          "not_checked": "Not checked", "waived": "Waived"}
GLYPHS = {"met": "☑", "confirmed": "☑", "waived": "☑", "partial": "◐", "gap": "☐",
          "to_confirm": "☐", "not_checked": "?", "not_applicable": "–", "optional": "–"}
FORMULA = ("Readiness = (met + confirmed + waived) ÷ (all items − not applicable − optional), "
           "rounded down to a whole percent. Met: the plan shows everything the item says (for "
           "a protocol: a lead, its responsibilities, where it is written down, and every "
           "agreement behind it in force) and vaplan check finds nothing against it. Confirmed: "
           "nothing in the plan can show it, and a person confirmed it in checklist.yaml with a "
           "date. Waived: every finding behind it is waived with a reason. Partly met, gaps, "
           "items not checked and items still to confirm count against readiness; items "
           "tailored out as not applicable, and optional protocols the plan does not include, "
           "count neither way.")

@dataclass(frozen=True)
class Evidence:
    """One finding behind an item's status."""

    code: str
    severity: str
    message: str
    place: str
    waived: str = ""

    @property
    def text(self) -> str:
        where = f"{self.place}; waived: {self.waived}" if self.waived else self.place
        return f"{self.message} ({where})"


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

    @property
    def exercised(self) -> str:
        """For a protocol the plan includes: "exercised 2026-04-12" or "never exercised";
        "exercised 2023-04-12, next due 2025-04-12" once another exercise is overdue."""
        if self.last_exercised is None or self.status in UNCOUNTED:
            return ""
        if not self.last_exercised:
            return "never exercised"
        late = f", next due {self.exercise_overdue}" if self.exercise_overdue else ""
        return f"exercised {self.last_exercised}{late}"


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
class RosterMember:
    id: str
    organization: str
    representative: str
    contact: str
    disciplines: str
    sector: str
    level: str
    role: str


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
    roster: tuple[RosterMember, ...]
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
    #: "Problems in the plan files" part of every document
    problems: tuple[Evidence, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)
