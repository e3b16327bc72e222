"""The `vaplan` program as a process (vaplan.cli.start): it ends without taking its objects
apart, and still gives the exit status, every byte of output and every exit handler."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PIMA, RIVERSIDE, TODAY_ARGS
from vaplan.cli.start import _exit_code


def _vaplan(*args: object, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "vaplan", *map(str, args)],
                          capture_output=True, timeout=120, **kwargs)  # type: ignore[call-overload]


def test_the_exit_status_is_the_commands() -> None:
    assert _vaplan("check", PIMA, *TODAY_ARGS).returncode == 0
    assert _vaplan("check", RIVERSIDE, *TODAY_ARGS).returncode == 1
    missing = _vaplan("check", "no-such-plan-folder")
    assert missing.returncode == 2 and b"there is no directory" in missing.stderr
    assert _vaplan("--version").returncode == 0


def test_a_long_output_through_a_pipe_arrives_whole() -> None:
    result = _vaplan("check", RIVERSIDE, *TODAY_ARGS, "--format", "json")
    report = json.loads(result.stdout)  # cut short, it would not parse
    assert result.returncode == 1 and report["findings"]


def test_a_reader_that_leaves_early_gets_no_traceback() -> None:
    process = subprocess.Popen([sys.executable, "-m", "vaplan", "rules"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()  # as `| head -c 10` does
    error = process.stderr.read()
    process.wait(timeout=60)
    assert b"Traceback" not in error


def test_exit_handlers_still_run(tmp_path: Path) -> None:
    mark = tmp_path / "ran"
    code = ("import atexit, sys\n"
            f"atexit.register(lambda: open({str(mark)!r}, 'w').write('ran'))\n"
            f"sys.argv = ['vaplan', 'check', {str(PIMA)!r}, '--today', '2026-11-28']\n"
            "from vaplan.cli.start import main\nmain()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert mark.read_text() == "ran"


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (1, 1), (2, 2), (True, 1),
                                          (256, 0), (-1, 255), ("a message", 1)])
def test_a_systemexit_gives_the_status_python_gives(code: object, status: int,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert _exit_code(code) == status
    assert capsys.readouterr().err == ("a message\n" if code == "a message" else "")


@pytest.mark.parametrize("closed", [1, 2])
def test_a_closed_standard_stream_is_no_traceback(closed: int) -> None:
    """Started with standard output or error closed (`>&-`, `2>&-`), Python has None for it."""
    result = subprocess.run([sys.executable, "-m", "vaplan", "check", str(RIVERSIDE),
                             *TODAY_ARGS], capture_output=True, timeout=120,
                            preexec_fn=lambda: os.close(closed))
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr + result.stdout
