"""The `vaplan` program: the app with every command registered."""

from __future__ import annotations

from vaplan.cli import check, render, schema, year  # noqa: F401  (each registers its commands)
from vaplan.cli.app import app


def main() -> None:
    app()
