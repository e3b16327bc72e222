"""What changed in a plan since a date or a git revision: the packet's "since the last meeting".

With a date, only what the plan dates itself can be told: items confirmed on or after it, members
who joined, gaps raised. With a git revision, the plan as it was then is read back from git and
compared with the plan now, so members removed and gaps closed show too.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from vaplan.dates import looks_like_day, parse_day
from vaplan.models import PlanModels

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

#: 2026-9-1, 9/1/2026, 01.09.2026: meant as a date, not a revision
#: plan file stem -> what cannot be compared when that file cannot be read
_NEEDS = {"committee": "members added or removed", "resources": "gaps opened or closed",
          "checklist": "items confirmed"}
DATE_NOTE = ("Compared with a date, the packet shows only what the plan dates itself; members "
             "removed and gaps closed show when it is compared with a saved version of the plan.")


class SinceError(Exception):
    """--since names neither a date nor a revision vaplan can read."""


@dataclass(frozen=True)
class Change:
    """One thing that changed: the record's id, what it is, and what happened to it."""

    id: str
    text: str
    detail: str


@dataclass(frozen=True)
class Changes:
    """Everything that changed since `since`, each list sorted, ready for a template."""

    since: str
    #: "since 2026-09-01", or "since v2026-09 (commit 1a2b3c4 of 2026-09-01)"
    label: str
    #: "since 2026-09-01", or "since v2026-09", for a line with little room
    short: str
    by_revision: bool
    confirmed: tuple[Change, ...]
    members_added: tuple[Change, ...]
    members_removed: tuple[Change, ...]
    gaps_opened: tuple[Change, ...]
    gaps_closed: tuple[Change, ...]
    #: what could not be compared, and why, as sentences
    notes: tuple[str, ...]
    #: the plan's files at the revision (file name -> data as loaded), so a public copy can
    #: leave out the people named then too, such as a member who has since left
    then_files: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: the day of the last meeting: the date given, or the day of the revision's commit; None
    #: when git gives no day (the packet's exercises and completed actions count from it)
    day: date | None = None
    #: agreements signed since (new ones), renewed (signed again), and expired since
    agreements_signed: tuple[Change, ...] = ()
    agreements_renewed: tuple[Change, ...] = ()
    agreements_expired: tuple[Change, ...] = ()
    #: protocols written down since (a document named for them now, none then): by revision
    protocols_written: tuple[Change, ...] = ()
    #: exercises and real incidents held since
    exercises_held: tuple[Change, ...] = ()

    @property
    def count(self) -> int:
        return sum(len(group) for group in self.groups)

    @property
    def groups(self) -> tuple[tuple[Change, ...], ...]:
        return (self.confirmed, self.members_added, self.members_removed, self.gaps_opened,
                self.gaps_closed, self.agreements_signed, self.agreements_renewed,
                self.agreements_expired, self.protocols_written, self.exercises_held)

    @property
    def words(self) -> str:
        """The period for the committee: "since 2026-09-01", a date, never a commit or a
        revision's name, when the day is known."""
        return f"since {self.day.isoformat()}" if self.day is not None else self.short


def since_date(text: str) -> date | None:
    """The date `text` names when it is written YYYY-MM-DD, else None (it names a revision)."""
    if not looks_like_day(text):
        return None
    try:
        return parse_day(text)
    except ValueError as err:  # its message says what is wrong and what to write
        raise SinceError(str(err)) from None


