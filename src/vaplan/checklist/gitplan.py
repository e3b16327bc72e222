"""Read a plan's files as they were at a git revision, for `vaplan render --since REVISION`.

git runs as a plain subprocess with an argument list (never a shell), only with read-only
plumbing commands that verify no signature and run no helper (rev-parse, ls-tree, cat-file),
and the bytes it gives back go through vaplan's own YAML loader. The plan's repository is not
trusted: its .git/config (or a file it includes) can name programs for git to run (gpg.program
with log.showSignature, core.fsmonitor, core.hooksPath, pagers, diff.external, textconv,
core.sshCommand and credential helpers for a lazy fetch of a "partial clone"). So git runs
without the system and global configuration and with a scrubbed environment, and each of
those keys is overridden on the command line, which wins over any repository file.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from vaplan.load.yamlload import MAX_FILE_BYTES
from vaplan.models import FILE_MODELS

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
    short = _git(directory, "rev-parse", "--short", commit).decode("ascii").strip()
    day = _commit_day(_git(directory, "cat-file", "commit", commit))
    revision = Revision(name, commit, short, day)
    listing = _git(directory, "ls-tree", "--full-tree", "-z", "-l", f"{commit}:{prefix}",
                   missing=f"the plan directory {str(directory)!r} was not in the repository "
                           f"at {revision.label}; give a later revision")
    return revision, {file: _blob(directory, obj)
                      for file, obj in _plan_blobs(listing, revision).items()}


def commit_on_or_before(directory: Path, day: str) -> str | None:
    """The last commit of the branch checked out made on or before `day` (YYYY-MM-DD, by
    committer date): the plan as it stood that day. None when there is none, or no git."""
    try:
        found = _git(Path(directory), "rev-list", "-1", f"--before={day} 23:59:59", "HEAD")
    except GitError:
        return None
    commit = found.decode("ascii", "replace").strip()
    return commit or None


def _plan_blobs(listing: bytes, revision: Revision) -> dict[str, str]:
    """Plan file name -> blob id, from `git ls-tree -z -l` of the plan directory."""
    blobs = {}
    for entry in filter(None, listing.split(b"\0")):
        meta, _, raw_name = entry.partition(b"\t")
        mode, kind, obj, size = meta.decode("ascii", "replace").split()
        file = raw_name.decode("utf-8", "replace")
        if file not in FILE_MODELS or kind != "blob" or mode not in _FILE_MODES:
            continue
        if not size.isdigit():  # git prints BAD for an object the repository does not hold
            raise GitError(f"{file} at {revision.label} is missing from the repository (a "
                           "partial or damaged clone); vaplan does not fetch it")
        if int(size) > MAX_FILE_BYTES:
            raise GitError(f"{file} at {revision.label} is larger than vaplan reads "
                           f"({MAX_FILE_BYTES // (1024 * 1024)} MB)")
        blobs[file] = obj
    return blobs


def _commit_day(raw: bytes) -> str:
    """The committer's day (YYYY-MM-DD, in their time zone) from a raw commit object, as
    `git log --format=%cs` gives it; read here because `git log` may run gpg.program."""
    for line in raw.split(b"\n\n", 1)[0].split(b"\n"):
        if line.startswith(b"committer "):
            try:
                stamp, zone = line.rsplit(b" ", 2)[1:]
                sign = -1 if zone.startswith(b"-") else 1
                offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
                when = datetime.fromtimestamp(int(stamp), timezone(offset))
                return when.date().isoformat()
            except (ValueError, OverflowError, OSError):
                break
    return "an unknown day"


#: Overrides of every configuration key known to make git run a program (or reach the
#: network, which runs ssh or credential helpers); command-line values win over the
#: repository's .git/config and anything it includes.
_SAFE_CONFIG = (
    "core.fsmonitor=false", f"core.hooksPath={os.devnull}", "core.pager=cat",
    "core.sshCommand=false", "core.askPass=", "core.gitProxy=", "core.alternateRefsCommand=",
    "core.untrackedCache=false", "log.showSignature=false", "gpg.program=false",
    "gpg.ssh.program=false", "gpg.x509.program=false", "diff.external=", "credential.helper=",
    "protocol.allow=never", "protocol.ext.allow=never", "protocol.file.allow=never",
    "protocol.ssh.allow=never", "protocol.https.allow=never", "protocol.http.allow=never",
    "protocol.git.allow=never", "fetch.negotiationAlgorithm=noop", "maintenance.auto=false",
    "gc.auto=0",
)


def _environment() -> dict[str, str]:
    """The environment git runs in: no GIT_* setting of the caller's (they can point git at
    other repositories or configuration), no system or global configuration, no pager, no
    prompts, no lazy fetch of missing objects, English messages."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") and k not in ("PAGER", "SSH_ASKPASS", "EDITOR", "VISUAL")}
    if "GIT_EXEC_PATH" in os.environ:  # where a relocated git finds its own parts
        env["GIT_EXEC_PATH"] = os.environ["GIT_EXEC_PATH"]
    env.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
                "GIT_CONFIG_SYSTEM": os.devnull, "GIT_PAGER": "cat", "PAGER": "cat",
                "GIT_TERMINAL_PROMPT": "0", "GIT_NO_LAZY_FETCH": "1",
                "GIT_NO_REPLACE_OBJECTS": "1", "GIT_OPTIONAL_LOCKS": "0",
                "GIT_ALLOW_PROTOCOL": "vaplan-none", "GIT_PROTOCOL_FROM_USER": "0",
                "LC_ALL": "C", "LANGUAGE": "C"})
    return env


@lru_cache(maxsize=1)
def _trusted_directories() -> tuple[str, ...]:
    """The person's own `safe.directory` settings (global and system configuration), which
    the scrubbed environment would otherwise drop, so a plan they marked safe stays readable."""
    found = []
    for scope in ("--global", "--system"):
        try:
            done = subprocess.run(["git", "config", scope, "--get-all", "safe.directory"],
                                  capture_output=True, timeout=20, check=False,
                                  stdin=subprocess.DEVNULL, cwd=os.path.abspath(os.sep))
        except (OSError, subprocess.TimeoutExpired):
            continue
        found += [line for line in done.stdout.decode("utf-8", "replace").splitlines() if line]
    return tuple(found)


def _blob(directory: Path, obj: str) -> bytes:
    return _git(directory, "cat-file", "blob", obj)


def _git(directory: Path, *args: str, what: str = "read the repository",
         missing: str | None = None) -> bytes:
    try:
        trusted = [f"safe.directory={path}" for path in _trusted_directories()]
        overrides = [arg for pair in _SAFE_CONFIG + tuple(trusted) for arg in ("-c", pair)]
        done = subprocess.run(["git", "--no-pager", "--no-replace-objects", *overrides,
                               "-C", str(directory), *args], capture_output=True, timeout=60,
                              check=False, stdin=subprocess.DEVNULL, env=_environment())
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
