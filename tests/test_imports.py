"""Start-up weight: each command imports only what it needs (measured in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PLAN = Path(__file__).parent.parent / "examples" / "pima-county"
HEAVY = ("docx", "docxtpl", "jinja2", "pydantic", "yaml", "ruamel", "rich", "icalendar",
         "phonenumbers", "vobject", "lxml", "markdown_it", "openpyxl")


def _imported(argv: list[str]) -> set[str]:
    code = ("import sys\nfrom vaplan.cli.main import app\n"
            f"try:\n    app({argv!r})\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    return set(out.split()) & set(HEAVY)


def test_version_imports_none_of_the_heavy_libraries() -> None:
    assert _imported(["--version"]) == set()


def test_check_imports_no_renderer_or_exporter() -> None:
    imported = _imported(["check", str(PLAN), "--today", "2026-11-28"])
    # phonenumbers (30 ms) is what VP110 checks the committee's phone numbers with
    assert imported <= {"pydantic", "yaml", "phonenumbers"}, imported
