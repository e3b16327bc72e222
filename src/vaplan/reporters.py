"""Reporters: plain functions from a CheckResult to text, in one dict keyed by format name."""

from __future__ import annotations

import json
from io import StringIO
from typing import Callable

from vaplan.checker import CheckResult
from vaplan.findings import Finding

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def place(finding: Finding) -> str:
    """`file:line:col`, or just the file when the finding has no single place."""
    if finding.line is None:
        return finding.file
    return f"{finding.file}:{finding.line}:{finding.column}"


def summary_line(result: CheckResult) -> str:
    counts = result.counts()
    parts = [f"{counts[k]} {k}{'s' if counts[k] != 1 and k != 'waived' else ''}"
             for k in ("error", "warning", "info", "waived")]
    return ", ".join(parts)


def render_text(result: CheckResult, color: bool = False, width: int = 100) -> str:
    """The terminal report: findings grouped by file, hints, skipped rules and a summary."""
    from rich.console import Console
    from rich.markup import escape

    out = StringIO()
    console = Console(file=out, force_terminal=color, no_color=not color, width=width,
                      highlight=False, soft_wrap=True, emoji=False)
    current = None
    for finding in result.findings:
        if finding.file != current:
            current = finding.file
            console.print(f"\n[bold]{escape(finding.file)}[/bold]" if color else f"\n{finding.file}")
        level = finding.severity.value if finding.counts else "waived"
        style = _STYLE.get(level, "dim")
        console.print(f"  {escape(place(finding))}  [{style}]{level:<7}[/{style}]  "
                      f"{finding.code}  {escape(finding.message)}")
        detail = f"waived: {finding.waived}" if finding.waived else f"fix: {finding.hint}"
        console.print(f"      [dim]{escape(detail)}[/dim]")
    for reason, codes in _skipped_by_reason(result).items():
        console.print(f"\nNot checked: {', '.join(codes)}, because {escape(reason)}")
    console.print(f"\n{escape(str(result.directory))}: {summary_line(result)}")
    return out.getvalue().lstrip("\n")


def _skipped_by_reason(result: CheckResult) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for skip in result.skipped:
        groups.setdefault(skip.reason, []).append(skip.code)
    return groups


def finding_dict(finding: Finding) -> dict:
    return {"code": finding.code, "name": finding.name, "severity": finding.severity.value,
            "message": finding.message, "file": finding.file, "line": finding.line,
            "column": finding.column, "waived": finding.waived, "hint": finding.hint}


def render_json(result: CheckResult) -> str:
    """The contract's JSON: findings and summary (with the rules that could not run)."""
    counts = result.counts()
    summary = {**counts, "checklist": result.extra.get("checklist")}
    return json.dumps({
        "plan": str(result.directory),
        "findings": [finding_dict(f) for f in result.findings],
        "summary": summary,
        "skipped": [{"code": s.code, "name": s.name, "reason": s.reason} for s in result.skipped],
    }, indent=2, ensure_ascii=False) + "\n"


REPORTERS: dict[str, Callable[[CheckResult], str]] = {
    "text": render_text,
    "json": render_json,
}