def changes_since(result: CheckResult, since: str, texts: Mapping[str, str]) -> Changes:
    """What changed in the checked plan since `since`, a YYYY-MM-DD date or a git revision.

    `texts` gives each checklist item's text by id. Raises SinceError when the revision cannot
    be read."""
    day = since_date(since)
    if day is not None:
        return _dated(_since_day(result.plan, day, texts), None, result.plan, day, result.today)
    from vaplan.checklist.gitplan import GitError, read_plan_at

    try:
        revision, files = read_plan_at(result.directory, since)
    except GitError as err:
        raise SinceError(str(err)) from None
    old, broken_then, then_files = _models_of(result.directory, files)
    broken_now = {f.removesuffix(".yaml") for f in (result.raw.files if result.raw else ())
                  if f in result.unusable_files}
    notes = [f"The plan's {stem} file {when}, so {_NEEDS[stem]} are not shown."
             for stem, when in [*((s, f"at {revision.label} has errors") for s in broken_then),
                                *((s, "has errors now") for s in broken_now)]
             if stem in _NEEDS]
    skip = set(broken_then) | broken_now
    changes = _between(old, result.plan, skip, texts, since,
                       (f"since {revision.label}", f"since {revision.name_or_commit}"),
                       tuple(notes))
    try:
        day = parse_day(revision.day)
    except ValueError:  # "an unknown day"
        day = None
    changes = replace(changes, then_files=then_files, day=day)
    return _dated(changes, old, result.plan, day, result.today)


def _dated(changes: Changes, old: PlanModels | None, new: PlanModels, day: date | None,
           today: date) -> Changes:
    """Agreements signed, renewed and expired, protocols written and exercises held since
    `day` (the plan as it was then, `old`, when compared with a revision)."""
    then = {a.id: a for a in (old.agreements.agreements if old and old.agreements else ())}
    signed: list[Change] = []
    renewed: list[Change] = []
    expired: list[Change] = []
    for agreement in new.agreements.agreements if new.agreements else ():
        name = f"{agreement.type}: {agreement.title}"
        before = then.get(agreement.id)
        if agreement.signed and day and agreement.signed >= day and agreement.signed <= today:
            earlier = before is not None and before.signed and before.signed < day
            (renewed if earlier else signed).append(
                Change(agreement.id, name, f"{'renewed' if earlier else 'signed'} "
                       f"{agreement.signed}" + (f", now in force until {agreement.expires}"
                                                if agreement.expires else "")))
        elif old is not None and before is not None and agreement.expires and before.expires \
                and agreement.expires > before.expires:
            renewed.append(Change(agreement.id, name, f"renewed until {agreement.expires}"))
        if agreement.expires and day and day <= agreement.expires < today:
            expired.append(Change(agreement.id, name, f"expired {agreement.expires}"))
    written: list[Change] = []
    if old is not None:
        from vaplan.vocabulary import vocabulary

        titles = vocabulary().functions
        had = {f.function for f in (old.roles.functions if old.roles else ())
               if f.document or f.written_in}
        written = [Change(f.function, titles.get(f.function, f.function),
                          f"written down: {f.written_in or f.document}")
                   for f in (new.roles.functions if new.roles else ())
                   if (f.document or f.written_in) and f.function not in had]
    held = [Change(e.id, e.title, f"held {e.date}")
            for e in (new.exercises.exercises if new.exercises else ())
            if day is not None and day <= e.date <= today]
    return replace(changes, agreements_signed=_sorted(signed),
                   agreements_renewed=_sorted(renewed), agreements_expired=_sorted(expired),
                   protocols_written=_sorted(written), exercises_held=tuple(
                       sorted(held, key=lambda c: (c.detail, c.id))))


# since a date --------------------------------------------------------------------------------

def _since_day(plan: PlanModels, day: date, texts: Mapping[str, str]) -> Changes:
    checklist, committee, resources = plan.checklist, plan.committee, plan.resources
    marks = checklist.items if checklist else {}
    confirmed = [_confirmed(key, mark, texts) for key, mark in marks.items()
                 if mark.status == "done" and mark.date and mark.date >= day]
    added = [Change(m.id, m.organization, f"joined {m.joined}")
             for m in (committee.members if committee else ()) if m.joined and m.joined >= day]
    opened = [Change(g.id, g.need, f"raised {g.raised}" + (", resolved since"
                                                           if g.status == "resolved" else ""))
              for g in (resources.gaps if resources else ()) if g.raised and g.raised >= day]
    label = f"since {day.isoformat()}"
    return Changes(day.isoformat(), label, label, False, _sorted(confirmed),
                   _sorted(added), (), _sorted(opened), (), (DATE_NOTE,), day=day)


