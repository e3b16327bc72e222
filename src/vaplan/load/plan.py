"""Find and read a plan directory's files without ever leaving the directory."""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from vaplan.findings import Problem
from vaplan.models import FILE_MODELS, OPTIONAL_FILES, REQUIRED_FILES
from vaplan.load.yamlload import MAX_FILE_BYTES, LoadedFile, load_yaml, oversized


class PlanError(Exception):
    """vaplan cannot check this at all (no such directory, no plan files): exit code 2."""


@dataclass
class RawPlan:
    """Every plan file as read: data and nodes, or the problems that stopped reading it."""

    directory: Path
    files: dict[str, LoadedFile] = field(default_factory=dict)
    #: file name -> problems about the file itself (missing, not a file, outside the plan).
    file_problems: dict[str, list[Problem]] = field(default_factory=dict)


def load_plan(directory: Path) -> RawPlan:
    """Read every plan file the contract names; raise PlanError only when nothing can be checked."""
    directory = Path(directory)
    if not directory.exists():
        raise PlanError(f"there is no directory {str(directory)!r}")
    if not directory.is_dir():
        raise PlanError(f"{str(directory)!r} is a file, not a plan directory; give the folder "
                        "that holds vaplan.yaml and committee.yaml")
    plan = RawPlan(directory)
    present = _yaml_names(directory)
    if not present & set(FILE_MODELS):
        raise PlanError(_no_plan_files(directory, present))
    for name in FILE_MODELS:
        loaded, problem = _read(directory, name, present)
        if problem is not None:
            plan.file_problems[name] = [problem]
        if loaded is not None:
            plan.files[name] = loaded
    return plan


def _yaml_names(directory: Path) -> set[str]:
    try:
        return {p.name for p in directory.iterdir() if p.suffix in (".yaml", ".yml")}
    except OSError as err:
        raise PlanError(f"cannot read the directory {str(directory)!r}: {err.strerror}") from err


def _no_plan_files(directory: Path, present: set[str]) -> str:
    yml = sorted(n for n in present if n.endswith(".yml") and f"{n[:-4]}.yaml" in FILE_MODELS)
    if yml:
        return (f"{str(directory)!r} holds {', '.join(yml)}, but vaplan reads plan files whose "
                "names end in .yaml; rename them (vaplan.yml to vaplan.yaml, and so on)")
    return (f"{str(directory)!r} holds no plan files (vaplan.yaml, committee.yaml, ...); is "
            "this the plan directory? `vaplan init DIR` starts a new plan")


def _read(directory: Path, name: str, present: set[str]) -> tuple[LoadedFile | None,
                                                                  Problem | None]:
    path = directory / name
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None, (None if name in OPTIONAL_FILES else _missing(name, present))
    except OSError as err:
        return None, Problem("VP007", f"{name} cannot be read: {err.strerror}")
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(Path(os.path.realpath(directory))):
            return None, Problem("VP008", f"{name} is a link to a file outside the plan "
                                 "directory; vaplan does not follow it",
                                 hint="replace the link with the file itself")
        if not target.exists():
            return None, Problem("VP007", f"{name} is a link to a file that does not exist",
                                 hint=f"replace the link with the file {name} itself")
        info = target.stat()
    if not stat.S_ISREG(info.st_mode):
        return None, Problem("VP007", f"{name} is {_kind(info.st_mode)}, not an ordinary file, "
                             "so it cannot be read as a plan file",
                             hint=f"make {name} an ordinary YAML file")
    if info.st_size > MAX_FILE_BYTES:
        return None, oversized(info.st_size, MAX_FILE_BYTES)
    try:
        raw = _read_bytes(path)
    except OSError as err:
        return None, Problem("VP007", f"{name} cannot be read: {err.strerror}")
    if raw is None:
        return None, Problem("VP007", f"{name} changed into something other than an ordinary "
                             "file while vaplan was reading it", hint="run vaplan again")
    return load_yaml(raw), None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file"


def _read_bytes(path: Path) -> bytes | None:
    """At most MAX_FILE_BYTES + 1 bytes of `path`, or None when it is no longer a regular file.

    The file is opened without blocking and checked again once open, so a file swapped for a
    FIFO or a device after it was looked at cannot hang or flood the check.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None
        return stream.read(MAX_FILE_BYTES + 1)


def _missing(name: str, present: set[str]) -> Problem:
    near = difflib.get_close_matches(name, sorted(present - set(FILE_MODELS)), n=1, cutoff=0.75)
    note = f' (there is "{near[0]}": rename it to {name})' if near else ""
    if name in REQUIRED_FILES:
        return Problem("VP007", f"{name} is missing; every plan needs it{note}",
                       hint=f"create {name}; `vaplan init` writes a starter", severity="error")
    return Problem("VP007", f"{name} is missing{note}", severity="warning",
                   hint=f"add {name} to the plan directory")
