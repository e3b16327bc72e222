"""The one way a plan's files are validated: by `vaplan check`, by `render --since REVISION`
for the plan as it was, and by the editing commands before and after an edit. Each sees the
same rule names and vocabularies, extended by the plan's own `checks.disciplines`."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

from vaplan.findings import Problem
from vaplan.load.plan import RawPlan
from vaplan.models import FILE_MODELS, Record
from vaplan.rules import always_on_refs, rule_refs
from vaplan.validate import validate
from vaplan.vocabulary import vocabulary


@dataclass(frozen=True)
class Validated:
    """A plan's files validated: the models by stem, each file's schema problems (their paths
    starting with the file stem), and the files present but unusable, with the reason."""

    models: dict[str, Record]
    problems: dict[str, list[Problem]]
    unusable: dict[str, str]


def validation_context(meta: Any = None) -> dict[str, Any]:
    """What validation needs beyond the data: rule names, and the vocabularies the plan extends
    (`meta` is vaplan.yaml's data as loaded, valid or not, or None)."""
    vocab = vocabulary()
    extra: list[str] = []
    if isinstance(meta, dict):
        checks = meta.get("checks")
        if isinstance(checks, dict) and isinstance(checks.get("disciplines"), list):
            extra = [d for d in checks["disciplines"] if isinstance(d, str)]
    return {"rule_refs": rule_refs(), "always_on": always_on_refs(),
            "disciplines": [*vocab.disciplines, *extra], "functions": list(vocab.functions)}


def plan_context(raw: RawPlan) -> dict[str, Any]:
    """The validation context of one plan as loaded."""
    meta = raw.files.get("vaplan.yaml")
    return validation_context(meta.data if meta is not None else None)


def validate_file(name: str, data: Any, context: dict[str, Any]
                  ) -> tuple[Record | None, list[Problem]]:
    """One plan file's data against its model; the problems' paths start with the file stem."""
    model, errors = validate(FILE_MODELS[name], data, context)
    stem = name.removesuffix(".yaml")
    return model if isinstance(model, Record) else None, [replace(e, path=(stem, *e.path)) for e in errors]


def validate_plan(raw: RawPlan) -> Validated:
    """Every readable file of the plan validated; the unreadable ones are unusable."""
    context = plan_context(raw)
    models: dict[str, Record] = {}
    problems: dict[str, list[Problem]] = {}
    unusable = unusable_files(raw)
    for name, loaded in raw.files.items():
        if not loaded.readable:
            continue
        model, errors = validate_file(name, loaded.data, context)
        problems[name] = errors
        if model is None:
            unusable[name] = f"{name} has schema errors to fix first"
        else:
            models[name.removesuffix(".yaml")] = model
    return Validated(models, problems, unusable)


def unusable_files(raw: RawPlan) -> dict[str, str]:
    """The plan files in the folder that cannot be read (a link out of the plan, a pipe, bad
    YAML), each with the reason in words."""
    unusable = {name: f"{name} could not be read" for name in raw.file_problems
                if name not in raw.files and os.path.lexists(raw.directory / name)}
    unusable |= {name: f"{name} could not be read" for name, loaded in raw.files.items()
                 if not loaded.readable}
    return unusable
