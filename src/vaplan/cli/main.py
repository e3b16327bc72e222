"""The `vaplan` program: the app with every command registered."""

from __future__ import annotations

import sys

from vaplan.cli import check, exercise, render, rollup, schema, vocabulary, year  # noqa: F401  (each registers its commands)
from vaplan.cli.app import app, plain_help

plain_help(app)  # after every command module above has registered its commands


def main() -> None:
    _replace_what_cannot_be_printed()
    app()


def _replace_what_cannot_be_printed() -> None:
    """A terminal or pipe whose encoding lacks a character (PYTHONIOENCODING=latin-1, a C
    locale) gets "?" for it instead of a UnicodeEncodeError: plan text holds any character,
    and "?" keeps JSON, SARIF and JUnit valid where a backslash escape might not."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (OSError, ValueError):  # a closed or detached stream: nothing to print to
                pass
