"""The `vaplan-check` hook, run by pre-commit itself in a plan's repository.

pre-commit clones this repository at a commit and installs vaplan from it, so the test uses
the checkout's HEAD: only committed content is tested. It is skipped, saying why, where git,
pre-commit or a committed `.pre-commit-hooks.yaml` is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_plan

#: Builds packages or runs pre-commit in fresh environments: seconds each.
pytestmark = pytest.mark.slow

PLAN = Path(__file__).parent / "data" / "ci-plan"

pytestmark = pytest.mark.slow  # pre-commit clones this repository and builds a virtualenv


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env=_clean_env())


def _clean_env() -> dict[str, str]:
    """No git variables of an enclosing hook or CI step leak into the test's repositories."""
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


@pytest.fixture(scope="module")
def head() -> str:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")
    sha = _git("rev-parse", "HEAD", cwd=ROOT)
    if sha.returncode != 0:
        pytest.skip(f"{ROOT} is not a git checkout with a commit: {sha.stderr.strip()}")
    if _git("cat-file", "-e", "HEAD:.pre-commit-hooks.yaml", cwd=ROOT).returncode != 0:
        pytest.skip(".pre-commit-hooks.yaml is not committed; pre-commit installs the hook "
                    "from the commit, so commit it first")
    return sha.stdout.strip()


@pytest.fixture()
def plan_repo(tmp_path: Path, head: str):
    """A plan's own repository: the plan at its root and a config using this repo's hook."""
    repo = copy_plan(tmp_path, PLAN, "county-plan")
    (repo / "README.md").write_text("Our victim assistance plan.\n")
    assert _git("init", "-q", cwd=repo).returncode == 0

    def run(*hook_args: str, files: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
        args = ", ".join(f'"{a}"' for a in ("--today", "2026-11-28", *hook_args))
        (repo / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {ROOT.resolve()}\n    rev: {head}\n"
            f"    hooks:\n      - id: vaplan-check\n        args: [{args}]\n")
        _git("add", "-A", cwd=repo)
        env = {**_clean_env(), "PRE_COMMIT_HOME": str(tmp_path.parent / "pre-commit-cache"),
               "PRE_COMMIT_COLOR": "never"}
        which = ["--files", *files] if files else ["--all-files"]
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "vaplan-check",
                               *which], cwd=repo, capture_output=True, text=True, env=env,
                              timeout=900)

    return run


def test_the_hook_fails_on_a_plan_with_errors(plan_repo) -> None:
    result = plan_repo()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "vaplan check" in result.stdout and "Failed" in result.stdout
    assert "agreements.yaml:7:5  error    VP502" in result.stdout


def test_the_hook_passes_when_the_errors_are_ignored(plan_repo) -> None:
    result = plan_repo("--ignore", "VP101,VP502")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_hook_skips_commits_without_plan_files(plan_repo) -> None:
    result = plan_repo(files=("README.md",))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Skipped" in result.stdout


@pytest.mark.parametrize("name", ["exercises.yaml", "meetings.yaml"])
def test_the_hook_runs_when_any_yaml_file_of_the_plan_changes(plan_repo, tmp_path: Path,
                                                              name: str) -> None:
    # exercises.yaml is read by `vaplan check` today; meetings.yaml stands for a plan file a
    # later version adds: a change to either must not slip past the hook.
    (tmp_path / "county-plan" / name).write_text("# kept by the committee\n", encoding="utf-8")
    result = plan_repo(files=(name,))
    assert "Skipped" not in result.stdout, result.stdout
    assert result.returncode == 1 and "VP502" in result.stdout, result.stdout + result.stderr
