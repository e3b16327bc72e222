"""Loose input and hostile output: dates written only one way, and output that a narrow
terminal encoding cannot hold is still printed without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RIVERSIDE, run


@pytest.mark.parametrize("day", ["20261128", "2026-W48-6", "2026-332", "２０２６-11-28",
                                 "2026-11-28T00:00", " 2026-11-28"])
def test_today_takes_only_year_month_day(day: str) -> None:
    result = run("check", RIVERSIDE, "--today", day)
    assert result.exit_code == 2
    assert "write it as YYYY-MM-DD" in result.output + result.stderr


def test_today_written_year_month_day_is_taken() -> None:
    assert run("check", RIVERSIDE, "--today", "2026-11-28").exit_code == 1


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("command", [["render"], ["export", "calendar"], ["check"]])
def test_a_narrow_output_encoding_gets_replacement_characters_not_a_traceback(
        encoding: str, command: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "vaplan", *command, str(RIVERSIDE),
                           "--today", "2026-11-28"], capture_output=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    assert done.returncode in (0, 1)
    assert done.stdout.strip()
