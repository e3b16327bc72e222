"""PDF through LibreOffice: a Word document vaplan made, converted by `soffice --headless`.

LibreOffice runs in a private temporary folder with a private, throw-away user profile, so it
works while the person has LibreOffice open, never writes next to their files, and leaves
nothing behind; it is stopped, with everything it started, after `TIMEOUT` seconds. The PDF is
handed back as bytes, for the command to write through the one safe writer (vaplan.atomic).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional


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


def docx_to_pdf(docx: bytes, timeout: Optional[float] = None) -> bytes:
    """The PDF of a Word document, made by LibreOffice in a private temporary folder."""
    timeout = TIMEOUT if timeout is None else timeout
    program = libreoffice()
    if program is None:
        raise NoLibreOffice()
    with tempfile.TemporaryDirectory(prefix="vaplan-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx)
        out = folder / "out"
        profile = folder / "profile"
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", "pdf", "--outdir", str(out), str(source)]
        # HOME and TMPDIR point into the folder too, so nothing LibreOffice writes for itself
        # lands in the person's home
        env = {**os.environ, "HOME": work, "TMPDIR": work}
        try:
            process = subprocess.Popen(command, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        except OSError as err:
            raise PdfError(f"LibreOffice ({program}) could not be started: "
                           f"{err.strerror or err}") from None
        try:
            said, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise PdfError(f"LibreOffice did not finish the PDF within {timeout:g} seconds; "
                           "close other LibreOffice work and try again, or use --format docx "
                           "and print from Word") from None
        finally:
            _stop(process)  # its helpers too: nothing of it outlives the command
        pdf = out / "document.pdf"
        data = pdf.read_bytes() if pdf.is_file() else b""
        if not data.startswith(b"%PDF"):
            last = said.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise PdfError("LibreOffice made no PDF" + (f" (it said: {last[0]})" if last else "")
                           + "; use --format docx and print from Word")
        return data


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
