"""`render --kind packet --since REVISION` reads the plan's git history without running any
program the repository names: one test per configuration key known to make git run one. Each
key points at a script that writes a marker file; the marker must never appear."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from conftest import RIVERSIDE, TODAY_ARGS, copy_plan, run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

_ENV = {"GIT_AUTHOR_NAME": "Clerk", "GIT_AUTHOR_EMAIL": "clerk@example.org",
        "GIT_COMMITTER_NAME": "Clerk", "GIT_COMMITTER_EMAIL": "clerk@example.org",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}

_SIGNATURE = ("-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEEAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
              "=AAAA\n-----END PGP SIGNATURE-----")


def git(repo: Path, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(["git", *args], cwd=repo, env={**os.environ, **_ENV}, check=True,
                          capture_output=True, text=True, input=stdin).stdout


def _script(tmp_path: Path, marker: Path) -> Path:
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\necho \"$0 $*\" >> '{marker}'\ncat >/dev/null 2>&1\nexit 0\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def _signed_commit(root: Path, message: str) -> None:
    """Commit the index as a commit carrying a (fake) PGP signature, as `git commit -S` would."""
    tree = git(root, "write-tree").strip()
    head = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=root,
                          capture_output=True, text=True).stdout.strip()
    signature = _SIGNATURE.replace("\n", "\n ")
    body = (f"tree {tree}\n" + (f"parent {head}\n" if head else "")
            + "author Clerk <clerk@example.org> 1790000000 +0000\n"
            + "committer Clerk <clerk@example.org> 1790000000 +0000\n"
            + f"gpgsig {signature}\n\n{message}\n")
    commit = git(root, "hash-object", "-t", "commit", "-w", "--stdin", stdin=body).strip()
    git(root, "update-ref", "HEAD", commit)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A plan in a repository: a signed commit, then an ordinary one."""
    root = copy_plan(tmp_path, RIVERSIDE, "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    _signed_commit(root, "Plan as agreed")
    (root / "resources.yaml").write_text((root / "resources.yaml").read_text() + "# later\n")
    git(root, "commit", "-q", "-am", "Later")
    return root


def _gpg(root: Path, script: Path) -> None:
    git(root, "config", "log.showSignature", "true")
    git(root, "config", "gpg.program", str(script))


def _include(root: Path, script: Path) -> None:
    included = root.parent / "included.config"
    included.write_text(f"[log]\n\tshowSignature = true\n[gpg]\n\tprogram = {script}\n"
                        f"[core]\n\tfsmonitor = {script}\n\tpager = {script}\n")
    git(root, "config", "include.path", str(included))


def _pagers(root: Path, script: Path) -> None:
    git(root, "config", "core.pager", str(script))
    for command in ("log", "cat-file", "rev-parse", "ls-tree", "show"):
        git(root, "config", f"pager.{command}", str(script))


def _fsmonitor(root: Path, script: Path) -> None:
    git(root, "config", "core.fsmonitor", str(script))


def _hooks(root: Path, script: Path) -> None:
    hooks = root.parent / "hooks"
    hooks.mkdir()
    for name in ("post-checkout", "post-index-change", "reference-transaction", "pre-commit",
                 "post-rewrite", "fsmonitor-watchman", "pre-auto-gc"):
        (hooks / name).symlink_to(script)
    git(root, "config", "core.hooksPath", str(hooks))


def _external_diff(root: Path, script: Path) -> None:
    git(root, "config", "diff.external", str(script))


def _textconv(root: Path, script: Path) -> None:
    (root / ".gitattributes").write_text("*.yaml diff=evil\n")
    git(root, "config", "diff.evil.textconv", str(script))
    git(root, "config", "diff.evil.command", str(script))
    git(root, "config", "filter.evil.smudge", str(script))
    git(root, "config", "filter.evil.process", str(script))


def _lazy_fetch(root: Path, script: Path) -> None:
    """The repository claims to be a partial clone and a blob of the old commit is missing, so
    git would fetch it from `origin`, by ssh (core.sshCommand), over `ext::` (any command) and
    with credential helpers."""
    git(root, "config", "core.repositoryformatversion", "1")
    git(root, "config", "extensions.partialClone", "origin")
    git(root, "config", "remote.origin.promisor", "true")
    git(root, "config", "remote.origin.url", f"ext::{script} %S")
    git(root, "config", "protocol.ext.allow", "always")
    git(root, "config", "protocol.allow", "always")
    git(root, "config", "core.sshCommand", str(script))
    git(root, "config", "credential.helper", f"!{script}")
    blob = git(root, "rev-parse", "HEAD~1:committee.yaml").strip()
    (root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()


@pytest.mark.parametrize("arm", [_gpg, _include, _pagers, _fsmonitor, _hooks, _external_diff,
                                 _textconv, _lazy_fetch])
def test_reading_an_earlier_revision_runs_no_program_of_the_repository(
        tmp_path: Path, repo: Path, arm: Callable[[Path, Path], None]) -> None:
    marker = tmp_path / "ran"
    script = _script(tmp_path, marker)
    arm(repo, script)
    result = run("render", repo, "--kind", "packet", "--since", "HEAD~1", *TODAY_ARGS)
    assert "Traceback" not in result.output + result.stderr
    assert not marker.exists(), marker.read_text()
    if arm is not _lazy_fetch:
        assert result.exit_code == 0, result.stderr
        short = git(repo, "rev-parse", "--short", "HEAD~1").strip()
        assert f"(commit {short} of 2026-09-21)" in result.output  # the signed commit's day
    else:
        assert result.exit_code == 2, result.output


def test_the_scripts_would_run_if_git_were_asked_plainly(tmp_path: Path, repo: Path) -> None:
    """The test's repository does arm git: an ordinary `git log` runs gpg.program."""
    marker = tmp_path / "ran"
    _gpg(repo, _script(tmp_path, marker))
    git(repo, "log", "-1", "HEAD~1")
    assert marker.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="handing the repository to another owner needs root")
def test_a_repository_the_person_marked_safe_stays_readable(
        tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git refuses a repository owned by someone else unless the person's own configuration
    lists it in safe.directory; vaplan ignores their configuration but keeps that setting."""
    from vaplan.checklist import gitplan

    for path in [repo, *repo.rglob("*")]:
        os.lchown(path, 4321, 4321)
    own = tmp_path / "my.gitconfig"
    own.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(own))
    gitplan._trusted_directories.cache_clear()
    refused = run("render", repo, "--kind", "packet", "--since", "HEAD~1", *TODAY_ARGS)
    assert refused.exit_code == 2 and "dubious ownership" in refused.stderr
    own.write_text(f"[safe]\n\tdirectory = {repo}\n")
    gitplan._trusted_directories.cache_clear()
    try:
        accepted = run("render", repo, "--kind", "packet", "--since", "HEAD~1", *TODAY_ARGS)
    finally:
        gitplan._trusted_directories.cache_clear()
    assert accepted.exit_code == 0, accepted.stderr
