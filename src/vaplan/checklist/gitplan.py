"""Read a plan's files as they were at a git revision, for `vaplan render --since REVISION`.

git runs as a plain subprocess with an argument list (never a shell), only with read-only
plumbing commands (rev-parse, log, ls-tree, cat-file), and the bytes it gives back go through
vaplan's own YAML loader, so nothing in the repository is ever executed.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from vaplan.models import FILE_MODELS
from vaplan.load.yamlload import MAX_FILE_BYTES

#: Blob modes of ordinary files; a link (120000) or a submodule is not read.
_FILE_MODES = ("100644", "100755")


class GitError(Exception):
    """The revision cannot be read: git is missing, the plan is not in git, or no such revision."""


@dataclass(frozen=True)
class Revision:
    """One commit, as a person names it and as git does."""

    name: str
    commit: str
    short: str
    day: str

    @property
    def name_or_commit(self) -> str:
        return f"commit {self.short}" if self._is_commit else self.name

    @property
    def _is_commit(self) -> bool:
        return self.name.lower() in (self.commit.lower(), self.short.lower())

    @property
    def label(self) -> str:
        if self._is_commit:
            return f"commit {self.short} of {self.day}"
        return f"{self.name} (commit {self.short} of {self.day})"


def read_plan_at(directory: Path, name: str) -> tuple[Revision, dict[str, bytes]]:
    """The revision `name` and the bytes of each plan file the plan directory held in it."""
    directory = Path(directory)
    if not name.strip() or name.startswith("-") or any(c.isspace() for c in name):
        raise GitError(f"{name!r} is not a git revision; give a commit, tag or branch such as "
                       "HEAD~3 or v2026-09, or a date as YYYY-MM-DD")
    if not directory.is_dir():
        raise GitError(f"there is no directory {str(directory)!r}")
    prefix = _git(directory, "rev-parse", "--show-prefix", what="find the git repository",
                  missing=f"{str(directory)!r} is not in a git repository, so there is no "
                          "earlier version to compare with; give --since a date (YYYY-MM-DD) "
                          "instead").decode("utf-8").strip()
    commit = _git(directory, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}",
                  missing=f"{name!r} is not a revision of the repository that holds "
                          f"{str(directory)!r}; `git log --oneline` lists its commits"
                  ).decode("ascii").strip()
    short, day = _git(directory, "log", "-1", "--format=%h%x00%cs", commit
                      ).decode("utf-8").strip().split("\0")
    revision = Revision(name, commit, short, day)
    listing = _git(directory, "ls-tree", "--full-tree", "-z", "-l", f"{commit}:{prefix}",
                   missing=f"the plan directory {str(directory)!r} was not in the repository "
                           f"at {revision.label}; give a later revision")
    return revision, {file: _blob(directory, obj)
                      for file, obj in _plan_blobs(listing, revision).items()}


def _plan_blobs(listing: bytes, revision: Revision) -> dict[str, str]:
    """Plan file name -> blob id, from `git ls-tree -z -l` of the plan directory."""
    blobs = {}
    for entry in filter(None, listing.split(b"\0")):
        meta, _, raw_name = entry.partition(b"\t")
        mode, kind, obj, size = meta.decode("ascii").split()
        file = raw_name.decode("utf-8", "replace")
        if file not in FILE_MODELS or kind != "blob" or mode not in _FILE_MODES:
            continue
        if int(size) > MAX_FILE_BYTES:
            raise GitError(f"{file} at {revision.label} is larger than vaplan reads "
                           f"({MAX_FILE_BYTES // (1024 * 1024)} MB)")
        blobs[file] = obj
    return blobs


def _blob(directory: Path, obj: str) -> bytes:
    return _git(directory, "cat-file", "blob", obj)


def _git(directory: Path, *args: str, what: str = "read the repository",
         missing: str | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(directory), *args], capture_output=True,
                              timeout=60, check=False, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise GitError("git is not installed, so a revision cannot be read; give --since a "
                       "date (YYYY-MM-DD) instead") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git took more than a minute to {what}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if missing and not any("dubious ownership" in line for line in said):
            raise GitError(missing)
        raise GitError(f"git could not {what}: {said[0] if said else 'no reason given'}")
    return done.stdout
