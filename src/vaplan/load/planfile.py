"""The one way every command opens a plan file: an ordinary file inside the plan, of bounded size.

A plan folder comes from anyone (a shared drive, a pull request), so a name in it may be a link
to a file outside the plan, a named pipe (FIFO) that blocks whoever opens it, or a device that
never ends. The file is looked at first (lstat), then opened without blocking and without
following a link (O_NONBLOCK | O_NOFOLLOW), and what was opened is checked again (fstat) before
a byte is read, so a file swapped between the look and the open cannot hang or flood vaplan.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from vaplan.findings import Problem
from vaplan.load.yamlload import MAX_FILE_BYTES, oversized

_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class PlanFileError(Exception):
    """A plan file that is there but cannot be read as one; `problem` says why, in plain words."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_plan_file(directory: Path, name: str) -> bytes:
    """The bytes of `directory/name`; FileNotFoundError when there is no such name at all,
    PlanFileError for a link out of the plan, a dangling link, anything but an ordinary file,
    a file over MAX_FILE_BYTES, or one that cannot be read."""
    path = Path(directory) / name
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise
    except OSError as err:
        raise _unreadable(name, err) from err
    if stat.S_ISLNK(info.st_mode):
        path, info = _follow(Path(directory), name, path)
    if not stat.S_ISREG(info.st_mode):
        raise PlanFileError(Problem(
            "VP007", f"{name} is {_kind(info.st_mode)}, not an ordinary file, so it cannot be "
            "read as a plan file", hint=f"make {name} an ordinary YAML file"))
    if info.st_size > MAX_FILE_BYTES:
        raise PlanFileError(oversized(info.st_size, MAX_FILE_BYTES))
    try:
        fd = os.open(path, _FLAGS)
    except OSError as err:
        raise _unreadable(name, err) from err
    with os.fdopen(fd, "rb") as stream:
        opened = os.fstat(stream.fileno())
        if not stat.S_ISREG(opened.st_mode):
            raise PlanFileError(Problem(
                "VP007", f"{name} changed into something other than an ordinary file while "
                "vaplan was reading it", hint="run vaplan again"))
        if opened.st_size > MAX_FILE_BYTES:
            raise PlanFileError(oversized(opened.st_size, MAX_FILE_BYTES))
        try:
            raw = stream.read(MAX_FILE_BYTES + 1)  # a file growing while read stops here
        except OSError as err:
            raise _unreadable(name, err) from err
    if len(raw) > MAX_FILE_BYTES:
        raise PlanFileError(oversized(len(raw), MAX_FILE_BYTES))
    return raw


def _follow(directory: Path, name: str, path: Path) -> tuple[Path, os.stat_result]:
    """Where a link inside the plan leads, and what is there; a link out of the plan is refused
    before anything at its end is looked at."""
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(Path(os.path.realpath(directory))):
        raise PlanFileError(Problem("VP008", f"{name} is a link to a file outside the plan "
                                    "directory; vaplan does not follow it",
                                    hint="replace the link with the file itself"))
    try:
        info = target.lstat()
    except FileNotFoundError:
        raise PlanFileError(Problem("VP007", f"{name} is a link to a file that does not exist",
                                    hint=f"replace the link with the file {name} itself")
                            ) from None
    except OSError as err:
        raise _unreadable(name, err) from err
    if stat.S_ISLNK(info.st_mode):  # realpath stops at a loop of links
        raise PlanFileError(Problem("VP007", f"{name} is a link that leads back to itself",
                                    hint=f"replace the link with the file {name} itself"))
    return target, info


def _unreadable(name: str, err: OSError) -> PlanFileError:
    return PlanFileError(Problem("VP007", f"{name} cannot be read: {err.strerror or err}",
                                 hint=f"check that {name} is a file you may read"))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file"
