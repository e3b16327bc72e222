"""The CI examples in examples/ci run as written: every vaplan command in them works, and the
files they upload are the files those commands write."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from vaplan.cli.main import app

CI = ROOT / "examples" / "ci"
PLAN = Path(__file__).parent / "data" / "ci-plan"


def _github_commands(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"]
            if "run" in step]


def _run_vaplan(commands: list[str], workdir: Path) -> set[str]:
    """Run each `vaplan ...` command in `workdir` with $PLAN set; return the files written."""
    shutil.copytree(PLAN, workdir / "plan")
    ran = 0
    for command in commands:
        words = shlex.split(command.replace("$PLAN", "plan"), comments=True)
        if words[:1] != ["vaplan"]:
            continue
        result = CliRunner().invoke(app, words[1:], catch_exceptions=False)
        assert result.exit_code in (0, 1), f"{command}\n{result.output}"
        ran += 1
    assert ran, "the example runs no vaplan command"
    return {p.name for p in workdir.iterdir() if p.is_file()}


def test_github_workflow_commands_write_what_it_uploads(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text("utf-8"))
    monkeypatch.chdir(tmp_path)
    written = _run_vaplan(_github_commands(workflow), tmp_path)
    steps = workflow["jobs"]["check"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith(
        "github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] in written
    artifact = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert set(artifact["with"]["path"].split()) <= written
    assert "checklist.docx" in written
    assert workflow["jobs"]["check"]["permissions"]["security-events"] == "write"


def _install_lines() -> dict[str, list[str]]:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text("utf-8"))
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text("utf-8"))["vaplan-check"]
    found = {"github": _github_commands(workflow), "gitlab": job["script"]}
    return {name: [c for c in commands if "pip install" in c] for name, commands in found.items()}


def test_examples_install_the_version_the_plan_pins_never_a_package_named_vaplan() -> None:
    # No `vaplan` is published on PyPI: `pip install vaplan` fails today and would install a
    # stranger's package the day someone takes the name.
    for name, lines in _install_lines().items():
        assert lines == ["pip install -r vaplan-requirements.txt"], name
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "vaplan-requirements.txt" in readme
    assert re.search(r"^ +vaplan @ git\+https://.+@v\d", readme, re.M), \
        "the README shows the pinned line a plan keeps"


def test_code_scanning_upload_is_optional_and_cannot_fail_a_clean_plan() -> None:
    # Code scanning is off in most private repositories (plans hold phone numbers): there the
    # upload fails, so it runs only when the repository turns it on, and never fails the job.
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text("utf-8"))
    job = workflow["jobs"]["check"]
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith(
        "github/codeql-action/upload-sarif@"))
    assert "vars.VAPLAN_CODE_SCANNING == 'true'" in upload["if"]
    assert upload["continue-on-error"] is True
    assert job["permissions"]["actions"] == "read"
    assert "optional" in (CI / "github-actions.yml").read_text("utf-8").lower()


@pytest.mark.slow
def test_a_pinned_requirements_line_installs_vaplan(tmp_path: Path) -> None:
    """The line a plan keeps, aimed at this checkout's HEAD, is one pip installs from."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip(f"{ROOT} is not a git checkout with a commit")
    pins = tmp_path / "vaplan-requirements.txt"
    # file://localhost/...: older pips refuse an empty host in a requirement's URL.
    where = ROOT.resolve().as_posix()
    pins.write_text(f"vaplan @ git+file://localhost{where}@{head.stdout.strip()}\n")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                           "--target", str(tmp_path / "site"), "-r", str(pins)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "site" / "vaplan" / "templates" / "checklist.docx").is_file()


def test_gitlab_job_writes_its_junit_report(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text("utf-8"))["vaplan-check"]
    monkeypatch.chdir(tmp_path)
    written = _run_vaplan(job["script"], tmp_path)
    assert job["artifacts"]["reports"]["junit"] in written
    assert job["artifacts"]["reports"]["codequality"] in written
    assert set(job["artifacts"]["paths"]) <= written
    assert job["artifacts"]["when"] == "always"
