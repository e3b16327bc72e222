"""The templates vaplan ships: templates/ at the top of the repository, `vaplan.templates` once
installed from a wheel."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled_template(name: str) -> bytes:
    """The bytes of a shipped template, from the installed package or from a source checkout."""
    try:
        return files("vaplan.templates").joinpath(name).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        # A checkout installed in editable mode before templates/ was mapped into the package.
        return (Path(__file__).resolve().parents[3] / "templates" / name).read_bytes()
