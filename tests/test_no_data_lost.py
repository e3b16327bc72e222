"""No command but the editing ones touches a plan's files; none leaves anything in the plan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vaplan.cli.main import app

EXAMPLE = Path(__file__).parent.parent / "examples" / "riverside-city"
DATE = ["--today", "2026-11-28"]


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", [
    ["check", "{plan}", "--format", "json", "--output", "sarif:{out}/r.sarif",
     "--output", "junit:{out}/r.xml"],
    ["check", "{plan}", "{plan}", "--format", "github"],
    ["render", "{plan}"],
    ["render", "{plan}", "-o", "{out}/checklist.docx"],
    ["render", "{plan}", "-o", "{out}/checklist.md"],
    ["export", "calendar", "{plan}", "-o", "{out}/plan.ics"],
    ["export", "roster", "{plan}", "--format", "csv", "-o", "{out}/roster.csv"],
    ["schema", "-o", "{out}/schemas"],
    ["rules"],
])
def test_reading_commands_leave_the_plan_as_it_was(tmp_path: Path, command: list[str]) -> None:
    plan, out = tmp_path / "plan", tmp_path / "out"
    shutil.copytree(EXAMPLE, plan)
    out.mkdir()
    before = _snapshot(plan)
    args = [part.format(plan=plan, out=out) for part in command]
    if args[0] in ("check", "render", "export"):
        args += DATE
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    assert _snapshot(plan) == before


def test_confirm_changes_only_checklist_yaml(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLE, plan)
    before = _snapshot(plan)
    result = CliRunner().invoke(app, ["confirm", str(plan), "review-existing-plans",
                                      "--date", "2026-11-01", "--note", "Reviewed"])
    assert result.exit_code == 0, result.output
    after = _snapshot(plan)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {"checklist.yaml"}
