"""Readiness over a plan's git history, for the summary's trend: the plan is read back at each
meeting tag (or, without tags, at each commit that changed it) and checked as of that day.

Only the read-only plumbing of gitplan.py runs git (rev-parse, rev-list, for-each-ref, ls-tree,
cat-file), with the same scrubbed environment and configuration overrides, so a plan's
repository can make git run nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vaplan.checklist.gitplan import GitError, _git, read_plan_at

#: The most points a trend shows: two years of monthly meetings.
MAX_POINTS = 24
#: How far back in the history vaplan looks for commits and tags.
_MAX_COMMITS = 2000


@dataclass(frozen=True)
class Point:
    """Readiness at one revision: its day, its name (a tag or a short commit) and the percent
    (None when nothing in the plan applied then, or its files could not be read)."""

    day: str
    revision: str
    percent: int | None
    #: the tag that marks a meeting at this revision; "" for a commit, which the printed
    #: documents never name (a commit's hash means nothing to a committee; the JSON keeps it)
    tag: str = ""


@dataclass(frozen=True)
class History:
    """The trend's points, oldest first, and what they are ("meeting tags", "commits")."""

    points: tuple[Point, ...] = ()
    by: str = ""
    #: why there is no trend, in plain words ("" when there is one)
    note: str = ""


def plan_history(directory: Path, limit: int = MAX_POINTS) -> History:
    """Readiness at each of the last `limit` tagged revisions of the plan, or at each of the last
    `limit` commits that changed it when no tag marks a meeting."""
    directory = Path(directory)
    try:
        commits = _plan_commits(directory)
        if not commits:
            return History(note="The plan has no commits yet, so there is no trend to show.")
        tags = _tags(directory, _ancestors(directory))
    except GitError as err:
        return History(note=_why_not(str(err)))
    if tags:
        chosen, by = tags[-limit:], "meetings tagged in the plan's history"
    else:
        chosen, by = [(c, "") for c in commits[::-1][-limit:]], "versions of the plan saved in git"
    points = [_point(directory, commit, name) for commit, name in chosen]
    return History(tuple(p for p in points if p is not None), by)


_NOT_IN_GIT = "The plan is not kept in git, so there is no trend to show."


def _why_not(reason: str) -> str:
    """Why there is no trend, as a sentence for the page."""
    if reason == _NOT_IN_GIT:
        return reason
    if reason.startswith("git is not installed"):
        return "git is not installed here, so the trend over the plan's history cannot be shown."
    return f"The trend cannot be shown: {reason.rstrip('.')}."


def _point(directory: Path, commit: str, name: str) -> Point | None:
    from vaplan.check.checker import check_raw
    from vaplan.checklist.status import checklist_progress
    from vaplan.load.plan import RawPlan
    from vaplan.load.yamlload import load_yaml

    try:
        revision, files = read_plan_at(directory, commit)
    except GitError:
        return None
    label = name or revision.short
    try:
        day = date.fromisoformat(revision.day)
    except ValueError:  # "an unknown day": git gave no committer date
        return None
    if not files:
        return Point(revision.day, label, None, name)
    raw = RawPlan(directory, {file: load_yaml(data) for file, data in files.items()})
    progress = checklist_progress(check_raw(raw, day))
    percent = progress["done"] * 100 // progress["total"] if progress["total"] else None
    return Point(revision.day, label, percent, name)


def _plan_commits(directory: Path) -> list[str]:
    """Commits that changed a file under the plan directory, newest first."""
    if not any((folder / ".git").exists() for folder in (directory.resolve(),
                                                          *directory.resolve().parents)):
        # git finds a repository by its .git; without one, spare starting git (a roll-up
        # of thousands of plans outside git would start it thousands of times)
        raise GitError(_NOT_IN_GIT)
    _git(directory, "rev-parse", "--show-prefix", what="find the git repository",
         missing=_NOT_IN_GIT)
    try:
        out = _git(directory, "rev-list", f"--max-count={_MAX_COMMITS}", "HEAD", "--", ".",
                   what="list the plan's commits")
    except GitError:  # a repository without commits has no HEAD
        return []
    return out.decode("ascii", "replace").split()


def _ancestors(directory: Path) -> list[str]:
    out = _git(directory, "rev-list", f"--max-count={_MAX_COMMITS}", "HEAD",
               what="list the commits")
    return out.decode("ascii", "replace").split()


def _tags(directory: Path, ancestors: list[str]) -> list[tuple[str, str]]:
    """(commit, tag) of each tag on a commit in the plan's history, oldest commit first; of
    several tags on one commit, the first by name."""
    out = _git(directory, "for-each-ref", "--format=%(objectname) %(*objectname) %(refname)",
               "refs/tags", what="list the tags")
    tagged: dict[str, str] = {}
    order = {commit: i for i, commit in enumerate(ancestors)}
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split(" ")
        if len(parts) != 3:
            continue
        obj, peeled, ref = parts
        commit = peeled or obj
        if commit in order:
            name = ref.removeprefix("refs/tags/")
            tagged[commit] = min(tagged.get(commit, name), name)
    return sorted(tagged.items(), key=lambda pair: -order[pair[0]])
