"""The one way vaplan writes a file: all at once, never over what it must not replace.

Every output (reports, rendered documents, exports, schemas, a new plan, an edited
checklist.yaml) goes through `write_atomic`. It

- refuses an existing path unless the caller was told to replace it (`--force`), and refuses
  even then a path that is not a regular file (a link, a FIFO, a device, a folder) or that is
  one of the plan files being read (`protect`);
- claims a new name exclusively (a hard link of the finished temporary file, which fails if
  the name exists), so of several writers of one new file exactly one succeeds;
- writes through a temporary file in the same folder, named `.vaplan-write-PID-XXXXXXXX.tmp`
  and without any permissions until it is finished, so no reader sees half a file; the file is
  removed on an error, on SIGTERM/SIGINT, and, if the process was killed outright, by the next
  write into that folder once PID is gone. Only a file that is exactly such a stray (that name,
  this user's, no permissions at all) is ever removed: a user's file named like one is kept;
- with `locked(folder)`, keeps concurrent read-modify-write edits (`confirm`, `tailor`) from
  overwriting each other's changes;
- turns an over-long or otherwise unusable name into a plain message (`why`).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import signal
import stat
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

#: Temporary files start with this, and end with TEMP_SUFFIX; the next write cleans up strays.
TEMP_PREFIX = ".vaplan-write-"
TEMP_SUFFIX = ".tmp"
#: The whole name of a temporary file, with the writer's process id.
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"([0-9]+)-[0-9a-f]{8}" + re.escape(TEMP_SUFFIX))


class WriteRefused(OSError):
    """vaplan will not write this path; str() is the reason in plain words."""


class ExistsError(WriteRefused, FileExistsError):
    """The file is there and the caller did not ask to overwrite it."""


def why(err: OSError) -> str:
    """A plain-words reason for a failed write, for the command line to print."""
    if isinstance(err, WriteRefused):
        return str(err)
    plain = {errno.ENAMETOOLONG: "the file name or path is too long",
             errno.ELOOP: "the path loops through links"}
    return plain.get(err.errno or 0, err.strerror or str(err))


def check_writable(path: Path, *, overwrite: bool = False, protect: Iterable[Path] = ()) -> None:
    """Raise WriteRefused (or OSError) if `write_atomic` would refuse `path`; before the work."""
    _existing(_normal(path), overwrite, tuple(protect))


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False,
                 protect: Iterable[Path] = ()) -> None:
    """Write `data` to `path` through a temporary file in the same folder.

    A path that is not a regular file, or is one of the files in `protect`, raises
    WriteRefused; another existing file raises ExistsError unless `overwrite`, and is then
    replaced, keeping its permissions.
    """
    path = _normal(path)
    protect = tuple(protect)
    mode = _existing(path, overwrite, protect)
    _clean_strays(path.parent)
    with _cleaned_on_signal() as temps:
        temp = _temp_name(path.parent)
        temps.append(temp)
        try:
            # No permissions until it is finished: this marks it as ours (see _clean_strays).
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_BINARY", 0), 0)
            with os.fdopen(fd, "wb") as handle:
                _write_all(handle, data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
            if mode is None:
                _publish_new(temp, path)
            else:
                _existing(path, overwrite, protect)  # again, just before: shrink the race
                os.replace(temp, path)
        finally:
            try:
                os.unlink(temp)
            except FileNotFoundError:
                pass


class LockTimeout(WriteRefused):
    """Another vaplan held the folder's lock for too long."""


#: How long an edit waits for another one in the same folder before giving up.
LOCK_WAIT_SECONDS = 120.0