# since a revision ----------------------------------------------------------------------------

def _models_of(directory: Path, files: Mapping[str, bytes]
               ) -> tuple[PlanModels, list[str], dict[str, Any]]:
    """The valid models among the old files, the stems of those that are not, and every old
    file's data as loaded."""
    from vaplan.check.validation import validate_plan
    from vaplan.load.plan import RawPlan
    from vaplan.load.yamlload import load_yaml

    raw = RawPlan(Path(directory), {name: load_yaml(data) for name, data in files.items()})
    valid = validate_plan(raw)
    broken = [name.removesuffix(".yaml") for name in raw.files
              if name.removesuffix(".yaml") not in valid.models]
    return (PlanModels.of(valid.models), broken,
            {name: loaded.data for name, loaded in raw.files.items()})


def _between(old: PlanModels, new: PlanModels, skip: set[str],
             texts: Mapping[str, str], since: str, labels: tuple[str, str],
             notes: tuple[str, ...]) -> Changes:
    """A file missing from a side counts as empty there; a file in `skip` is not compared."""
    before, after = _members(old.committee), _members(new.committee)
    added: list[Change] = []
    removed: list[Change] = []
    opened: list[Change] = []
    closed: list[Change] = []
    confirmed: list[Change] = []
    if "committee" not in skip:
        added = [Change(i, m.organization, f"joined {m.joined}" if m.joined else
                        "added to the committee") for i, m in after.items() if i not in before]
        removed = [Change(i, m.organization, "no longer on the committee")
                   for i, m in before.items() if i not in after]
    if "resources" not in skip:
        opened, closed = _gap_changes(_gaps(old.resources), _gaps(new.resources))
    if "checklist" not in skip:
        done_then = _done(old.checklist)
        marks = new.checklist.items if new.checklist else {}
        confirmed = [_confirmed(key, mark, texts) for key, mark in marks.items()
                     if mark.status == "done" and key not in done_then]
    return Changes(since, *labels, True, _sorted(confirmed), _sorted(added), _sorted(removed),
                   _sorted(opened), _sorted(closed), notes)


def _gap_changes(before: dict[str, Any], after: dict[str, Any]
                 ) -> tuple[list[Change], list[Change]]:
    opened: list[Change] = []
    closed: list[Change] = []
    for key, gap in after.items():
        was = before.get(key)
        if gap.status != "resolved" and was is None:
            opened.append(Change(key, gap.need, f"raised {gap.raised}" if gap.raised
                                 else "added to the plan"))
        elif was is not None and gap.status != "resolved" and was.status == "resolved":
            opened.append(Change(key, gap.need, "reopened"))
        elif gap.status == "resolved" and (was is None or was.status != "resolved"):
            closed.append(Change(key, gap.need, "resolved"))
    closed += [Change(key, gap.need, "no longer in the plan")
               for key, gap in before.items() if key not in after and gap.status != "resolved"]
    return opened, closed


def _members(committee: Any) -> dict[str, Any]:
    return {m.id: m for m in committee.members} if committee else {}


def _gaps(resources: Any) -> dict[str, Any]:
    return {g.id: g for g in resources.gaps} if resources else {}


def _done(checklist: Any) -> set[str]:
    return {k for k, m in checklist.items.items() if m.status == "done"} if checklist else set()


def _confirmed(key: str, mark: Any, texts: Mapping[str, str]) -> Change:
    note = f": {mark.note.strip()}" if mark.note and mark.note.strip() else ""
    # An item's text is a sentence; its full stop would run into the detail after it.
    return Change(key, texts.get(key, key).rstrip("."), f"confirmed on {mark.date}{note}")


def _sorted(changes: list[Change]) -> tuple[Change, ...]:
    return tuple(sorted(changes, key=lambda c: (c.text.casefold(), c.id)))
