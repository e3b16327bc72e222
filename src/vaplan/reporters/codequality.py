"""GitLab Code Quality: a JSON array with one issue per finding, shown on the merge request.

The fields are those GitLab documents for a Code Quality report (docs.gitlab.com, "Code Quality
report format"): `description`, `check_name`, `fingerprint`, `severity` and `location.path` with
`location.lines.begin`. GitLab matches issues between the source and target branch by the
fingerprint, so it comes from the rule, the file and what the finding is about, never the line.
Waived findings are left out: the committee decided them, and GitLab has no place for a waiver.
"""

from __future__ import annotations

import json

from vaplan.check.checker import CheckResult
from vaplan.reporters.common import fingerprints, plan_path

#: vaplan's severity -> GitLab's scale (info, minor, major, critical, blocker). An error is
#: "major", the top of what a lint finding is on that scale; "critical" and "blocker" are left
#: for security and crash reports from other tools in the same pipeline.
SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render_codequality(result: CheckResult) -> str:
    issues = []
    for finding, fingerprint in zip(result.findings, fingerprints(result)):
        if not finding.counts:
            continue
        hint = f" What to do: {finding.hint}" if finding.hint else ""
        issues.append({
            "description": f"{finding.code} {finding.name}: {finding.message.rstrip('.')}.{hint}",
            "check_name": finding.code,
            "fingerprint": fingerprint,
            "severity": SEVERITIES[finding.severity.value],
            "location": {"path": plan_path(result, finding.file),
                         "lines": {"begin": finding.line or 1}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
