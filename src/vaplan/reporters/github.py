"""GitHub Actions workflow commands: one annotation per finding, then the full text report."""

from __future__ import annotations

from collections import Counter

from vaplan.check.checker import CheckResult
from vaplan.findings import Finding
from vaplan.reporters.common import no_legacy_commands, plan_path, shown_safely
from vaplan.reporters.text import render_text

#: GitHub shows at most this many annotations of each level from one step.
CAP = 10
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way GitHub's own toolkit does."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return no_legacy_commands(escaped)


def escape_property(text: str) -> str:
    """Escape a command property: as a message, and also `:` and `,`, which end properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str) -> str:
    """`::error file=...,line=...,col=...,title=VP101 missing-discipline::message`."""
    props = {"file": path, "line": finding.line, "col": finding.column,
             "title": f"{finding.code} {finding.name}"}
    joined = ",".join(f"{key}={escape_property(shown_safely(str(value)))}"
                      for key, value in props.items() if value is not None)
    # A message may span lines: escape_data turns them into %0A, which GitHub shows as lines.
    message = f"{finding.message}\nfix: {finding.hint}" if finding.hint else finding.message
    return f"::{LEVELS[finding.severity.value]} {joined}::{escape_data(message)}\n"


def render_github(result: CheckResult) -> str:
    """Annotations for the findings that count (never the waived ones), the text report, and a
    note when GitHub's cap hides some annotations."""
    shown = [f for f in result.findings if f.counts]
    commands = "".join(annotation(f, plan_path(result, f.file)) for f in shown)
    return _inert(render_text(result)) + commands + _cap_note(shown)


def _inert(report: str) -> str:
    """The text report with no line the runner would read as a command: it trims a line's
    leading spaces and obeys one that then starts with `::`, and a plan directory's name (the
    summary line) could; and it obeys a legacy `##[command]` anywhere in a line. The text
    reporter already keeps plan text from starting a line."""
    return "".join(f"| {line}" if line.lstrip().startswith("::") else line
                   for line in no_legacy_commands(report).splitlines(keepends=True))


def _cap_note(shown: list[Finding]) -> str:
    counts = Counter(LEVELS[f.severity.value] for f in shown)
    over = [f"{counts[level] - CAP} {level}{'s' if counts[level] - CAP != 1 else ''}"
            for level in LEVELS.values() if counts[level] > CAP]
    if not over:
        return ""
    return (f"GitHub shows at most {CAP} annotations of each kind from one step; not annotated: "
            f"{', '.join(over)}. The report above lists every finding.\n")
