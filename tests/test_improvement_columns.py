"""The improvement plan (issue 23): where each action came from and what validated it, who to
ask when `contact:` is empty, and the after-action reports still owed, as the checklist and the
calendar count them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import PIMA, TODAY_ARGS, copy_plan, run


def _export(plan: Path, *args: str) -> str:
    result = run("export", "improvement-plan", plan, *args, *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    return result.stdout


def _rows(plan: Path, *args: str) -> dict[str, dict[str, str]]:
    text = _export(plan, "-f", "csv", *args).removeprefix("\ufeff")  # Excel's byte-order mark
    return {r["id"]: r for r in csv.DictReader(io.StringIO(text))}


def test_each_action_names_its_source_exercise_and_what_validated_it() -> None:
    rows = _rows(PIMA)
    signs = rows["fac-bilingual-signs"]
    assert signs["source_exercise"] == (
        "Shooting at a public event: family assistance and notification tabletop")
    assert signs["validated_by"] == (
        "EOC activation with a victim assistance liaison, functional exercise")
    assert rows["jic-family-line"]["validated_by"] == ""
    markdown = _export(PIMA)
    assert "| Source exercise | Validated by |" in markdown


def test_the_representative_is_the_contact_when_none_is_named(tmp_path: Path) -> None:
    import yaml

    plan = copy_plan(tmp_path)
    path = plan / "exercises.yaml"
    path.write_text(path.read_text().replace("    contact: Helen Park\n", ""))
    committee = yaml.safe_load((plan / "committee.yaml").read_text())
    [tucson] = [m for m in committee["members"] if m["id"] == "city-of-tucson"]
    representative = tucson["representative"]["name"]
    assert _rows(plan)["jic-family-line"]["contact"] == representative
    public = _rows(plan, "--public")
    assert "contact" not in public["jic-family-line"]
    assert representative not in _export(plan, "--public")


def test_after_action_reports_owed_are_listed(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path)
    (plan / "exercises" / "eoc-functional-2026-aar.md").unlink()
    markdown = _export(plan)
    assert "After-action reports still owed:" in markdown
    assert ("- EOC activation with a victim assistance liaison, functional exercise (held "
            "2026-08-20): after-action report overdue since 2026-11-18") in markdown
    assert "still owed" not in _export(PIMA)
    docx = tmp_path / "plan.docx"
    assert run("export", "improvement-plan", plan, "-o", docx, *TODAY_ARGS).exit_code == 0
    from docx import Document

    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "overdue since 2026-11-18" in text
