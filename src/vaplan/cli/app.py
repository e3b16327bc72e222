"""The command line's shared parts: the Typer app, `--today`, `fail()` and colour detection.

Commands live in the sibling modules and register on `app` when vaplan.cli.main imports them."""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import Any, NoReturn, Optional

import typer

from vaplan import __version__
from vaplan.dates import parse_day
from vaplan.findings import printable

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  help="Check and render a community's victim assistance plan for mass "
                       "violence and terrorism, kept as YAML files in git.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vaplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """vaplan: plan for victims of mass violence and terrorism before anything happens."""


#: The one `--today` option every command shares.
TODAY: Any = typer.Option(None, "--today", metavar="YYYY-MM-DD",
                          help="Act as if today were this date.")


#: The one way a date is written on the command line, as in the plan files: 2026-11-28.

def parse_today(value: Optional[str]) -> date:
    """The date `--today` names, or the system date without it."""
    if value is None:
        return date.today()
    try:
        return parse_day(value)
    except ValueError as err:  # its message says what is wrong and what to write
        raise typer.BadParameter(str(err)) from None


def fail(message: str) -> NoReturn:
    """Print a usage or I/O error in plain words and exit with code 2."""
    typer.echo(f"vaplan: {printable(message)}", err=True)
    raise typer.Exit(2)


def use_color() -> bool:
    """Colour only on a terminal that wants it (NO_COLOR, TERM=dumb)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get(
        "TERM") != "dumb"
