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


def printable(message: str) -> str:
    """Control characters quoted from a file or a typed path are shown escaped: they would
    corrupt XML reports and could move the cursor or recolour a terminal."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
