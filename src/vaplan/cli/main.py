"""The `vaplan` program: the app with every command registered."""

from __future__ import annotations

import gc
import sys

from vaplan.cli import check, exercise, render, rollup, schema, vocabulary, workbook, year  # noqa: F401  (each registers its commands)
from vaplan.cli.app import app, plain_help, progress

plain_help(app)  # after every command module above has registered its commands


def main() -> None:
    # One command is one short run over a plan's data, which are trees, not cycles: reference
    # counting frees them. The cyclic collector would only walk the millions of values of a
    # large plan again and again (half of the CPU time of checking a 20,000-member plan,
    # measured), so the process runs without it. Tests that call `app` keep it.
    gc.disable()
    _replace_what_cannot_be_printed()
    # A run over about 2 s (a large plan, a PDF) shows a spinner on a terminal's stderr.
    with progress("vaplan is working"):
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
