"""Helpers every test module shares: where the examples are, the day tests run on, the CLI, a
copy of an example plan to change, and golden files.

Fixtures: `plan_copy` (a fresh copy of examples/pima-county), `cli` (the `run` function below).
Tests marked `slow` (LibreOffice, PDF, pre-commit, wheel building, many processes or hypothesis
examples, or over ~3 s) are left out by `python -m pytest -m "not slow"`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import Result
from typer.testing import CliRunner

from vaplan.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PIMA = EXAMPLES / "pima-county"
RIVERSIDE = EXAMPLES / "riverside-city"
GOLDEN = Path(__file__).resolve().parent / "golden"
#: The day the tests run on, so rules about dates give the same findings every day.
TODAY = date(2026, 11, 28)
TODAY_ARGS = ["--today", TODAY.isoformat()]


def run(*args: Any, env: dict[str, str] | None = None) -> Result:
    """Invoke the `vaplan` command line in this process, every argument as text."""
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def copy_plan(where: Path, source: Path = PIMA, name: str = "plan") -> Path:
    """A copy of the plan folder `source` at where/name, to change without touching the
    example; returns the copy."""
    copy = where / name
    shutil.copytree(source, copy)
    return copy


def assert_golden(text: str, name: str, rewrite: str) -> None:
    """`text` is tests/golden/`name` exactly. With UPDATE_GOLDEN=1 in the environment the file
    is written from `text` instead; `rewrite` names the test file whose run rewrites it."""
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), (
        f"{name} differs from tests/golden/; if the change is intended, run "
        f"UPDATE_GOLDEN=1 python -m pytest {rewrite} and review the diff of tests/golden/")


def _calibri_metrics() -> bool:
    """Whether LibreOffice lays out Calibri (our Word documents' font) at Calibri's widths: with
    Calibri itself, or Carlito, its metric twin. Elsewhere it takes another font, wider or
    narrower, and no page count measured there says what a reader's printer gives."""
    if shutil.which("fc-match") is None:
        return False
    found = subprocess.run(["fc-match", "-f", "%{family}", "Calibri"], capture_output=True,
                           text=True, check=False).stdout
    return any(name in found for name in ("Calibri", "Carlito"))


#: For tests that count the printed pages of a Word document made by LibreOffice: slow, and
#: skipped without LibreOffice or without Calibri's widths (Carlito: fonts-crosextra-carlito).
def counts_pages(test: Callable[..., None]) -> Callable[..., None]:
    """Mark a test that counts the printed pages of a document LibreOffice makes: slow, and
    skipped without LibreOffice or without Calibri's widths (Carlito: fonts-crosextra-carlito)."""
    test = pytest.mark.skipif(not _calibri_metrics(), reason="page counts need Calibri or its "
                              "metric twin Carlito (fonts-crosextra-carlito)")(test)
    test = pytest.mark.skipif(shutil.which("soffice") is None,
                              reason="LibreOffice is not installed")(test)
    return pytest.mark.slow(test)


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """A fresh copy of examples/pima-county at tmp_path/plan."""
    return copy_plan(tmp_path)


@pytest.fixture
def cli() -> Callable[..., Result]:
    """The `vaplan` command line, run in this process (`cli("check", plan)`)."""
    return run


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything imported and collected so far lives until the session ends: frozen, the
    cyclic collector stops walking it at every full collection (the suite's objects grow with
    each module, and each full pass walked them all), and the young generation is collected
    after 10,000 new objects instead of 700: 16.7 s of collection in the fast suite became
    4.5 s, measured with a gc.callbacks timer. Memory stays bounded: nothing is turned off."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
