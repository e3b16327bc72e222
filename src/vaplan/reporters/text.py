"""The text report: findings grouped by file, what to do about each, and a summary line."""

from __future__ import annotations

from io import StringIO

from vaplan.check.checker import CheckResult
from vaplan.findings import CAUSES
from vaplan.reporters.common import shown_safely

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary_line(result: CheckResult) -> str:
    counts = result.counts()
    parts = [f"{counts[k]} {k}{'s' if counts[k] != 1 and k != 'waived' else ''}"
             for k in ("error", "warning", "info", "waived")]
    return ", ".join(parts)


Segment = tuple[str, str]  # (text, rich style or "")


def iter_text_lines(result: CheckResult) -> list[list[Segment]]:
    """The terminal report as lines of styled segments: findings grouped by file, each with
    what to do, then the rules that could not run and a one-line summary."""
    lines: list[list[Segment]] = []
    current = None
    for finding in result.findings:
        if finding.file != current:
            current = finding.file
            lines += [[], [(finding.file, "bold")]]
        level = finding.severity.value if finding.counts else "waived"
        lines.append([(f"  {finding.place}  ", ""), (f"{level:<7}", _STYLE.get(level, "dim")),
                      (f"  {finding.code}  {finding.message}", "")])
        detail = f"waived: {finding.waived}" if finding.waived else f"fix: {finding.hint}"
        lines.append([(f"      {detail}", "dim")])
    causes = by_cause_lines(result)
    if causes:
        lines += [[], [("By cause (each rule that fires more than "
                        f"{MANY} times, counted once):", "bold")]]
        lines += [[(f"  {line}", "")] for line in causes]
    for reason, codes in _skipped_by_reason(result).items():
        lines += [[], [(f"Not checked: {', '.join(codes)}, because {reason}", "")]]
    lines += [[], [(f"{result.directory}: {summary_line(result)}", "bold")]]
    if result.progress is not None:
        lines.append([(readiness_line(result.progress), "")])
    if result.progress_note:
        lines.append([(f"Progress: {result.progress_note}", "")])
    lines = lines[1:] if lines and not lines[0] else lines
    # Waiver reasons, hints and paths come from the plan: none may start a line or send ESC.
    return [[(shown_safely(text), style) for text, style in line] for line in lines]


#: A rule firing more than this many times gets a line in the "by cause" summary.
MANY = 3


def by_cause_lines(result: CheckResult) -> list[str]:
    """One line per rule that fires more than MANY times (waived findings left out), most
    often first: the cause in words, so a long report ends with what it amounts to. The
    per-location lines above stay: editors and CI read them."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for finding in result.findings:
        if finding.counts:
            counts[finding.code] = counts.get(finding.code, 0) + 1
            names[finding.code] = finding.name
    lines = []
    for code, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])):
        if count > MANY:
            words = CAUSES[code].format(n=count) if code in CAUSES else f"{count} findings"
            lines.append(f"{code}  {names[code]}: {words}")
    return lines


def readiness_line(progress: dict[str, int]) -> str:
    """The checklist's readiness, as the rendered checklist states it, so the number is seen
    where the work is done."""
    done, total = progress["done"], progress["total"]
    if not total:
        return "Readiness: no applicable checklist items"
    return (f"Readiness: {done * 100 // total}% ({done} of {total} applicable checklist items "
            "met, confirmed or waived; `vaplan render` shows each)")


def render_text(result: CheckResult, color: bool = False) -> str:
    """Plain text, or with colour through rich when the output is a terminal."""
    lines = iter_text_lines(result)
    if not color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    from rich.console import Console
    from rich.text import Text

    out = StringIO()
    console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True,
                      emoji=False)
    for line in lines:
        console.print(Text.assemble(*((t, s) if s else t for t, s in line)))
    return out.getvalue()


def _skipped_by_reason(result: CheckResult) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for skip in result.skipped:
        groups.setdefault(skip.reason, []).append(skip.code)
    return groups
