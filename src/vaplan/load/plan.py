"""Find and read a plan directory's files without ever leaving the directory."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from vaplan.findings import Problem, Step
from vaplan.load.planfile import PlanFileError, read_plan_file
from vaplan.load.yamlload import LoadedFile, load_yaml
from vaplan.models import FILE_MODELS, OPTIONAL_FILES, REQUIRED_FILES


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
    try:
        raw = read_plan_file(directory, name)
    except FileNotFoundError:
        return None, (None if name in OPTIONAL_FILES else _missing(name, present))
    except PlanFileError as err:
        return None, err.problem
    return load_yaml(raw), None


def _missing(name: str, present: set[str]) -> Problem:
    near = difflib.get_close_matches(name, sorted(present - set(FILE_MODELS)), n=1, cutoff=0.75)
    note = f' (there is "{near[0]}": rename it to {name})' if near else ""
    if name in REQUIRED_FILES:
        return Problem("VP007", f"{name} is missing; every plan needs it{note}",
                       hint=f"create {name}; `vaplan init` writes a starter", severity="error",
                       people=f"the plan has no {name.removesuffix('.yaml')} file, which "
                       "every plan needs")
    part = name.removesuffix(".yaml")
    return Problem("VP007", f"{name} is missing{note}", severity="warning",
                   hint=f"add {name} to the plan directory",
                   step=Step(f"write the plan's {part} (its {name} file)"),
                   people=f"the plan has no {part} file yet")
