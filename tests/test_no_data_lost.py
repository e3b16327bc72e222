"""No command but the editing ones touches a plan's files; none leaves anything in the plan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import copy_plan
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
    plan = copy_plan(tmp_path, EXAMPLE)
    before = _snapshot(plan)
    result = CliRunner().invoke(app, ["confirm", str(plan), "review-existing-plans",
                                      "--date", "2026-11-01", "--note", "Reviewed"])
    assert result.exit_code == 0, result.output
    after = _snapshot(plan)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {"checklist.yaml"}


@pytest.mark.slow
def test_concurrent_edits_keep_every_change(tmp_path: Path) -> None:
    """Ten `vaplan confirm` and tailor runs at once, as real processes: each one's change is kept
    (they take a lock on the folder around reading, changing and writing checklist.yaml)."""
    import subprocess
    import sys

    from vaplan.catalogue import catalogue
    from vaplan.edit.starter import starter_text
    from vaplan.load.yamlload import load_yaml

    plan = copy_plan(tmp_path, EXAMPLE)
    (plan / "checklist.yaml").write_text(starter_text("checklist.yaml").replace(
        "\nitems: {}", "\nitems:\n  review-existing-plans: {status: done, date: 2026-10-01}", 1))
    recorded = load_yaml((plan / "checklist.yaml").read_bytes()).data["items"]
    assert recorded  # an entry that was there before is kept too
    items = [i for i in catalogue().ids if i not in recorded][:10]
    assert len(items) == 10
    commands = [["confirm", str(plan), item, "--date", "2026-11-01", *DATE] for item in items[:8]]
    commands += [["tailor", str(plan), item, "--reason", "not here"] for item in items[8:]]
    runs = [subprocess.Popen([sys.executable, "-m", "vaplan", *command], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for command in commands]
    for process in runs:
        assert process.wait(timeout=600) == 0, process.stderr.read()  # type: ignore[union-attr]
    loaded = load_yaml((plan / "checklist.yaml").read_bytes())
    assert not loaded.problems
    after = loaded.data["items"]
    assert [after[i]["status"] for i in items[:8]] == ["done"] * 8
    assert [after[i]["applicable"] for i in items[8:]] == [False] * 2
    assert all(after[i] == recorded[i] for i in recorded)
    assert CliRunner().invoke(app, ["check", str(plan), *DATE]).exit_code in (0, 1)
    assert sorted(p.name for p in plan.iterdir()) == sorted(
        [p.name for p in EXAMPLE.iterdir()] + (["checklist.yaml"] if not
                                               (EXAMPLE / "checklist.yaml").exists() else []))
