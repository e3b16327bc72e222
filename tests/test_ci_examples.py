"""The CI examples in examples/ci run as written: every vaplan command in them works, and the
files they upload are the files those commands write."""

from __future__ import annotations

import shlex
import shutil
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


def test_gitlab_job_writes_its_junit_report(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text("utf-8"))["vaplan-check"]
    monkeypatch.chdir(tmp_path)
    written = _run_vaplan(job["script"], tmp_path)
    assert job["artifacts"]["reports"]["junit"] in written
    assert set(job["artifacts"]["paths"]) <= written
    assert job["artifacts"]["when"] == "always"
