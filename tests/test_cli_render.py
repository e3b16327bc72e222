"""`vaplan render` and `vaplan template check` through Typer's CliRunner: formats, exit codes,
overwrite refusal, atomic writes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest

from conftest import ROOT, TODAY_ARGS, run
from vaplan import atomic
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist
from vaplan.render import render_markdown

PLAN = Path(__file__).parent / "data" / "render-plan"
TEMPLATES = ROOT / "templates"


def test_markdown_goes_to_stdout() -> None:
    result = run("render", PLAN, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    expected = render_markdown(build_checklist(check_plan(PLAN, date(2026, 11, 28))))
    assert result.stdout == expected


def test_exit_code_does_not_depend_on_findings(tmp_path: Path) -> None:
    """The plan has errors; rendering it still succeeds (that is `vaplan check`'s job)."""
    result = run("render", ROOT / "examples" / "riverside-city", "-o", tmp_path / "c.md", *TODAY_ARGS)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("name", "args", "kind"), [
    ("checklist.md", [], "md"),
    ("checklist.docx", [], "docx"),
    ("checklist.txt", [], "md"),
    ("checklist.out", ["--format", "docx"], "docx"),
    ("checklist.docx", ["--format", "md"], "md"),
])
def test_format_follows_the_extension_unless_given(tmp_path: Path, name: str, args: list,
                                                   kind: str) -> None:
    out = tmp_path / name
    result = run("render", PLAN, "-o", out, *args, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if kind == "docx":
        assert docx.Document(io.BytesIO(data)).paragraphs[0].text.startswith("Partnerships")
    else:
        assert data.startswith(b"# Partnerships & Planning checklist: Harbor County")
    assert list(tmp_path.iterdir()) == [out]


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    result = run("render", PLAN, "-o", tmp_path / "checklist.doc", *TODAY_ARGS)
    assert result.exit_code == 2
    assert "cannot tell the format from 'checklist.doc'" in result.stderr
    assert not (tmp_path / "checklist.doc").exists()


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "checklist.md"
    out.write_text("the committee's own notes\n")
    result = run("render", PLAN, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 2
    assert result.stderr == (f"vaplan: cannot write {str(out)!r}: it already exists; add --force "
                             "to replace it\n")
    assert out.read_text() == "the committee's own notes\n"
    result = run("render", PLAN, "-o", out, "--force", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Partnerships & Planning checklist")


def test_overwrite_keeps_the_file_mode(tmp_path: Path) -> None:
    out = tmp_path / "checklist.md"
    out.write_text("old\n")
    out.chmod(0o640)
    assert run("render", PLAN, "-o", out, "--force", *TODAY_ARGS).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt])
def test_interrupted_write_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    out = tmp_path / "checklist.docx"
    out.write_bytes(b"the previous checklist")

    def half_then_fail(stream, data: bytes) -> None:
        stream.write(data[:len(data) // 2])
        stream.flush()
        raise error

    monkeypatch.setattr(atomic, "_write_all", half_then_fail)
    result = run("render", PLAN, "-o", out, "--force", *TODAY_ARGS)
    assert result.exit_code != 0
    if isinstance(error, OSError):
        assert result.exit_code == 2
        assert "No space left on device" in result.stderr
    assert out.read_bytes() == b"the previous checklist"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checklist.docx"]


def test_interrupted_first_write_leaves_nothing(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def fail_on_rename(src, dst) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", fail_on_rename)
    monkeypatch.setattr(atomic.os, "link", fail_on_rename)
    result = run("render", PLAN, "-o", tmp_path / "checklist.md", *TODAY_ARGS)
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_broken_template_is_exit_2_with_every_problem(tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ communty }}\n{{ sections[0].titel }}\n")
    out = tmp_path / "checklist.md"
    result = run("render", PLAN, "--template", template, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith('vaplan: mine.md.j2, line 1 ("{{ communty }}"): "communty" is not')
    assert lines[1].startswith('vaplan: mine.md.j2, line 2 ("{{ sections[0].titel }}"): a '
                               'section has no field "titel" (did you mean "title"?)')
    assert "vaplan template check" in lines[-1]
    assert not out.exists()


def test_template_kind_must_match_the_format(tmp_path: Path) -> None:
    result = run("render", PLAN, "--template", TEMPLATES / "checklist.docx", *TODAY_ARGS)
    assert result.exit_code == 2 and "is a Word template" in result.stderr
    result = run("render", PLAN, "--template", TEMPLATES / "checklist.md.j2", "-o",
                 tmp_path / "c.docx", *TODAY_ARGS)
    assert result.exit_code == 2 and "needs a .docx template" in result.stderr
    result = run("render", PLAN, "--template", tmp_path / "missing.md.j2", *TODAY_ARGS)
    assert result.exit_code == 2 and "there is no template file" in result.stderr


def test_missing_plan_is_exit_2(tmp_path: Path) -> None:
    result = run("render", tmp_path / "nowhere", *TODAY_ARGS)
    assert result.exit_code == 2 and "there is no directory" in result.stderr


def test_template_check(tmp_path: Path) -> None:
    for bundled in ("checklist.md.j2", "checklist.docx"):
        result = run("template", "check", TEMPLATES / bundled)
        assert result.exit_code == 0, result.output
        assert "no problems found" in result.stdout
    broken = tmp_path / "broken.md.j2"
    broken.write_text("{{ communty }}\n{% for s in sections %}{{ s.titel }}{% endfor %}\n"
                      "{{ ''.__class__ }}\n")
    result = run("template", "check", broken)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4 and lines[-1] == f"3 problems in {broken}"
    result = run("template", "check", tmp_path / "nothing.md.j2")
    assert result.exit_code == 2


def test_check_never_imports_the_renderers() -> None:
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom vaplan.cli.main import app\n"
            f"CliRunner().invoke(app, ['check', {str(PLAN)!r}, '--today', '2026-11-28'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('jinja2', 'docx', 'docxtpl', 'markdown_it') or m.startswith('vaplan.render')))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    # the registry of kinds (their names and help, for the command line) is all it reads
    assert out.strip() == "['vaplan.render', 'vaplan.render.kinds']"


@pytest.mark.parametrize("command, name", [
    (["render", "--format", "docx"], "checklist.docx"),
    (["export", "roster", "--format", "docx"], "FILE.docx"),
    (["export", "workbook", "-o", "-"], "FILE.xlsx"),
])
def test_a_word_document_goes_to_a_pipe_but_not_to_a_terminal(command: list[str],
                                                               name: str) -> None:
    plan = str(ROOT / "examples" / "pima-county")
    args = [sys.executable, "-m", "vaplan", *command[:2], plan, *command[2:], *TODAY_ARGS]
    if command[0] == "render":
        args = [sys.executable, "-m", "vaplan", command[0], plan, *command[1:], *TODAY_ARGS]
    piped = subprocess.run(args, capture_output=True, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert b"to standard output" in piped.stderr and piped.stdout.startswith(b"PK")
    if name.endswith(".docx"):
        assert docx.Document(io.BytesIO(piped.stdout)).element is not None
    if not hasattr(os, "openpty"):
        pytest.skip("no pseudo-terminal on this system")
    main, secondary = os.openpty()  # a terminal of our own, never the one running the tests
    try:
        on_terminal = subprocess.run(args, stdout=secondary, stderr=subprocess.PIPE,
                                     timeout=120)
    finally:
        os.close(secondary)
        os.close(main)
    assert on_terminal.returncode == 2
    assert f"would garble the terminal; give -o {name}".encode() in on_terminal.stderr


def test_a_word_document_with_standard_output_closed_is_refused_in_words() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vaplan", "render", str(ROOT / "examples" / "pima-county"),
         "--format", "docx", *TODAY_ARGS], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        timeout=120, preexec_fn=lambda: os.close(1))
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"standard output is closed, so a Word document has nowhere to go" in result.stderr
