"""PDF through LibreOffice: made when `soffice` is on PATH, in a private folder with a private
profile, delivered through the safe writer; a plain way to get LibreOffice when it is absent.

Fake `soffice` programs (shell scripts under tmp_path) show what vaplan asks of LibreOffice and
what it does when LibreOffice hangs or makes nothing; the real conversion runs where
LibreOffice is installed and is skipped elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PIMA, TODAY_ARGS, copy_plan, run
from vaplan.cli import pdf

GET_IT = ("https://www.libreoffice.org/download/", "sudo apt-get install libreoffice-writer-nogui",
          "--format docx")


def _bin(tmp_path: Path, script: str = "") -> Path:
    """A folder to be the whole PATH, holding a fake `soffice` if `script` is given."""
    folder = tmp_path / "bin"
    folder.mkdir()
    if script:
        program = folder / "soffice"
        program.write_text("#!/bin/sh\n" + script, encoding="utf-8")
        program.chmod(0o755)
    return folder


@pytest.mark.parametrize("args", [
    ["render", PIMA, "-o", "{out}/checklist.pdf"],
    ["render", PIMA, "--kind", "packet", "--format", "pdf", "-o", "{out}/packet.out"],
    ["export", "roster", PIMA, "--format", "pdf", "-o", "{out}/roster.pdf"],
    ["export", "roster", PIMA, "-o", "{out}/roster.pdf"],
])
def test_without_libreoffice_it_says_how_to_get_it(tmp_path: Path, args: list) -> None:
    out = tmp_path / "out"
    out.mkdir()
    empty = _bin(tmp_path)
    result = run(*[str(a).replace("{out}", str(out)) for a in args], *TODAY_ARGS,
                 env={"PATH": str(empty)})
    assert result.exit_code == 2  # vaplan could not run: 2, as everywhere
    assert all(words in result.stderr for words in GET_IT), result.stderr
    assert "Traceback" not in result.output
    assert list(out.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminal on this system")
def test_a_pdf_never_goes_to_the_terminal(tmp_path: Path) -> None:
    """Refused before LibreOffice is even looked for: the PATH here has none."""
    env = {**os.environ, "PATH": str(_bin(tmp_path))}
    for args in (["render", PIMA, "--format", "pdf"], ["export", "roster", PIMA, "-f", "pdf"]):
        main, secondary = os.openpty()  # a terminal of our own, not the one running the tests
        try:
            result = subprocess.run([sys.executable, "-m", "vaplan", *map(str, args),
                                     *TODAY_ARGS], stdout=secondary, stderr=subprocess.PIPE,
                                    env=env, timeout=120)
        finally:
            os.close(secondary)
            os.close(main)
        assert result.returncode == 2
        assert b"a PDF would garble the terminal; give -o " in result.stderr


def test_a_pdf_is_refused_over_a_file_or_a_plan_file_before_any_work(tmp_path: Path) -> None:
    """Refused before LibreOffice is even looked for: the PATH here has none."""
    plan = copy_plan(tmp_path)
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(b"the committee's own copy")
    empty = _bin(tmp_path)
    result = run("render", plan, "-o", kept, *TODAY_ARGS, env={"PATH": str(empty)})
    assert result.exit_code == 2 and "--force" in result.stderr
    assert kept.read_bytes() == b"the committee's own copy"
    before = (plan / "vaplan.yaml").read_bytes()
    result = run("render", plan, "--format", "pdf", "-o", plan / "vaplan.yaml", "--force",
                 *TODAY_ARGS, env={"PATH": str(empty)})
    assert result.exit_code == 2
    assert (plan / "vaplan.yaml").read_bytes() == before


#: A fake LibreOffice that notes its arguments, folder and HOME, and writes a small PDF where
#: it was told to.
_RECORDER = """\
printf '%s\\n' "$@" > "$VAPLAN_TEST_LOG"
printf 'cwd=%s\\nhome=%s\\n' "$PWD" "$HOME" >> "$VAPLAN_TEST_LOG"
while [ "$#" -gt 0 ]; do
  if [ "$1" = "--outdir" ]; then out="$2"; fi
  last="$1"; shift
