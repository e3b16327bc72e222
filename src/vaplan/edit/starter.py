"""`vaplan init`: a commented starter plan, or the worked example, written into an empty folder.

The starter files are data (data/starter/*.yaml) with a few {{placeholders}}; the example is
a copy of examples/pima-county kept in the package (data/example/), so both work from a wheel.
Either way the plan gets its own schemas/ folder, which the first line of every file names,
so an editor with the YAML language server completes and underlines from the start.
"""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from vaplan.atomic import ExistsError, why, write_atomic
from vaplan.models import FILE_MODELS
from vaplan.text import typed_text_fault
from vaplan.vocabulary import did_you_mean, vocabulary

if TYPE_CHECKING:  # importlib.resources.abc is new in Python 3.11; vaplan runs on 3.10
    from importlib.abc import Traversable

#: Where a plan's files point editors for their JSON Schemas: the plan's own schemas/ folder,
#: which init fills (`vaplan schema -o schemas` refreshes it after an upgrade).
SCHEMA_DIR = "schemas"
_SCHEMA_LINE = "# yaml-language-server: $schema="
#: Entries an empty folder may already hold: a plan is often kept in a fresh git repository.
_IGNORED = {".git"}


class StarterError(Exception):
    """The plan cannot be written here (the folder is not empty, a bad level): exit code 2."""


def init_plan(directory: Path, community: str, level: str, today: date) -> list[Path]:
    """Write the starter plan into `directory` (created if missing); return the files written."""
    community = community.strip()
    if not community or typed_text_fault(community):
        raise StarterError("the community name must be one line of text, e.g. \"Test County\"")
    levels = vocabulary().jurisdiction_levels
    if level not in levels:
        raise StarterError(f'"{level}" is not a jurisdiction level{did_you_mean(level, levels)}; '
                           f"use one of: {', '.join(levels)}")
    _ready(directory)
    values = {
        "community": json.dumps(community, ensure_ascii=False),
        "community_text": community,
        "level": level,
        "today": today.isoformat(),
        "functions": _functions_block(),
    }
    starter = files("vaplan").joinpath("data/starter")
    written = []
    for name in FILE_MODELS:
        text = starter.joinpath(name).read_text(encoding="utf-8")
        text = fill(text, {**values, "schema": schema_url(name)})
        written.append(_write(directory / name, text.encode("utf-8")))
    return written + _write_schemas(directory)


def write_example(directory: Path) -> list[Path]:
    """Write the packaged worked example (every file and folder of it) into `directory`."""
    source = files("vaplan").joinpath("data/example")
    if not source.is_dir() or not any(source.iterdir()):
        raise StarterError("this copy of vaplan has no worked example packaged with it")
    _ready(directory)
    written = _copy_tree(source, directory)
    for name in FILE_MODELS:  # the example points at the repository's schemas; point it home
        path = directory / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if text.startswith(_SCHEMA_LINE):
                rest = text.split("\n", 1)[1] if "\n" in text else ""
                write_atomic(path, f"{_SCHEMA_LINE}{schema_url(name)}\n{rest}".encode("utf-8"),
                             overwrite=True)
    return written + _write_schemas(directory)


def starter_text(name: str, community: str = "Test County", level: str = "county",
                 today: date = date(2026, 1, 1)) -> str:
    """One starter file's text as `init_plan` would write it (for tests and documentation)."""
    text = files("vaplan").joinpath("data/starter").joinpath(name).read_text(encoding="utf-8")
    return fill(text, {"community": json.dumps(community, ensure_ascii=False),
                       "community_text": community, "level": level,
                       "today": today.isoformat(), "functions": _functions_block(),
                       "schema": schema_url(name)})


def schema_url(name: str) -> str:
    """The `$schema` address for one plan file, relative to the file (schemas/x.schema.json)."""
    from vaplan.export.schema import schema_name

    return f"{SCHEMA_DIR}/{schema_name(name)}"


def _write_schemas(directory: Path) -> list[Path]:
    from vaplan.export.schema import dumps, plan_schemas

    return [_write(directory / SCHEMA_DIR / name, dumps(body).encode("utf-8"))
            for name, body in plan_schemas().items()]


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every {{name}} in `text`; a placeholder without a value is a packaging bug."""
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    if "{{" in text:
        start = text.index("{{")
        raise ValueError(f"starter placeholder without a value: {text[start:start + 30]!r}")
    return text


def _functions_block() -> str:
    """roles.yaml's `functions:` entries, one for each protocol the toolkit asks for."""
    vocab = vocabulary()
    lines = []
    for name in vocab.required_functions:
        lines += [f"  # {vocab.functions[name]}", f"  - function: {name}", "    lead:",
                  "    support: []", ""]
    return "\n".join(lines).rstrip("\n")


def _ready(directory: Path) -> None:
    try:
        _ready_or_oserror(directory)
    except OSError as err:  # an over-long name, a folder that cannot be read
        raise StarterError(f"cannot use the folder {str(directory)!r}: {why(err)}") from err


def _ready_or_oserror(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise StarterError(f"{str(directory)!r} is a file; give a folder for the new plan")
    if directory.is_dir():
        present = sorted(p.name for p in directory.iterdir() if p.name not in _IGNORED)
        if present:
            shown = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
            raise StarterError(f"{str(directory)!r} is not empty (it holds {shown}); vaplan "
                               "init writes a new plan only into an empty or new folder, so "
                               "it never overwrites anything")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StarterError(f"cannot create the folder {str(directory)!r}: {why(err)}") from err


def _write(path: Path, data: bytes) -> Path:
    try:
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except ExistsError as err:  # made by someone else since the folder was found empty
        raise StarterError(f"{str(path)!r} appeared while vaplan was writing the new plan; "
                           "it was not overwritten") from err
    except OSError as err:
        raise StarterError(f"cannot write {str(path)!r}: {why(err)}") from err
    return path


def _copy_tree(source: Traversable, target: Path) -> list[Path]:
    written = []
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir():
            written += _copy_tree(entry, target / entry.name)
        else:
            written.append(_write(target / entry.name, entry.read_bytes()))
    return written
