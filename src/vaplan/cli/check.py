"""`vaplan check` and `vaplan rules`: report a plan's gaps, and explain the rules."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from vaplan.cli.app import TODAY, app, fail, parse_today, plan_folder, use_color
from vaplan.findings import printable

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    codequality = "codequality"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


@app.command()
def check(
    plans: List[Path] = typer.Argument(None, metavar="PLAN", show_default=False,
                                       help="Plan folders; the current folder if left out. "
                                            "Several are checked in parallel, with one "
                                            "combined summary."),
    format: Format = typer.Option(Format.text, "--format", "-f", metavar="FORMAT",
                                  help="How to print the findings: text, json, github "
                                       "(annotations), sarif, junit or codequality (GitLab)."),
    output: List[str] = typer.Option(
        [], "--output", "-o", metavar="FORMAT:FILE",
        help="Also write a report in FORMAT to FILE, e.g. sarif:results.sarif (repeatable)."),
    select: List[str] = typer.Option(
        [], "--select", metavar="RULE",
        help="Check only these rules: codes or names, repeated or comma-separated. Wins over "
             "`checks.ignore` in vaplan.yaml."),
    ignore: List[str] = typer.Option(
        [], "--ignore", metavar="RULE",
        help="Turn these rules off, as `checks.ignore` in vaplan.yaml does."),
    fail_on: Level = typer.Option(Level.error, "--fail-on", metavar="LEVEL",
                                  help="Exit 1 when a finding is at or above this severity: "
                                       "error, warning or info."),
    exit_zero: bool = typer.Option(False, "--exit-zero",
                                   help="Exit 0 even when there are findings; still 2 when "
                                        "vaplan cannot run."),
    today: Optional[str] = TODAY,
    force: bool = typer.Option(False, "--force",
                               help="Replace --output files that exist (never a plan file)."),
) -> None:
    """Check plans and report every gap, with file:line:column."""
    from vaplan.atomic import why
    from vaplan.check.checker import Overrides
    from vaplan.check.many import check_plans
    from vaplan.checklist.status import checklist_progress
    from vaplan.cli.options import OptionError, report_outputs, rule_refs, write_report
    from vaplan.findings import Severity
    from vaplan.reporters import REPORTERS, render_text
    from vaplan.reporters.combine import render_many

    day = parse_today(today)
    try:
        outputs = report_outputs(output, REPORTERS)
        overrides = Overrides(rule_refs("--select", select), rule_refs("--ignore", ignore))
    except OptionError as err:
        fail(str(err))
    plans = [plan_folder(p) for p in plans or ()] or [plan_folder(None)]
    protect = _writable_reports(plans, outputs, force)
    outcomes = check_plans(plans, day, overrides, summarize=checklist_progress)
    problems = [o for o in outcomes if isinstance(o, str)]
    results = [o for o in outcomes if not isinstance(o, str)]
    for problem in problems:
        typer.echo(f"vaplan: {printable(problem)}", err=True)
    if not results:
        raise typer.Exit(2)
    results, color = _with_progress(results) if format is Format.text else results, use_color()
    # JUnit counts as failed tests only the findings that fail this run (Jenkins and GitLab
    # would show a green run's warnings as failures).
    threshold = None if exit_zero else Severity(fail_on.value)
    reporters = {**REPORTERS, "text": lambda r: render_text(r, color=color),
                 "junit": lambda r: REPORTERS["junit"](r, fail_on=threshold)}
    # color=True keeps the escapes click would strip from output that is not a terminal,
    # which is what FORCE_COLOR asks for.
    typer.echo(render_many(format.value, results, reporters[format.value]), nl=False,
               color=color or None)
    for fmt, path in outputs:
        reporter = reporters[fmt] if fmt != "text" else REPORTERS["text"]
        try:
            write_report(path, render_many(fmt, results, reporter), force=force,
                         protect=protect)
        except OSError as err:
            fail(f"cannot write the {fmt} report to {path}: {why(err)}")
    if problems or any(r.incomplete for r in results):
        raise typer.Exit(2)  # vaplan could not finish: a rule that failed proves nothing passed
    failed = any(r.fails(Severity(fail_on.value)) for r in results) and not exit_zero
    raise typer.Exit(1 if failed else 0)


def _with_progress(results: list[CheckResult]) -> list[CheckResult]:
    """One plan's result with the items met since its last commit, when it has changed."""
    from dataclasses import replace

    from vaplan.checklist.progress import check_progress

    progress = check_progress(results[0]) if len(results) == 1 else None
    return results if progress is None else [replace(results[0], progress_note=progress.line)]


def _writable_reports(plans: List[Path], outputs: List[tuple[str, Path]], force: bool
                      ) -> List[Path]:
    """The files no report may replace (the plans' files and the documents they name: read
    only when a report is to be written), after checking each report can be written, before
    the check runs, so a refused report costs nothing."""
    from vaplan.atomic import check_writable, why
    from vaplan.cli.options import plan_files

    protect = plan_files(plans) if outputs else []
    for fmt, path in outputs:
        try:
            check_writable(path, overwrite=force, protect=protect)
        except OSError as err:
            fail(f"cannot write the {fmt} report to {path}: {why(err)}")
    return protect


@app.command()
def rules(ref: Optional[str] = typer.Argument(None, metavar="RULE",
                                             help="A rule code (VP101) or name.")) -> None:
    """List the rules, or show one rule's documentation."""
    from vaplan.rules import all_rules, find_rule
    from vaplan.vocabulary import did_you_mean

    if ref is None:
        for entry in all_rules():
            typer.echo(f"{entry.code}  {entry.name:<28} {entry.severity.value:<8} {entry.summary}")
        return
    found = find_rule(ref)
    if found is None:
        names = [r.code for r in all_rules()] + [r.name for r in all_rules()]
        fail(f'there is no rule "{ref}"{did_you_mean(ref, names)}; `vaplan rules` lists them')
    typer.echo(f"{found.code} {found.name} (default severity: {found.severity.value})\n")
    typer.echo(found.doc)
    typer.echo(f"\nWhat to do: {found.hint}")
