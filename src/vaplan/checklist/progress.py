"""Progress made: the checklist items met now that were not met in an earlier version of the
plan, and those met then that no longer are ("+4 met since 2026-11-03").

The earlier version is read, never written, from the plan's git history (gitplan.py's
read-only plumbing): for `vaplan check`, the last commit, when the plan's files have changed
since it (the work done since the plan was last saved); for the packet, the revision given to
`--since`, else the plan as it was on the day of the committee's last meeting
(meetings.yaml), the last commit on or before that day. Without git, or outside a repository,
nothing is said. Only items met, confirmed or waived count: not findings, which rise as a
committee fills in its plan."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vaplan.catalogue import catalogue
from vaplan.checklist.gitplan import GitError, Revision, read_plan_at
from vaplan.checklist.status import READY, Statuses
from vaplan.checklist.words import short
from vaplan.findings import named

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult


@dataclass(frozen=True)
class Progress:
    """Items newly met and items no longer met since an earlier version of the plan."""

    #: "since commit 1a2b3c4 of 2026-11-03"
    label: str
    #: the items met now and not then, and met then but not now: (id, text)
    met: tuple[tuple[str, str], ...]
    lost: tuple[tuple[str, str], ...]

    @property
    def line(self) -> str:
        """"+4 met since commit 1a2b3c4 of 2026-11-03: a, b, c and 1 more; 1 no longer met:
        d", with item ids, for `vaplan check`."""
        return self._line([i for i, _ in self.met], [i for i, _ in self.lost])

    @property
    def words(self) -> str:
        """The same with the items' sentences shortened, for the committee's documents."""
        return self._line([short(t) for _, t in self.met], [short(t) for _, t in self.lost])

    def _line(self, met: list[str], lost: list[str]) -> str:
        parts = [f"+{len(met)} met {self.label}: {named(met)}"] if met else []
        if lost:
            parts.append(f"{len(lost)} no longer met{'' if met else ' ' + self.label}: "
                         f"{named(lost)}")
        return "; ".join(parts) or f"no item newly met {self.label}"


def done_items(result: CheckResult, day: date) -> dict[str, str]:
    """The checklist items met, confirmed or waived on `day`: id -> text."""
    engine = Statuses(result, day)
    done = {entry.id: entry.text for entry in catalogue().items
            if engine.status(entry)[0] in READY}
    own = result.plan.checklist
    done.update({item.id: item.text for item in (own.add if own else ())
                 if engine.own_status(item, day)[0] in READY})
    return done


def progress_since(result: CheckResult, revision: str,
                   read: tuple[Revision, dict[str, bytes]] | None = None) -> Progress | None:
    """What was met at `revision` of the plan's git history against what is met now, both as
    of the day the plan is checked; None when git cannot give that version. `read`: the
    revision and its files, when the caller has read them already."""
    from vaplan.check.checker import check_raw
    from vaplan.load.plan import RawPlan
    from vaplan.load.yamlload import load_yaml

    try:
        found, files = read or read_plan_at(result.directory, revision)
    except GitError:
        return None
    raw = RawPlan(Path(result.directory), {name: load_yaml(data) for name, data in files.items()})
    then = done_items(check_raw(raw, result.today), result.today)
    now = done_items(result, result.today)
    label = (f"since commit {found.short} of {found.day}" if revision == "HEAD" else
             f"since {found.label}")
    return Progress(label,
                    tuple((i, t) for i, t in now.items() if i not in then),
                    tuple((i, t) for i, t in then.items() if i not in now))


def check_progress(result: CheckResult) -> Progress | None:
    """For `vaplan check`: the progress since the last commit, when the plan's files have
    changed since it; None when they have not, or git cannot tell."""
    if result.raw is None:
        return None
    try:
        read = read_plan_at(result.directory, "HEAD")
    except GitError:
        return None
    files = read[1]
    folder = Path(result.directory)
    now = {}
    for name in result.raw.files:
        try:
            now[name] = (folder / name).read_bytes()
        except OSError:
            return None
    if now == files:
        return None
    return progress_since(result, "HEAD", read)


def packet_progress(result: CheckResult, since: str | None) -> Progress | None:
    """For the packet: the progress since `--since` (a revision, or the plan as committed on
    or before a date), else since the committee's last meeting (meetings.yaml); None when
    there is nothing to compare with."""
    from vaplan.checklist.changes import since_date
    from vaplan.checklist.gitplan import commit_on_or_before

    if since is None:
        last = last_meeting_day(result)
        since = last.isoformat() if last else None
    if since is None:
        return None
    day = since_date(since)
    if day is None:  # a revision: the committee's handout names its day, never a commit
        by_revision = progress_since(result, since)
        if by_revision is None:
            return None
        found, _ = read_plan_at(result.directory, since)
        named = not re.fullmatch(r"[0-9a-fA-F]{4,40}", found.name)  # a tag: a meeting's name
        label = f"since {found.name} of {found.day}" if named else f"since {found.day}"
        return Progress(label, by_revision.met, by_revision.lost)
    commit = commit_on_or_before(result.directory, day.isoformat())
    if commit is None:
        return None
    progress = progress_since(result, commit)
    if progress is None:
        return None
    return Progress(f"since {day.isoformat()}", progress.met, progress.lost)


def last_meeting_day(result: CheckResult) -> date | None:
    """The day of the committee's last meeting before the day the plan is checked
    (meetings.yaml); None when none is recorded."""
    meetings = result.plan.meetings
    days = [m.date for m in (meetings.meetings if meetings else ()) if m.date < result.today]
    return max(days) if days else None
