"""Every command that reads a plan file opens it the one safe way: a FIFO, a device, a link out
of the plan or an oversized file is named in plain words; nothing hangs, floods or follows.

The FIFOs, links and devices are made under tmp_path only; each command runs in a thread that
must finish, so a command that blocks fails the test instead of hanging the run.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path
from typing import Callable

import pytest

import vaplan.load.planfile
from conftest import TODAY_ARGS, copy_plan, run
from vaplan.load.planfile import PlanFileError, read_plan_file

fifo_missing = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = copy_plan(tmp_path)
    return target


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to_fifo(path: Path) -> None:
    os.mkfifo(path.parent / "pipe")
    path.symlink_to("pipe")


def _device(path: Path) -> None:
    """A character device like /dev/zero (endless zeros), made under tmp_path."""
    if not hasattr(os, "mknod") or os.geteuid() != 0:
        pytest.skip("making a device needs root")
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except OSError:
        pytest.skip("this file system does not allow devices")


def _link_to_device(path: Path) -> None:
    _device(path.parent / "zero")
    path.symlink_to("zero")


def _link_outside(path: Path) -> None:
    secret = path.parent.parent / "secret.yaml"
    secret.write_text("community: secret-do-not-read\n")
    path.symlink_to(secret)


SPOILERS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "is a named pipe (FIFO)"),
    "link-to-fifo": (_link_to_fifo, "is a named pipe (FIFO)"),
    "device": (_device, "is a device"),
    "link-to-device": (_link_to_device, "is a device"),
    "link-outside": (_link_outside, "link to a file outside the plan directory"),
}


def _finishes(action: Callable[[], object]) -> object:
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(action()), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert outcome, "vaplan blocked reading the plan file"
    return outcome[0]


@fifo_missing
@pytest.mark.parametrize("spoil", sorted(SPOILERS))
@pytest.mark.parametrize("command,file", [
    (["check", "{plan}"], "vaplan.yaml"),
    (["schema", "-o", "{tmp}/schemas", "--plan", "{plan}"], "vaplan.yaml"),
    (["confirm", "{plan}", "contact-list-protocol"], "checklist.yaml"),
    (["tailor", "{plan}", "contact-list-protocol", "--reason", "no"], "checklist.yaml"),
])
def test_every_command_refuses_what_is_not_an_ordinary_plan_file(
        plan: Path, tmp_path: Path, command: list[str], file: str, spoil: str) -> None:
    make, words = SPOILERS[spoil]
    (plan / file).unlink(missing_ok=True)
    make(plan / file)
    args = [a.replace("{tmp}", str(tmp_path)).replace("{plan}", str(plan)) for a in command]
    today = TODAY_ARGS if command[0] in ("check", "confirm") else []
    result = _finishes(lambda: run(*args, *today))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (1, 2), result.output
    # confirm and tailor looked at checklist.yaml itself before; what they open is checked here
    assert words in result.output or (file == "checklist.yaml" and spoil in ("fifo", "device")
                                      and "is not a file" in result.output)
    assert "secret-do-not-read" not in result.output
    assert not (tmp_path / "schemas").exists()  # schemas without the plan's own words: no


def test_an_oversized_file_is_refused_from_its_size(plan: Path, monkeypatch) -> None:
    monkeypatch.setattr(vaplan.load.planfile, "MAX_FILE_BYTES", 100)
    with pytest.raises(PlanFileError, match="more than the 100 bytes"):
        read_plan_file(plan, "committee.yaml")


def test_a_file_that_grows_while_read_is_cut_at_the_cap(plan: Path, monkeypatch) -> None:
    # the size looked at first says "small"; what is read is still capped
    monkeypatch.setattr(vaplan.load.planfile, "MAX_FILE_BYTES", 100)
    real = os.fstat
    monkeypatch.setattr(vaplan.load.planfile.os, "fstat",
                        lambda fd: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:])))
    monkeypatch.setattr(Path, "lstat", lambda self: os.stat_result(
        (*os.lstat(self)[:6], 10, *os.lstat(self)[7:])))
    with pytest.raises(PlanFileError, match="more than the 100 bytes"):
        read_plan_file(plan, "committee.yaml")


def test_a_link_inside_the_plan_is_read(plan: Path) -> None:
    (plan / "vaplan.yaml").rename(plan / "vaplan-2026.yaml")
    (plan / "vaplan.yaml").symlink_to("vaplan-2026.yaml")
    assert read_plan_file(plan, "vaplan.yaml") == (plan / "vaplan-2026.yaml").read_bytes()


def test_a_loop_of_links_is_named(plan: Path) -> None:
    (plan / "vaplan.yaml").unlink()
    (plan / "vaplan.yaml").symlink_to("vaplan.yaml")
    with pytest.raises(PlanFileError) as caught:
        read_plan_file(plan, "vaplan.yaml")
    assert caught.value.problem.code == "VP007"


def test_a_missing_file_is_file_not_found(plan: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_plan_file(plan, "nothing.yaml")
