"""PDF through LibreOffice: a Word document vaplan made, converted by `soffice --headless`.

LibreOffice runs in a private temporary folder with a private, throw-away user profile, so it
works while the person has LibreOffice open, never writes next to their files, and leaves
nothing behind; it is stopped, with everything it started, after `TIMEOUT` seconds or when
vaplan gets SIGTERM. What it prints is kept in a file, and only its end read. The PDF is
handed back as bytes, for the command to write through the one safe writer (vaplan.atomic).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from vaplan.cli.app import fail

#: Seconds a conversion may take; the first run of a fresh profile takes a few.
TIMEOUT = 180

#: What to tell a person whose machine has no LibreOffice.
GET_LIBREOFFICE = ("a PDF is made with LibreOffice, which is not installed here (no `soffice` "
                   "or `libreoffice` program). Install LibreOffice: "
                   "https://www.libreoffice.org/download/ or `sudo apt-get install "
                   "libreoffice-writer-nogui`; or use --format docx and print from Word")


class PdfError(Exception):
    """The PDF could not be made; str() says why in plain words."""


class NoLibreOffice(PdfError):
    """Neither `soffice` nor `libreoffice` is on PATH."""

    def __init__(self) -> None:
        super().__init__(GET_LIBREOFFICE)


def libreoffice() -> Optional[str]:
    """The LibreOffice program on PATH, or where the Windows and macOS installers put it (they
    do not add it to PATH), or None."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for place in _install_places():
        if place.is_file():
            return str(place)
    return None


def _install_places() -> list[Path]:
    """Where LibreOffice's own installer puts the program on Windows and macOS."""
    if sys.platform == "win32":
        roots = [os.environ.get(name) for name in ("PROGRAMFILES", "PROGRAMW6432",
                                                   "PROGRAMFILES(X86)")]
        places = [Path(root, "LibreOffice", "program", "soffice.exe") for root in roots if root]
        local = os.environ.get("LOCALAPPDATA")  # an install for one user only
        if local:
            places.append(Path(local, "Programs", "LibreOffice", "program", "soffice.exe"))
        return places
    if sys.platform == "darwin":
        return [Path(root, "LibreOffice.app", "Contents", "MacOS", "soffice")
                for root in ("/Applications", str(Path.home() / "Applications"))]
    return []


def need_libreoffice() -> None:
    """Before any work: without LibreOffice there is no PDF; say how to get it, exit 2 (vaplan
    could not run, as everywhere)."""
    if libreoffice() is None:
        fail(GET_LIBREOFFICE)


def to_pdf(docx: bytes) -> bytes:
    """The PDF of a Word document for a command: exit 2, saying why, without LibreOffice or
    when the conversion fails."""
    try:
        return docx_to_pdf(docx)
    except PdfError as err:
        fail(str(err))


#: The most of LibreOffice's own output kept for a message: its last lines.
SAID_BYTES = 4096


class _Terminated(BaseException):
    """SIGTERM while LibreOffice works: unwind, so it is stopped and its folder removed."""


@contextmanager
def _stopped_on_sigterm() -> Iterator[None]:
    """While converting, SIGTERM unwinds like Ctrl-C, so LibreOffice (its whole process group)
    is stopped and the temporary folder removed; vaplan then ends as SIGTERM ends it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum: int, frame: object) -> None:
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        os.kill(os.getpid(), signal.SIGTERM)
        raise SystemExit(128 + signal.SIGTERM) from None  # if SIGTERM is ignored here
    finally:
        signal.signal(signal.SIGTERM, previous)


def docx_to_pdf(docx: bytes, timeout: Optional[float] = None) -> bytes:
    """The PDF of a Word document, made by LibreOffice in a private temporary folder.

    What LibreOffice prints goes to a file in that folder, of which only the last SAID_BYTES
    are read (it may print without end); vaplan waits for LibreOffice itself, not for a
    helper it started that still holds the output; and the whole process group is stopped
    at the end, at the timeout, and on SIGTERM, with the folder removed."""
    timeout = TIMEOUT if timeout is None else timeout
    program = libreoffice()
    if program is None:
        raise NoLibreOffice()
    with _stopped_on_sigterm(), tempfile.TemporaryDirectory(prefix="vaplan-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx)
        out = folder / "out"
        profile = folder / "profile"
        log = folder / "said.log"
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", "pdf", "--outdir", str(out), str(source)]
        # HOME and TMPDIR point into the folder too, so nothing LibreOffice writes for itself
        # lands in the person's home
        env = {**os.environ, "HOME": work, "TMPDIR": work}
        with open(log, "wb") as said_to:
            try:
                process = subprocess.Popen(command, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                           stdout=said_to, stderr=subprocess.STDOUT,
                                           start_new_session=True)
            except OSError as err:
                raise PdfError(f"LibreOffice ({program}) could not be started: "
                               f"{err.strerror or err}") from None
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice did not finish the PDF within {timeout:g} seconds; "
                           "close other LibreOffice work and try again, or use --format docx "
                           "and print from Word") from None
        finally:
            _stop(process)  # its helpers too: nothing of it outlives the command
        pdf = out / "document.pdf"
        data = pdf.read_bytes() if pdf.is_file() else b""
        if not data.startswith(b"%PDF"):
            last = _tail(log).decode("utf-8", "replace").strip().splitlines()[-1:]
            raise PdfError("LibreOffice made no PDF" + (f" (it said: {last[0][:200]})"
                                                        if last else "")
                           + "; use --format docx and print from Word")
        return data


def _tail(path: Path) -> bytes:
    """The last SAID_BYTES of a file."""
    with open(path, "rb") as stream:
        stream.seek(0, os.SEEK_END)
        stream.seek(max(0, stream.tell() - SAID_BYTES))
        return stream.read(SAID_BYTES)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the LibreOffice process group (soffice starts soffice.bin), if anything is left."""
    killpg = getattr(os, "killpg", None)  # not on Windows: end the one process there
    try:
        if killpg is not None:
            killpg(process.pid, signal.SIGKILL)
        elif process.poll() is None:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