done
mkdir -p "$out"
printf '%%PDF-1.4 fake\\n' > "$out/$(basename "$last" .docx).pdf"
"""


def test_libreoffice_runs_in_a_private_folder_with_a_private_profile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """So it works while LibreOffice is open, and never writes next to the person's files."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    log = tmp_path / "soffice.log"
    fake = _bin(tmp_path, _RECORDER)
    result = run("render", PIMA, "-o", "checklist.pdf", *TODAY_ARGS,
                 env={"PATH": f"{fake}{os.pathsep}/usr/bin{os.pathsep}/bin",
                      "VAPLAN_TEST_LOG": str(log)})
    assert result.exit_code == 0, result.output
    assert (here / "checklist.pdf").read_bytes() == b"%PDF-1.4 fake\n"
    assert sorted(p.name for p in here.iterdir()) == ["checklist.pdf"]
    said = log.read_text("utf-8").splitlines()
    profile = next(a for a in said if a.startswith("-env:UserInstallation=file://"))
    work = Path(next(a for a in said if a.startswith("cwd="))[4:])
    assert profile.startswith(f"-env:UserInstallation={work.as_uri()}/")
    # a tagged PDF (issue 23): LibreOffice's PDF export with UseTaggedPDF
    assert "--headless" in said and said[said.index("--convert-to") + 1].startswith(
        'pdf:writer_pdf_Export:{"UseTaggedPDF":')
    assert Path(said[said.index("--outdir") + 1]).is_relative_to(work)
    assert f"home={work}" in said
    assert not work.exists()  # the private folder is gone with everything in it


@pytest.mark.parametrize(("script", "says"), [
    ("sleep 60\n", "did not finish"),
    ("echo 'Error: source file could not be loaded'\n", "could not be loaded"),
])
@pytest.mark.slow
def test_a_libreoffice_that_hangs_or_makes_nothing_gets_a_plain_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, says: str) -> None:
    monkeypatch.setattr(pdf, "TIMEOUT", 1)
    fake = _bin(tmp_path, script)
    out = tmp_path / "checklist.pdf"
    result = run("render", PIMA, "-o", out, *TODAY_ARGS,
                 env={"PATH": f"{fake}{os.pathsep}/usr/bin{os.pathsep}/bin"})
    assert result.exit_code == 2
    assert says in result.stderr and "--format docx" in result.stderr
    assert not out.exists()


_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text, by pdftotext where it is installed, else its raw bytes."""
    if shutil.which("pdftotext") is None:
        return data.decode("latin-1")
    source = tmp_path / "read.pdf"
    source.write_bytes(data)
    return subprocess.run(["pdftotext", str(source), "-"], capture_output=True, check=True,
                          timeout=120).stdout.decode("utf-8")


@pytest.mark.slow
@pytest.mark.skipif(_SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_makes_the_checklist_and_call_sheet_pdf(tmp_path: Path) -> None:
    checklist = tmp_path / "checklist.pdf"
    result = run("render", PIMA, "-o", checklist, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    data = checklist.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        assert "Pima County" in _text(data, tmp_path)
    roster = tmp_path / "roster.pdf"
    result = run("export", "roster", PIMA, "--public", "--format", "pdf", "-o", roster,
                 *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert roster.read_bytes().startswith(b"%PDF")
    assert "Pima County" in _text(roster.read_bytes(), tmp_path) or not shutil.which(
        "pdftotext")
    left = {p.name for p in tmp_path.iterdir()} - {"read.pdf"}  # read.pdf: pdftotext's copy
    assert left == {"checklist.pdf", "roster.pdf"}  # LibreOffice left nothing beside them
