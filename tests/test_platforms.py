"""Windows and macOS, read from the source and held here: what differs there is chosen by the
platform, so these tests pretend to be it (no Windows or macOS machine runs the suite)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from vaplan import atomic
from vaplan.cli import pdf


def _stray(folder: Path, pid: int) -> Path:
    """A temporary file as a killed writer leaves it: its name, and no permissions at all."""
    stray = folder / f"{atomic.TEMP_PREFIX}{pid}-0badc0de{atomic.TEMP_SUFFIX}"
    stray.write_bytes(b"half a document")
    stray.chmod(0)
    return stray


def test_stray_cleanup_never_signals_a_process_on_windows(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # On Windows os.kill(pid, 0) terminates whatever process now has that id.
    def no_kill(pid: int, sig: int) -> None:
        raise AssertionError(f"os.kill({pid}, {sig}) on Windows ends that process")

    asked: list[int] = []

    def windows_probe(pid: int) -> bool:
        asked.append(pid)
        return pid == 4242

    monkeypatch.setattr(atomic, "_WINDOWS", True)
    monkeypatch.setattr(atomic, "_alive_on_windows", windows_probe)
    monkeypatch.setattr(os, "kill", no_kill)
    live, dead = _stray(tmp_path, 4242), _stray(tmp_path, 4343)
    atomic.write_atomic(tmp_path / "checklist.md", b"# checklist\n")
    assert sorted(asked) == [4242, 4343]
    assert live.exists(), "a file another vaplan is still writing was removed"
    assert not dead.exists()
    assert (tmp_path / "checklist.md").read_bytes() == b"# checklist\n"


def test_stray_cleanup_elsewhere_still_removes_only_dead_writers(tmp_path: Path) -> None:
    mine = _stray(tmp_path, os.getpid())
    gone = _stray(tmp_path, 2 ** 22 + 12345)  # above Linux's pid_max: no such process
    atomic.write_atomic(tmp_path / "out.md", b"x")
    assert mine.exists() and not gone.exists()


def _fake(path: Path) -> Path:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    path.chmod(0o755)
    return path


def test_libreoffice_is_found_where_the_windows_installer_puts_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path / "Program Files"))
    monkeypatch.delenv("PROGRAMW6432", raising=False)
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData"))
    assert pdf.libreoffice() is None
    program = _fake(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    assert pdf.libreoffice() == str(program)


def test_libreoffice_is_found_in_a_users_own_install_on_windows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "platform", "win32")
    for name in ("PROGRAMFILES", "PROGRAMW6432", "PROGRAMFILES(X86)"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData"))
    program = _fake(tmp_path / "AppData" / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    assert pdf.libreoffice() == str(program)


def test_libreoffice_is_found_in_the_macos_applications_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    if Path("/Applications/LibreOffice.app").exists():
        pytest.skip("this machine has LibreOffice in /Applications")
    assert pdf.libreoffice() is None
    program = _fake(tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    assert pdf.libreoffice() == str(program)


def test_path_still_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_path = _fake(tmp_path / "bin" / "soffice")
    monkeypatch.setenv("PATH", str(on_path.parent))
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    _fake(tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    assert pdf.libreoffice() == str(on_path)
