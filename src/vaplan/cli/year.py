"""Commands for the committee's year: init, confirm, tailor, and export calendar, roster and
improvement plan.

Registered on vaplan.cli.app's app when vaplan.cli.main imports this module. Everything heavy (ruamel.yaml,
icalendar, phonenumbers, python-docx) is imported inside the commands, so `vaplan check`
never loads it.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from vaplan.cli.app import TODAY, app, fail, parse_today
from vaplan.findings import printable

export = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                     help="Export the plan's deadlines or contact list for other programs.")
app.add_typer(export, name="export")



class RosterFormat(str, Enum):
    csv = "csv"
    vcf = "vcf"
    md = "md"
    docx = "docx"


class ImprovementFormat(str, Enum):
    csv = "csv"
    md = "md"
    docx = "docx"


@app.command()
def init(
    directory: Path = typer.Argument(..., help="The folder for the new plan (new or empty)."),
    community: Optional[str] = typer.Option(
        None, "--community", help="The community's name; the folder's name if left out."),
    level: Optional[str] = typer.Option(None, "--level", help="city, county (if left out), "
                                        "regional, state, tribal or campus."),
    example: bool = typer.Option(False, "--example",
                                 help="Write the worked example plan (Pima County) instead."),
    today: Optional[str] = TODAY,
) -> None:
    """Start a plan: every file, commented, ready for `vaplan check` to list what it lacks."""
    from vaplan.edit.starter import StarterError, init_plan, write_example

    day = parse_today(today)
    try:
        if example:
            if community is not None or level is not None:
                fail("--example writes the worked example as it is; leave out --community "
                     "and --level")
            written = write_example(directory)
        else:
            name = community if community is not None else _name_from(directory)
            written = init_plan(directory, name, level or "county", day)
    except StarterError as err:
        fail(str(err))
    typer.echo(printable(f"Wrote {_count(len(written), 'file')} to {directory}:"))
    for path in written:
        typer.echo(f"  {path.relative_to(directory)}")
    typer.echo(f"\nNext: open the files in a text editor and follow their notes, then run\n"
               f"  vaplan check {directory}\nto see what the plan still lacks.")


@app.command()
def confirm(
    plan: Path = typer.Argument(..., help="The plan directory."),
    item: str = typer.Argument(..., help="The checklist item's id."),
    on: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                     help="The day it was done; today if left out."),
    note: Optional[str] = typer.Option(None, "--note", help="What was done, in a sentence."),
    today: Optional[str] = TODAY,
) -> None:
    """Record in checklist.yaml that a person confirmed a checklist item done."""
    from vaplan.edit.items import EditError, confirm_item

    day = parse_today(today)
    try:
        result = confirm_item(plan, item, parse_today(on) if on else day, day, note)
    except EditError as err:
        fail(str(err))
    _report(result, f'Confirmed "{item}" as done on {(parse_today(on) if on else day).isoformat()}')


@app.command()
def tailor(
    plan: Path = typer.Argument(..., help="The plan directory."),
    item: str = typer.Argument(..., help="The checklist item's id."),
    reason: str = typer.Option(..., "--reason", help="Why the item does not apply here."),
) -> None:
    """Record in checklist.yaml that a checklist item does not apply to this community."""
    from vaplan.edit.items import EditError, tailor_item

    try:
        result = tailor_item(plan, item, reason)
    except EditError as err:
        fail(str(err))
    _report(result, f'Tailored out "{item}" as not applicable')


@export.command("calendar")
def export_calendar(
    plan: Path = typer.Argument(Path("."), help="The plan directory."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="The .ics file to write; printed if left out."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file."),
    today: Optional[str] = TODAY,
) -> None:
    """Every deadline in the plan as calendar events, to import into a calendar program."""
    from vaplan.export.calendar import collect_deadlines, to_ics
    from vaplan.export.common import ExportError, checked_plan

    day = parse_today(today)
    try:
        result = checked_plan(plan, day)
    except ExportError as err:
        fail(str(err))
    deadlines = collect_deadlines(result.models, result.checks, day, result.facts_on(day))
    data = to_ics(deadlines, result.models["vaplan"].community, day)
    _deliver(data, output, force, _count(len(deadlines), "deadline"), plan)


@export.command("roster")
def export_roster(
    plan: Path = typer.Argument(Path("."), help="The plan directory."),
    format: RosterFormat = typer.Option(RosterFormat.md, "--format", "-f",
                                        help="csv, vcf (contacts), md or docx (call sheet)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="The file to write; printed if left out."),
    public: bool = typer.Option(False, "--public", help="Leave out people's names, titles, "
                                "phones and emails, for a copy anyone may see."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file."),
    today: Optional[str] = TODAY,
) -> None:
    """The committee's contact list, or a one-page call sheet to print."""
    from vaplan.export.common import ExportError, checked_plan
    from vaplan.export.roster import build_roster
    from vaplan.export.roster_formats import FORMATS
    from vaplan.render.environment import TemplateProblem

    day = parse_today(today)
    if format is RosterFormat.docx and output is None:
        fail("a Word file cannot be printed to the terminal; give -o FILE.docx")
    try:
        result = checked_plan(plan, day, needs=("vaplan", "committee"))
    except ExportError as err:
        fail(str(err))
    roster = build_roster(result.models["committee"], result.models["vaplan"].community, day,
                          public=public)
    try:
        data = FORMATS[format.value](roster)
    except TemplateProblem as problem:  # the bundled call sheet refused (a limit was reached)
        fail("the call sheet could not be made: " + "; ".join(problem.problems))
    what = _count(len(roster.entries), "member") + (" (public copy)" if public else "")
    _deliver(data if isinstance(data, bytes) else data.encode("utf-8"), output, force, what,
             plan)


