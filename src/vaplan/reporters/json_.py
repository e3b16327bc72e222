"""The contract's JSON report: every finding, and a summary with the rules that could not run."""

from __future__ import annotations

import json

from vaplan.check.checker import CheckResult
from vaplan.findings import Finding
from vaplan.text import without_bidi


def finding_dict(finding: Finding) -> dict:
    return {"code": finding.code, "name": finding.name, "severity": finding.severity.value,
            "message": finding.message, "file": finding.file, "line": finding.line,
            "column": finding.column, "waived": finding.waived, "hint": finding.hint}


def render_json(result: CheckResult) -> str:
    """The contract's JSON: findings and summary (with the rules that could not run)."""
    counts = result.counts()
    summary = {**counts, "checklist": result.progress}
    return without_bidi(json.dumps({
        "plan": str(result.directory),
        "findings": [finding_dict(f) for f in result.findings],
        "summary": summary,
        "skipped": [{"code": s.code, "name": s.name, "reason": s.reason} for s in result.skipped],
    }, indent=2, ensure_ascii=False)) + "\n"