@contextmanager
def locked(folder: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on `folder` while reading, changing and writing a file in it.

    The lock is fcntl.flock on the folder itself, so no lock file is left in the plan for git
    to show; it is released by the kernel when the process ends, even if it is killed. Where
    a folder cannot be locked (some network disks), a `.vaplan.lock` file in it is locked
    instead. Systems without fcntl (Windows) edit without a lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            _flock(fcntl, fd, wait, folder)
        except OSError as err:
            if isinstance(err, WriteRefused):
                raise
            os.close(fd)
            fd = -1
            fd = os.open(os.path.join(folder, ".vaplan.lock"),
                         os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            _flock(fcntl, fd, wait, folder)
        yield
    finally:
        if fd >= 0:
            os.close(fd)  # closing releases the lock


def _flock(fcntl: object, fd: int, wait: float, folder: Path) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise LockTimeout(f"another vaplan has been editing a file in {folder} for "
                                  f"over {int(wait)} seconds; try again when it has finished"
                                  ) from None
            time.sleep(0.02)


def _normal(path: Path) -> Path:
    path = Path(path)
    return path if str(path.parent) else Path(".") / path


def _existing(path: Path, overwrite: bool, protect: tuple[Path, ...]) -> int | None:
    """The permissions of the regular file at `path`, None if there is none; or refuse."""
    here = _place(path)
    for other in protect:  # by name too: a plan file that does not exist yet is still the plan's
        if here is not None and _place(Path(other)) == here:
            raise WriteRefused(f"it is a file of the plan ({Path(other).name}); vaplan "
                               "does not write over it, even with --force: give another name")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(info.st_mode):
        raise WriteRefused("it is a folder; give a file name")
    for other in protect:
        try:
            mine = os.stat(other)
        except OSError:
            continue
        if (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino):
            raise WriteRefused(f"it is a file of the plan ({Path(other).name}); vaplan "
                               "does not write over it, even with --force: give another name")
    if stat.S_ISLNK(info.st_mode):
        raise WriteRefused("it is a link; vaplan does not replace links, even with "
                           "--force: give the file's own path or another name")
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused("it is not an ordinary file (a device, a pipe or a socket); "
                           "vaplan does not replace it, even with --force")
    if not overwrite:
        raise ExistsError("it already exists; add --force to replace it")
    return info.st_mode & 0o7777


def _place(path: Path) -> tuple[str, str] | None:
    """The real folder and name of `path`, so plan/../plan/x and a linked folder compare equal."""
    try:
        return os.path.realpath(path.parent), os.path.normcase(path.name)
    except (OSError, ValueError):
        return None


def _publish_new(temp: str, path: Path) -> None:
    """Give the finished file its name, only if the name is still free."""
    try:
        os.link(temp, path)  # fails if the name was taken meanwhile; os.replace would not
        return
    except FileExistsError:
        raise ExistsError("it already exists; add --force to replace it") from None
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                             errno.EMLINK, errno.ENOSYS):
            raise
    # no hard links on this disk: claim the name with an empty file, then replace it
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise ExistsError("it already exists; add --force to replace it") from None
    os.replace(temp, path)


def _temp_name(folder: Path) -> str:
    # a fixed, short name: a long output name must not make the temporary name too long
    return os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _clean_strays(folder: Path) -> None:
    """Remove temporary files left by vaplan processes that were killed mid-write.

    A file is removed only when everything says it is such a stray: its whole name is one
    `_temp_name` makes, the process of that id is gone, and it is a regular file of this user
    with no permissions at all, as a temporary file is until it is finished. A user's own file
    that happens to be named like one (`.vaplan-write-1-0000abcd.tmp`) has permissions and
    is never touched."""
    try:
        names = [n for n in os.listdir(folder) if _TEMP_NAME.fullmatch(n)]
    except OSError:
        return
    for name in names:
        match = _TEMP_NAME.fullmatch(name)
        if match is None or _alive(int(match.group(1))):
            continue
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
            if (stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0
                    and info.st_uid == _euid()):
                os.unlink(path)
        except OSError:
            pass


def _euid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 0


#: On Windows os.kill(pid, 0) is no probe: it terminates whatever process has that id now.
_WINDOWS = os.name == "nt"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if _WINDOWS:
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no process has an id too large for the system
        return False
    except (PermissionError, OSError):
        return True
    return True


def _alive_on_windows(pid: int) -> bool:  # pragma: no cover - run on Windows only
    """Whether process `pid` still runs, asked of the kernel without touching the process:
    OpenProcess for query rights only, then GetExitCodeProcess (259 is STILL_ACTIVE). Any
    doubt counts as alive: a stray file kept is harmless, a live write removed is not."""
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    query_limited_information, invalid_parameter, still_active = 0x1000, 87, 259
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return bool(ctypes.get_last_error() != invalid_parameter)  # type: ignore[attr-defined,unused-ignore]  # 87: no such process
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


class _Interrupted(BaseException):
    """SIGTERM during a write: unwind so the temporary file is removed, then exit."""


@contextmanager
def _cleaned_on_signal() -> Iterator[list[str]]:
    """While writing, SIGTERM unwinds like Ctrl-C does, so `finally` removes the temporary
    file; the process then ends with the usual status of that signal."""
    temps: list[str] = []
    if threading.current_thread() is not threading.main_thread():
        yield temps
        return
    received: list[int] = []

    def on_term(signum: int, frame: object) -> None:
        received.append(signum)
        raise _Interrupted()

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield temps
    except _Interrupted:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    if received:  # die of it, as the signal would have done
        os.kill(os.getpid(), received[0])
        raise SystemExit(128 + received[0])


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _write_all(stream: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    for start in range(0, len(view), 1 << 16):
        stream.write(view[start:start + (1 << 16)])