@export.command("improvement-plan")
def export_improvement_plan(
    plan: Path = typer.Argument(Path("."), help="The plan directory."),
    format: ImprovementFormat = typer.Option(ImprovementFormat.md, "--format", "-f",
                                             help="csv (a spreadsheet), md or docx (Word)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="The file to write; printed if left out."),
    public: bool = typer.Option(False, "--public", help="Leave out the contacts' names (and "
                                "any name, phone or email quoted in the actions), for a copy "
                                "anyone may see."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file."),
    today: Optional[str] = TODAY,
) -> None:
    """The improvement plan matrix (FEMA HSEEP): every corrective action from exercises.yaml,
    who owns it, when it is due, and whether it is done; overdue ones marked."""
    from vaplan.export.common import ExportError, checked_plan
    from vaplan.export.improvement import FORMATS, NO_FILE, build_improvement_plan

    day = parse_today(today)
    if format is ImprovementFormat.docx and output is None:
        fail("a Word file cannot be printed to the terminal; give -o FILE.docx")
    try:
        result = checked_plan(plan, day)
    except ExportError as err:
        fail(str(err))
    if "exercises" not in result.models:
        # Not an error of the plan: it has not started an improvement plan yet.
        typer.echo(f"vaplan: {NO_FILE}.", err=True)
        raise typer.Exit(1)
    matrix = build_improvement_plan(result, public=public)
    data = FORMATS[format.value](matrix)
    what = _count(len(matrix.rows), "corrective action") + (" (public copy)" if public else "")
    _deliver(data if isinstance(data, bytes) else data.encode("utf-8"), output, force, what,
             plan)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _deliver(data: bytes, output: Optional[Path], force: bool, what: str, plan: Path) -> None:
    from vaplan.atomic import why, write_atomic
    from vaplan.cli.options import plan_files

    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        write_atomic(output, data, overwrite=force, protect=plan_files([plan]))
    except OSError as err:
        fail(f"cannot write {output}: {why(err)}")
    typer.echo(printable(f"Wrote {what} to {output}"), err=True)


def _report(result: object, done: str) -> None:
    from vaplan.edit.items import EditResult

    assert isinstance(result, EditResult)
    typer.echo(printable(f"{done} in {result.path}") + (" (new file)." if result.created else "."))
    if result.removed:
        typer.echo(f"Removed {', '.join(result.removed)} from the item, which no longer apply; "
                   "git keeps the old version.")
    if result.rewritten:
        lines = ", ".join(str(n) for n in result.rewritten)
        typer.echo(f"Note: YAML's standard form also rewrote line(s) {lines} of the old file; "
                   "their data is unchanged.")


def _name_from(directory: Path) -> str:
    """A community name from a folder name: pima-county -> Pima County."""
    words = directory.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or "Our Community"
