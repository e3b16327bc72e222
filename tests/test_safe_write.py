"""Every output goes through one safe writer: it never replaces what it must not, two writers of
one new file cannot both win, a long name is a plain message, and a kill leaves no stray file."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PIMA, TODAY_ARGS, copy_plan, run
from vaplan.atomic import TEMP_PREFIX, TEMP_SUFFIX, ExistsError, WriteRefused, write_atomic

#: Each command with an output option, as (arguments before the output, the option, the format
#: prefix the option needs); `{out}` is the output path and `{plan}` the plan.
WRITERS = {
    "check report": ["check", "{plan}", "-o", "json:{out}", *TODAY_ARGS],
    "render": ["render", "{plan}", "--format", "md", "-o", "{out}", *TODAY_ARGS],
    "export calendar": ["export", "calendar", "{plan}", "-o", "{out}", *TODAY_ARGS],
    "export roster": ["export", "roster", "{plan}", "-f", "csv", "-o", "{out}", *TODAY_ARGS],
    "export improvement-plan": ["export", "improvement-plan", "{plan}", "-f", "csv", "-o",
                                "{out}", *TODAY_ARGS],
}


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return copy_plan(tmp_path)


def _run(command: str, plan: Path, out: Path | str, *extra: str):  # type: ignore[no-untyped-def]
    args = [a.format(plan=plan, out=out) for a in WRITERS[command]]
    return run(*args, *extra)


def _no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in (result.output + result.stderr)


@pytest.mark.parametrize("command", WRITERS)
def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path, plan: Path,
                                                       command: str) -> None:
    out = tmp_path / "out.txt"
    out.write_text("mine\n")
    result = _run(command, plan, out)
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_text() == "mine\n"
    assert _run(command, plan, out, "--force").exit_code in (0, 1)
    assert out.read_text() != "mine\n"


def test_schema_output_is_not_replaced_without_force(tmp_path: Path) -> None:
    assert run("schema", "-o", tmp_path / "s").exit_code == 0
    one = tmp_path / "s" / "committee.schema.json"
    one.write_text("mine\n")
    result = run("schema", "-o", tmp_path / "s")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert one.read_text() == "mine\n"
    assert run("schema", "-o", tmp_path / "s", "--force").exit_code == 0
    assert one.read_text() != "mine\n"


@pytest.mark.parametrize("command", WRITERS)
@pytest.mark.parametrize("spelling", ["{plan}/committee.yaml", "{plan}/../plan/vaplan.yaml"])
def test_a_plan_file_is_never_written_over_even_with_force(plan: Path, command: str,
                                                            spelling: str) -> None:
    before = {p.name: p.read_bytes() for p in plan.iterdir() if p.is_file()}
    result = _run(command, plan, spelling.format(plan=plan), "--force")
    assert result.exit_code == 2
    assert "file of the plan" in result.stderr
    assert {p.name: p.read_bytes() for p in plan.iterdir() if p.is_file()} == before


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link(path: Path) -> None:
    target = path.parent / "target.txt"
    target.write_text("the link's target\n")
    path.symlink_to(target)


def _device(path: Path) -> None:
    try:  # a copy of /dev/null's node, made here, never the real one
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")


def _folder(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize("make", [_fifo, _link, _device, _folder])
@pytest.mark.parametrize("command", WRITERS)
def test_what_is_not_a_regular_file_is_never_replaced(tmp_path: Path, plan: Path, command: str,
                                                      make) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    make(out)
    kind = os.lstat(out).st_mode
    result = _run(command, plan, out, "--force")
    _no_traceback(result)
    assert result.exit_code == 2
    assert os.lstat(out).st_mode == kind
    if out.is_symlink():
        assert (tmp_path / "target.txt").read_text() == "the link's target\n"


@pytest.mark.parametrize("command", WRITERS)
def test_an_over_long_name_is_a_plain_message(tmp_path: Path, plan: Path, command: str) -> None:
    result = _run(command, plan, tmp_path / ("n" * 300))
    _no_traceback(result)
    assert result.exit_code == 2
    assert "too long" in result.stderr


def test_init_into_an_over_long_folder_name_is_a_plain_message(tmp_path: Path) -> None:
    result = run("init", tmp_path / ("n" * 300))
    _no_traceback(result)
    assert result.exit_code == 2 and "too long" in result.stderr


@pytest.mark.slow
def test_of_six_writers_of_one_new_file_exactly_one_wins(tmp_path: Path) -> None:
    out = tmp_path / "new.md"
    runs = [subprocess.Popen([sys.executable, "-m", "vaplan", "render", str(PIMA), "-o", str(out),
                              *TODAY_ARGS], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(6)]
    done = [(p.wait(timeout=300), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    assert sorted(code for code, _ in done) == [0, 2, 2, 2, 2, 2], done
    assert all("already exists" in err for code, err in done if code == 2)
    assert out.read_text(encoding="utf-8").startswith("#")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_the_writer_refuses_a_name_taken_while_it_wrote(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import vaplan.atomic as atomic

    out = tmp_path / "new.md"
    real = atomic._write_all

    def racing(stream, data) -> None:  # type: ignore[no-untyped-def]
        out.write_text("the other writer's\n")
        real(stream, data)

    monkeypatch.setattr(atomic, "_write_all", racing)
    with pytest.raises(ExistsError):
        write_atomic(out, b"mine\n")
    assert out.read_text() == "the other writer's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["new.md"]


def test_a_link_made_while_it_wrote_is_not_replaced(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import vaplan.atomic as atomic

    out, target = tmp_path / "out.md", tmp_path / "target"
    out.write_text("old\n")
    target.write_text("target\n")
    real = atomic._write_all

    def swapping(stream, data) -> None:  # type: ignore[no-untyped-def]
        out.unlink()
        out.symlink_to(target)
        real(stream, data)

    monkeypatch.setattr(atomic, "_write_all", swapping)
    with pytest.raises(WriteRefused):
        write_atomic(out, b"mine\n", overwrite=True)
    assert out.is_symlink() and target.read_text() == "target\n"


_CHILD = """
import signal, sys, time
from pathlib import Path
import vaplan.atomic as atomic

