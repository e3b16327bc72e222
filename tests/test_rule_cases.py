"""Run every case in tests/rules/VPxxx.yaml: the base plan plus the case's files, one rule's findings.

A case file names its rule and holds cases keyed `fail_...` or `pass_...` (the key is the test id):

    rule: VP101
    cases:
      fail_no_prosecutor:
        today: 2026-11-28        # optional
        files:                   # replace whole files of tests/rules/_base; null deletes one
          committee.yaml: |
            ...
        expect:                  # every finding of the rule: "file:line:column" [+ " waived"]
          - committee.yaml:2:1
        contains: prosecutor     # optional: text every finding's message contains
        severity: warning        # optional: the severity every finding has (after `checks:`)
        skipped: is missing      # optional: the rule must not run, for a reason containing this

Without `skipped`, the rule must have run: a pass case where the rule never ran proves nothing.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from vaplan.check.checker import check_plan
from vaplan.findings import Finding

CASES_DIR = Path(__file__).parent / "rules"
BASE_DIR = CASES_DIR / "_base"
DEFAULT_TODAY = date(2026, 11, 28)
CASE_KEYS = {"today", "files", "expect", "contains", "severity", "skipped"}


def load_case_file(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def iter_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("VP*.yaml")):
        data = load_case_file(path)
        for case_id, case in (data.get("cases") or {}).items():
            params.append(pytest.param(data["rule"], case, path.name, id=f"{path.stem}-{case_id}"))
    return params


def build_plan(directory: Path, files: dict[str, str | None]) -> None:
    """Copy the base plan into `directory`, then write or delete the case's files."""
    shutil.copytree(BASE_DIR, directory)
    for name, text in files.items():
        target = directory / name
        assert directory.resolve() in target.resolve().parents, f"{name} leaves the plan"
        if text is None:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def describe(finding: Finding) -> str:
    place = finding.file if finding.line is None else (
        f"{finding.file}:{finding.line}:{finding.column}")
    return place + (" waived" if finding.waived else "")


def _show(title: str, items: list[str]) -> str:
    return f"{title}:\n" + ("".join(f"    {item}\n" for item in items) or "    (none)\n")


@pytest.mark.parametrize(("rule", "case", "source"), iter_cases())
def test_rule_case(rule: str, case: dict[str, Any] | None, source: str, tmp_path: Path) -> None:
    case = case or {}
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{source}: unknown case keys {sorted(unknown)}"
    plan = tmp_path / "plan"
    build_plan(plan, case.get("files") or {})
    today = date.fromisoformat(str(case["today"])) if case.get("today") else DEFAULT_TODAY
    result = check_plan(plan, today)
    findings = [f for f in result.findings if f.code == rule]
    expected = sorted(case.get("expect") or [])
    actual = sorted(describe(f) for f in findings)
    detailed = sorted(f"{describe(f)}  {f.message}" for f in findings)
    assert actual == expected, (
        f"{source}: the findings of {rule} differ\n" + _show("expected", expected)
        + _show("actual", actual) + _show("actual, with messages", detailed))
    if case.get("contains"):
        missing = [f.message for f in findings if case["contains"] not in f.message]
        assert not missing, f'{source}: messages without "{case["contains"]}": {missing}'
    if case.get("severity"):
        wrong = [describe(f) for f in findings if f.severity.value != case["severity"]]
        assert not wrong, f'{source}: findings not of severity {case["severity"]}: {wrong}'
    skipped = {s.code: s.reason for s in result.skipped}
    if case.get("skipped"):
        assert case["skipped"] in skipped.get(rule, ""), (
            f"{source}: {rule} should not run ({case['skipped']}), but: {skipped.get(rule)}")
    else:
        assert rule not in skipped, f"{source}: {rule} did not run: {skipped[rule]}"
