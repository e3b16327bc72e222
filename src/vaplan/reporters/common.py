"""What the CI formats share: a plan file's path as CI sees it, and the rules that ran."""

from __future__ import annotations

from pathlib import PurePath

from vaplan.check.checker import CheckResult
from vaplan.rules.registry import Rule
from vaplan.rules import all_rules


def plan_path(result: CheckResult, name: str) -> str:
    """The plan directory as vaplan was given it joined with the file name, in forward slashes.

    CI systems read such a path from the working directory, which is the repository root in a
    CI job, so a plan in a subdirectory is found there too.
    """
    return (PurePath(result.directory) / name).as_posix()


def enabled_rules(result: CheckResult) -> list[Rule]:
    """Every rule but those turned off by `checks.ignore`, --select or --ignore."""
    return [entry for entry in all_rules() if entry.code not in result.disabled]
