"""Progress is visible (PLAN-FORMAT.md "What a committee is shown"): `vaplan check` says which
checklist items the work since the plan was last committed has met, read back from git."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import RIVERSIDE, TODAY_ARGS, copy_plan

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

_ENV = {"GIT_AUTHOR_NAME": "Clerk", "GIT_AUTHOR_EMAIL": "clerk@example.org",
        "GIT_COMMITTER_NAME": "Clerk", "GIT_COMMITTER_EMAIL": "clerk@example.org",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_COMMITTER_DATE": "2026-11-03T12:00:00+00:00",
        "GIT_AUTHOR_DATE": "2026-11-03T12:00:00+00:00"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env={**os.environ, **_ENV}, check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = copy_plan(tmp_path, RIVERSIDE, "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Plan as agreed")
    return root


def _reach_the_clergy_council(root: Path) -> None:
    path = root / "committee.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      title: Council Secretary\n",
                                 "      title: Council Secretary\n"
                                 "      email: dwalton@clergy.example.org\n"), encoding="utf-8")


def test_check_says_what_the_work_since_the_last_commit_met(repo: Path, cli) -> None:
    assert "Progress:" not in cli("check", repo, *TODAY_ARGS).output  # nothing done since
    _reach_the_clergy_council(repo)
    out = cli("check", repo, *TODAY_ARGS).output
    short = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert f"Progress: +1 met since commit {short} of 2026-11-03: members-reachable\n" in out
    # the readiness line comes first, as before, and the progress line right after it
    lines = out.splitlines()
    assert lines[-2].startswith("Readiness: ") and lines[-1].startswith("Progress: ")


def test_an_item_no_longer_met_is_said_too(repo: Path, cli) -> None:
    _reach_the_clergy_council(repo)
    git(repo, "commit", "-q", "-am", "Clergy council reachable")
    path = repo / "committee.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      email: dwalton@clergy.example.org\n", ""), encoding="utf-8")
    out = cli("check", repo, *TODAY_ARGS).output
    short = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert (f"Progress: 1 no longer met since commit {short} of 2026-11-03: members-reachable"
            in out)


def test_outside_git_nothing_is_said(tmp_path: Path, cli) -> None:
    plan = copy_plan(tmp_path, RIVERSIDE)
    _reach_the_clergy_council(plan)
    assert "Progress:" not in cli("check", plan, *TODAY_ARGS).output


def test_the_packet_says_what_was_met_since_the_revision_given(repo: Path, cli) -> None:
    git(repo, "tag", "fall-meeting")
    _reach_the_clergy_council(repo)
    git(repo, "commit", "-q", "-am", "Clergy council reachable")
    out = cli("render", repo, "--kind", "packet", "--since", "fall-meeting", *TODAY_ARGS).output
    # a tag names the meeting; the committee's handout names no commit
    assert "**Progress:** +1 met since fall-meeting of 2026-11-03" in out
    assert ": Every member's representative can be reached by email…" in out
    # a date finds the plan as committed on or before it
    out = cli("render", repo, "--kind", "packet", "--since", "2026-11-03", *TODAY_ARGS).output
    assert "**Progress:** no item newly met since 2026-11-03" in out
