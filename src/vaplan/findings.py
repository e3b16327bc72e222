"""The one record every problem becomes: a Finding, from a YAML fault to an expired MOU."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

Path = tuple  # a path into the plan: ("committee", "members", 3, "disciplines")

#: Who a next step falls to when the plan names no one.
STEERING = "steering committee"


@dataclass(frozen=True)
class Step:
    """The next step that resolves a finding, in the committee's words: who does what, by when.

    A rule gives it with its message (as a linter's violation carries its fix), reading the
    owner from the plan's facts; the checklist and the packet print it."""

    #: what to do, as the tail of "Owner: ...": "renew the MOU “Family assistance center”"
    action: str
    #: the organization that does it; None: whoever the checklist item names (else the
    #: steering committee)
    owner: str | None = None
    #: the date to do it by; None: the next committee meeting
    due: date | None = None
    #: 1 (incident day) to 4 (exercises and reviews); None: the rule's own priority
    priority: int | None = None


class Severity(str, Enum):
    """How much a finding matters; ordered so that `error` > `warning` > `info`."""

    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


@dataclass(frozen=True)
class Finding:
    """One problem in a plan, at one place, in plain words."""

    code: str
    name: str
    severity: Severity
    message: str
    file: str
    #: 1-based line and column; None when the finding has no single place (a missing file).
    line: int | None = None
    column: int | None = None
    waived: str | None = None
    hint: str | None = None
    path: Path = ()
    #: the id of what the finding is about (a function, agreement, member, discipline...), set
    #: by the rule; the checklist matches findings to items by it, never by the message.
    #: Not part of the machine output formats.
    subject: str | None = None
    #: the next step that resolves it, when its rule gives one (not in the machine formats)
    step: Step | None = None
    #: the message in the committee's words, for the printed documents: names instead of ids,
    #: no YAML keys, file names or paths (those stay in `message`, for the plan's keeper);
    #: None for a fault in a file itself (the documents say the file has problems to fix)
    people: str | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)

    @property
    def place(self) -> str:
        """Where it is, as editors and CI read it: file:line:column, or the file alone when the
        finding has no single place."""
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    @property
    def counts(self) -> bool:
        """A waived finding is shown but never fails a run."""
        return self.waived is None


@dataclass(frozen=True)
class Problem:
    """What a loader, the schema or a rule reports before the checker stamps on name and severity.

    Either `line`/`column` are known (a YAML fault) or `path` leads to the place in the plan.
    """

    code: str
    message: str
    path: Path = ()
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    #: "key" anchors at the key of the last path element, "value" at the value itself.
    anchor: str = "key"
    #: only for rules whose default depends on the case (VP007: required file or not).
    severity: str | None = None
    #: the id of what the problem is about, as Finding.subject
    subject: str | None = None
    #: the next step its rule gives, as Finding.step
    step: Step | None = None
    #: the message in the committee's words, as Finding.people
    people: str | None = None


#: One cause, one line (PLAN-FORMAT.md "What a committee is shown"): when a rule fires for
#: several organizations, protocols or agreements, a document says it once, in these words
#: ("{n}" the count), followed by the names they concern. Each phrase is true of every finding
#: of its rule, whatever its particular wording. The plan's keeper still gets every file:line.
CAUSES = {
    "VP101": "{n} required disciplines are missing from the committee or lack a sector",
    "VP107": "{n} members have no phone or email",
    "VP108": "{n} members the call-down must reach have no alternate to call",
    "VP109": "the call tree does not reach {n} members it must",
    "VP110": "{n} phone numbers on the committee list cannot be dialed",
    "VP302": "the victim assistance plan is not yet part of {n} emergency plans",
    "VP303": "{n} protocols have no lead",
    "VP304": "{n} required protocols have no entry in the plan",
    "VP305": "{n} protocols have a lead but no responsibilities written",
    "VP306": "{n} protocols are not written down",
    "VP402": "{n} open resource gaps have no owner",
    "VP403": "{n} open resource gaps were never brought to the committee",
    "VP501": "{n} members are party to no MOU or MOA",
    "VP502": "{n} agreements have expired",
    "VP503": "{n} agreements expire soon",
    "VP504": "{n} agreements have no signed date",
    "VP505": "{n} agreements' signed copies are not kept with the plan",
    "VP701": "{n} protocols have not been exercised, or used in a real incident, within the "
             "plan's exercise interval",
    "VP702": "{n} exercises have no after-action report though one is due",
    "VP703": "{n} corrective actions are overdue",
    "VP704": "{n} corrective actions have no owner",
}
#: How many names a line of one cause lists before "and N more".
NAMES_SHOWN = 3


def named(names: list[str], shown: int = NAMES_SHOWN) -> str:
    """"A, B, C and 17 more", or "A and B"."""
    names = list(dict.fromkeys(names))
    if len(names) > shown + 1:
        return f"{', '.join(names[:shown])} and {len(names) - shown} more"
    if len(names) > 1:
        return f"{', '.join(names[:-1])} and {names[-1]}"
    return names[0] if names else ""


def cause_line(code: str, names: list[str]) -> str:
    """One cause in a document's words: "20 members have no phone or email: A, B, C and 17
    more"."""
    return f"{CAUSES[code].format(n=len(names))}: {named(names)}"


def printable(message: str) -> str:
    """Control characters quoted from a file or a typed path are shown escaped: they would
    corrupt XML reports and could move the cursor or recolour a terminal."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
