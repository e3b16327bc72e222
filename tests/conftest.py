"""Helpers every test module shares: where the examples are, the day tests run on, and the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from vaplan.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PIMA = EXAMPLES / "pima-county"
RIVERSIDE = EXAMPLES / "riverside-city"
#: Encoded from the public record of a real response; it records no contact details, because its
#: sources name no one, and it is written in the format's Version 3 records.
ORLANDO = EXAMPLES / "orlando-florida"
#: The day the tests run on, so rules about dates give the same findings every day.
TODAY = date(2026, 11, 28)
TODAY_ARGS = ["--today", TODAY.isoformat()]


def version_3_pending(plan: Path) -> bool:
    """True while this vaplan does not know the Version 3 records that examples/orlando-florida
    uses (partners, sites, grants): until then every export must refuse that plan."""
    from vaplan.models import Committee

    return plan.resolve() == ORLANDO.resolve() and "partners" not in Committee.model_fields


def run(*args: Any, env: dict[str, str] | None = None) -> Result:
    """Invoke the `vaplan` command line in this process, every argument as text."""
    return CliRunner().invoke(app, [str(a) for a in args], env=env)
