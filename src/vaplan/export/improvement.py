"""`vaplan export improvement-plan`: the improvement plan matrix of FEMA's HSEEP, one row per
corrective action of exercises.yaml, as CSV, Markdown or Word.

The rows read the plan's facts (vaplan.facts.exercises): which action is open and which is
overdue is worked out once there, so the matrix, the packet, the calendar and `vaplan check`
agree. The contact column names a person: a public copy leaves it out and says so.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from vaplan.export.common import csv_cell
from vaplan.facts.exercises import ActionFact
from vaplan.text import markdown_text as md_text
from vaplan.text import one_line
from vaplan.vocabulary import vocabulary

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

#: A corrective action's status in plain words.
STATUSES = {"open": "Open", "in_progress": "In progress", "done": "Done",
            "cancelled": "Cancelled"}
#: What marks an overdue row, in every format.
OVERDUE_MARK = "⚠"
#: The Word table's shading of an overdue row (a light red), and of any other row.
OVERDUE_FILL, PLAIN_FILL = "F8D7D3", "auto"
#: The bundled Word template, built by templates/make_improvement_docx.py.
TEMPLATE = "improvement.docx"
#: Where a user starts an improvement plan, said when the plan has none.
#: Where the matrix's form comes from, printed under it.
SOURCE = ("The columns follow the improvement plan matrix of FEMA's Homeland Security Exercise "
          "and Evaluation Program (HSEEP), with the plan's protocols as its capabilities.")
NO_FILE = ("there is no improvement plan yet: the plan has no exercises.yaml. Record an "
           "exercise with `vaplan exercise add` and its corrective actions with `vaplan action "
           "add` (or write them in exercises.yaml), then export again")
NO_ACTIONS = ("The improvement plan has no corrective actions yet. After an exercise's "
              "after-action meeting, add each corrective action under `improvements:` in "
              "exercises.yaml.")


@dataclass(frozen=True)
class ActionRow:
    """One corrective action, every text one clean line ("" where the plan says nothing)."""

    id: str
    #: the protocol (the function's title from the vocabulary) the action improves
    protocol: str
    issue: str
    action: str
    #: Planning, Organization, Equipment, Training or Exercise
    element: str
    #: the responsible organization's name (never its member id)
    organization: str
    #: the person to ask; "" in a public copy
    contact: str
    start: str
    due: str
    #: in plain words; "Overdue (open)" when past due and not done
    status: str
    completed: str
    overdue: bool
    #: OVERDUE_MARK on an overdue row, else ""
    mark: str
    #: the Word cell shading of the row
    fill: str


@dataclass(frozen=True)
class ImprovementPlan:
    """The whole matrix, ready to format."""

    community: str
    today: str
    title: str
    subtitle: str
    #: one sentence: how many actions, open, overdue and done; or that there are none yet
    summary: str
    rows: tuple[ActionRow, ...]
    #: set for a public copy: what was left out, said on the page
    public_note: str = ""


def build_improvement_plan(result: CheckResult, public: bool = False) -> ImprovementPlan:
    """The improvement plan of a checked plan as of its day; a public copy leaves out the
    contacts and every personal text quoted in the actions, and says so."""
    if public:
        from vaplan.public import public_view

        return public_view(result, lambda redacted: _build(redacted, public=True))
    return _build(result, public=False)


def _build(result: CheckResult, public: bool) -> ImprovementPlan:
    facts = result.facts_on(result.today)
    names = {key: one_line(name) for key, name in facts.organizations.items()}
    actions = facts.exercise_record.actions
    rows = tuple(_row(a, names, public) for a in actions)
    community = one_line(result.community)
    today = result.today.isoformat()
    return ImprovementPlan(
        community, today, f"{community}: improvement plan",
        f"Corrective actions from exercises and real incidents, tracked to completion (FEMA "
        f"HSEEP improvement plan). As of {today}.", _summary(actions), rows)


def _row(fact: ActionFact, names: dict[str, str], public: bool) -> ActionRow:
    action = fact.action
    functions = vocabulary().functions
    owner = action.owner
    organization = ("no owner named" if owner is None else names.get(owner)
                    or f"{owner} (not in committee.yaml)")
    status = STATUSES[action.status]
    if fact.overdue:
        status = f"Overdue ({status.lower()})"
    return ActionRow(
        action.id, functions.get(action.function, action.function) if action.function else "",
        one_line(action.issue), one_line(action.action),
        action.element.capitalize() if action.element else "", organization,
        "" if public or not action.contact else one_line(action.contact),
        _day(action.start), _day(action.due), status, _day(action.completed), fact.overdue,
        OVERDUE_MARK if fact.overdue else "", OVERDUE_FILL if fact.overdue else PLAIN_FILL)


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def _summary(actions: tuple[ActionFact, ...]) -> str:
    if not actions:
        return NO_ACTIONS
    done = sum(1 for a in actions if a.action.status == "done")
    cancelled = sum(1 for a in actions if a.action.status == "cancelled")
    still = sum(1 for a in actions if a.open)
    overdue = sum(1 for a in actions if a.overdue)
    parts = [f"{still} still open" + (f", {overdue} of them overdue ({OVERDUE_MARK})"
                                      if overdue else ""), f"{done} done"]
    if cancelled:
        parts.append(f"{cancelled} cancelled")
    return f"{_count(len(actions), 'corrective action')}: {'; '.join(parts)}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# CSV -----------------------------------------------------------------------------------------

def to_csv(plan: ImprovementPlan) -> str:
    """One row per corrective action; a public copy has no contact column and says so in a
    `note` column. Every cell that a spreadsheet would run as a formula is made text. Starts
    with a UTF-8 byte-order mark, so Excel reads it as UTF-8."""
    header = ["id", "protocol", "issue", "corrective_action", "element",
              "responsible_organization", *([] if plan.public_note else ["contact"]),
              "start", "due", "status", "completed", "overdue"]
    if plan.public_note:
        header.append("note")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for r in plan.rows:
        row = [r.id, r.protocol, r.issue, r.action, r.element, r.organization,
               *([] if plan.public_note else [r.contact]), r.start, r.due, r.status,
               r.completed, "yes" if r.overdue else "no"]
        if plan.public_note:
            row.append(plan.public_note)
        writer.writerow([csv_cell(v) for v in row])
    return "\ufeff" + out.getvalue()


# Markdown ------------------------------------------------------------------------------------

def to_markdown(plan: ImprovementPlan) -> str:
    """The matrix as one Markdown table; plan text escaped, overdue rows marked."""
    lines = [f"# {md_text(plan.title)}", "", md_text(plan.subtitle), ""]
    if plan.public_note:
        lines += [f"**{md_text(plan.public_note)}**", ""]
    lines += [md_text(plan.summary), ""]
    if not plan.rows:
        return "\n".join([*lines, f"_{md_text(SOURCE)}_", ""])
    header = ["Protocol", "Issue", "Corrective action", "Element", "Responsible organization",
              *([] if plan.public_note else ["Contact"]), "Start", "Due", "Status", "Completed"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for r in plan.rows:
        cells = [md_text(c) or "–" for c in (
            r.protocol, r.issue, r.action, r.element, r.organization,
            *([] if plan.public_note else [r.contact]), r.start, r.due)]
        status = md_text(r.status)
        cells.append(f"**{r.mark} {status}**" if r.overdue else status)
        cells.append(r.completed or "–")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"_{md_text(SOURCE)}_"]
    return "\n".join([*lines, ""])


# Word ----------------------------------------------------------------------------------------

def to_docx(plan: ImprovementPlan) -> bytes:
    """The matrix as a landscape Word document, rendered like every Word document
    (vaplan.render.word: sandboxed and strict) from templates/improvement.docx."""
    from vaplan.render.bundled import bundled_template
    from vaplan.render.word import render_word

    names = list(ImprovementPlan.__dataclass_fields__)
    context: dict[str, Any] = {name: getattr(plan, name) for name in names}
    return render_word(TEMPLATE, bundled_template(TEMPLATE), context, names,
                       "the improvement plan", date.fromisoformat(plan.today), bundled=True)


FORMATS: dict[str, Callable[[ImprovementPlan], str | bytes]] = {
    "csv": to_csv, "md": to_markdown, "docx": to_docx}
