"""Large plans: vaplan's own templates grow their limits with the plan (a 20,000-member
checklist renders), a user's template keeps the fixed caps, and a long run shows progress on a
terminal's standard error only."""

from __future__ import annotations

import io
import shutil
import sys
import time
from pathlib import Path

import pytest

from conftest import PIMA, ROOT, TODAY, TODAY_ARGS, run
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist
from vaplan.cli.app import progress
from vaplan.render import TemplateProblem, bounds, render_docx, render_markdown


@pytest.fixture(scope="module")
def checklist():
    return build_checklist(check_plan(PIMA, TODAY))


def test_bundled_templates_grow_their_caps_with_the_plan_user_templates_do_not(
        checklist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The caps as if this plan were a hundred times the plan they were made for.
    monkeypatch.setattr(bounds, "MAX_OUTPUT", 5_000)
    monkeypatch.setattr(bounds, "PLAN_TEXT_PER_STEP", 2_000)
    text = render_markdown(checklist)
    assert len(text) > 5_000 and text.startswith("# ")
    assert render_docx(checklist)[:2] == b"PK"
    copy = tmp_path / "mine.md.j2"
    shutil.copy(ROOT / "templates" / "checklist.md.j2", copy)  # the same text, given by a user
    with pytest.raises(TemplateProblem) as refused:
        render_markdown(checklist, copy)
    assert "writes more than 5,000 characters" in refused.value.problems[0]


def test_a_limit_of_vaplans_own_template_never_blames_the_user(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "MAX_OUTPUT", 1_000)
    monkeypatch.setattr(bounds, "PLAN_TEXT_PER_STEP", 10 ** 9)
    result = run("render", PIMA, *TODAY_ARGS)
    assert result.exit_code == 2
    assert result.stderr.startswith("vaplan: vaplan could not make the checklist: ")
    assert "template check" not in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_run_shows_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    screen = _Terminal()
    with progress("vaplan is working", stream=screen, after=0.05):
        time.sleep(0.6)
    assert "vaplan is working" in screen.getvalue()


def test_a_quick_run_or_a_pipe_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    quick = _Terminal()
    with progress("vaplan is working", stream=quick, after=5):
        pass
    assert quick.getvalue() == ""
    pipe = io.StringIO()
    with progress("vaplan is working", stream=pipe, after=0):
        time.sleep(0.3)
    assert pipe.getvalue() == ""


@pytest.mark.slow
def test_a_20000_member_plan_renders_its_word_checklist(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import write_plan  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    plan = write_plan(tmp_path / "big", 20_000)
    out = tmp_path / "checklist.docx"
    result = run("render", plan, "-o", out, *TODAY_ARGS)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK"