# Ctrl-C as in a terminal, even when the tests run in the background (where SIGINT is ignored).
signal.signal(signal.SIGINT, signal.default_int_handler)

def slow(stream, data):
    stream.write(data[:3])
    stream.flush()
    Path(sys.argv[2]).write_text("writing")
    time.sleep(120)

atomic._write_all = slow
atomic.write_atomic(Path(sys.argv[1]), b"half of it")
"""


def _killed_mid_write(tmp_path: Path, signum: int) -> Path:
    out, ready = tmp_path / "out" / "report.json", tmp_path / "ready"
    out.parent.mkdir()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(out), str(ready)])
    try:
        for _ in range(600):  # until the child is inside the write (at most a minute)
            if ready.exists() or child.poll() is not None:
                break
            time.sleep(0.1)
        assert ready.exists(), "the child never started writing"
        child.send_signal(signum)
        assert child.wait(timeout=60) == -signum
    finally:
        if child.poll() is None:
            child.kill()
    assert not out.exists()
    return out


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_write_stopped_by_a_signal_leaves_no_temporary_file(tmp_path: Path,
                                                              signum: int) -> None:
    out = _killed_mid_write(tmp_path, signum)
    assert list(out.parent.iterdir()) == []


@pytest.mark.slow
def test_a_write_killed_outright_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    out = _killed_mid_write(tmp_path, signal.SIGKILL)
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(TEMP_PREFIX)]
    write_atomic(out.parent / "other.json", b"{}")
    assert sorted(p.name for p in out.parent.iterdir()) == ["other.json"]


@pytest.mark.parametrize("make", [_fifo, _link, _device])
def test_without_force_the_refusal_says_why_not_merely_that_it_exists(
        tmp_path: Path, plan: Path, make) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    make(out)
    result = _run("check report", plan, out)
    assert result.exit_code == 2
    assert "--force" not in result.stderr.replace("even with --force", "")


_NAMES = st.text(st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)),
                 min_size=1, max_size=300)
#: Also names like vaplan's own temporary files, which the user's file may happen to have.
_NAMES_LIKE_TEMPS = st.builds(lambda pid, tail: f"{TEMP_PREFIX}{pid}-{tail}{TEMP_SUFFIX}",
                              st.integers(0, 2**70), st.text("0123456789abcdef-", max_size=9))


@pytest.mark.slow
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.one_of(_NAMES, _NAMES_LIKE_TEMPS), overwrite=st.booleans())
def test_any_name_is_written_whole_or_refused_with_an_oserror(tmp_path: Path, name: str,
                                                              overwrite: bool) -> None:
    folder = tmp_path / "w"
    folder.mkdir(exist_ok=True)
    target = folder / name
    try:
        write_atomic(target, b"data", overwrite=overwrite)
    except OSError:
        pass
    else:
        assert target.read_bytes() == b"data"
    finally:  # no temporary file is left; the file written may be named like one
        assert not [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)
                    and p.name != name]
        for entry in folder.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def test_a_users_file_named_like_a_stray_temporary_file_is_never_removed(
        tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    mine = tmp_path / f"{TEMP_PREFIX}{dead}-0000abcd{TEMP_SUFFIX}"
    mine.write_bytes(b"the user's notes\n")
    write_atomic(tmp_path / "report.md", b"report\n")
    assert mine.read_bytes() == b"the user's notes\n"
    # the same name with no permissions at all is what a killed write leaves: it goes
    mine.chmod(0)
    write_atomic(tmp_path / "other.md", b"report\n")
    assert not mine.exists()


def test_on_a_disk_without_hard_links_a_new_name_is_still_claimed_exclusively(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import vaplan.atomic as atomic

    def no_links(src, dst) -> None:  # type: ignore[no-untyped-def]
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    write_atomic(tmp_path / "a.md", b"first\n")
    assert (tmp_path / "a.md").read_bytes() == b"first\n"
    real = atomic._write_all

    def racing(stream, data) -> None:  # type: ignore[no-untyped-def]
        (tmp_path / "b.md").write_text("the other writer's\n")
        real(stream, data)

    monkeypatch.setattr(atomic, "_write_all", racing)
    with pytest.raises(ExistsError):
        write_atomic(tmp_path / "b.md", b"mine\n")
    assert (tmp_path / "b.md").read_text() == "the other writer's\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_an_edit_waiting_too_long_for_the_lock_gives_up_in_plain_words(tmp_path: Path) -> None:
    from vaplan.atomic import LockTimeout, locked

    with locked(tmp_path):
        with pytest.raises(LockTimeout, match="another vaplan has been editing"):
            with locked(tmp_path, wait=0.2):
                pass
    with locked(tmp_path, wait=0.2):  # released when the holder finished
        pass
    assert list(tmp_path.iterdir()) == []  # no lock file left in the plan
