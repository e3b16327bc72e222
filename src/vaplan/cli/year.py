"""Commands for the committee's year: init, confirm, tailor, and export calendar, roster and
improvement plan.

Registered on vaplan.cli.app's app when vaplan.cli.main imports this module. Everything heavy (ruamel.yaml,
icalendar, phonenumbers, python-docx) is imported inside the commands, so `vaplan check`
never loads it.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from vaplan.cli.app import (
    PLAN,
    PLAN_OPTION,
    TODAY,
    app,
    binary_to_standard_output,
    fail,
    parse_today,
    plan_folder,
    refuse_suffix,
    standard_output,
    write_standard_output,
)
from vaplan.findings import printable

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult

export = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                     help="Export the plan's deadlines, contact list, improvement plan or workbook.")
app.add_typer(export, name="export")



class RosterFormat(str, Enum):
    csv = "csv"
    vcf = "vcf"
    md = "md"
    markdown = "markdown"  # the same as md
    docx = "docx"
    pdf = "pdf"  # the call sheet's Word document, made a PDF by LibreOffice


class ImprovementFormat(str, Enum):
    csv = "csv"
    md = "md"
    markdown = "markdown"  # the same as md
    docx = "docx"
    pdf = "pdf"  # the Word document, made a PDF by LibreOffice


@app.command()
def init(
    directory: Path = typer.Argument(..., metavar="FOLDER",
                                     help="The folder for the new plan (new or empty)."),
    community: Optional[str] = typer.Option(
        None, "--community", metavar="NAME",
        help="The community's name; the folder's name if left out."),
    level: Optional[str] = typer.Option(None, "--level", metavar="LEVEL",
                                        help="city, county (if left out), regional, state, "
                                             "tribal or campus."),
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
    typer.echo(printable(f"Wrote {_count(len(written), 'file')} to {directory}:"), err=True)
    for path in written:
        typer.echo(printable(f"  {path.relative_to(directory)}"), err=True)
    typer.echo("\nNext: open the files in a text editor and follow their notes, then run\n"
               f"  vaplan check {printable(str(directory))}\nto see what the plan still lacks.",
               err=True)


#: The checklist item a command acts on; `vaplan render` shows each item's id.
ITEM = typer.Argument(..., metavar="ITEM", show_default=False,
                      help="The checklist item's id, as the rendered checklist shows it.")

#: The item when a script still writes the plan first (`vaplan confirm PLAN ITEM`).
_OLD_ITEM = typer.Argument(None, hidden=True)

_OLD_FORM = ("\n\nScripts written for older versions may still name the plan first: "
             "`vaplan {command} PLAN ITEM`.")


@app.command(help="Record in checklist.yaml that a person confirmed a checklist item done. Run "
                  "it inside the plan folder, or name the folder with --plan."
                  + _OLD_FORM.format(command="confirm"))
def confirm(
    item: str = ITEM,
    old_item: Optional[str] = _OLD_ITEM,
    plan: Optional[Path] = PLAN_OPTION,
    on: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                     help="The day it was done; today if left out."),
    note: Optional[str] = typer.Option(None, "--note", metavar="TEXT",
                                       help="What was done, in a sentence."),
    today: Optional[str] = TODAY,
) -> None:
    from vaplan.edit.items import EditError, confirm_item

    day = parse_today(today)
    plan, item = _plan_and_item(plan, item, old_item, "confirm")
    try:
        result = confirm_item(plan, item, parse_today(on) if on else day, day, note)
    except EditError as err:
        fail(str(err))
    _report(result, f'Confirmed "{item}" as done on {(parse_today(on) if on else day).isoformat()}')


@app.command(help="Record in checklist.yaml that a checklist item does not apply to this "
                  "community. Run it inside the plan folder, or name the folder with --plan."
                  + _OLD_FORM.format(command="tailor"))
def tailor(
    item: str = ITEM,
    old_item: Optional[str] = _OLD_ITEM,
    plan: Optional[Path] = PLAN_OPTION,
    reason: str = typer.Option(..., "--reason", metavar="TEXT", show_default=False,
                               help="Why the item does not apply here."),
) -> None:
    from vaplan.edit.items import EditError, tailor_item

    plan, item = _plan_and_item(plan, item, old_item, "tailor")
    try:
        result = tailor_item(plan, item, reason)
    except EditError as err:
        fail(str(err))
    _report(result, f'Tailored out "{item}" as not applicable')


@export.command("calendar")
def export_calendar(
    plan: Optional[Path] = PLAN,
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="The .ics file to write; printed if left out."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file."),
    today: Optional[str] = TODAY,
) -> None:
    """Every deadline in the plan as calendar events, to import into a calendar program."""
    from vaplan.export.calendar import collect_deadlines, to_ics
    from vaplan.export.common import ExportError, checked_plan

    plan = plan_folder(plan)
    output = standard_output(output)
    refuse_suffix(output, {".ics": "ics", ".txt": "ics", "": "ics"}, "export calendar",
                  force=force, protect=_protected(plan))
    day = parse_today(today)
    try:
        result = checked_plan(plan, day)
    except ExportError as err:
        fail(str(err))
    deadlines = collect_deadlines(result.plan, result.checks, day, result.facts_on(day))
    meta = result.plan.vaplan
    data = to_ics(deadlines, result.community, day, meta.jurisdiction if meta else None)
    _deliver(data, output, force, _count(len(deadlines), "deadline"), result)


@export.command("roster")
def export_roster(
    plan: Optional[Path] = PLAN,
    format: Optional[RosterFormat] = typer.Option(
        None, "--format", "-f", metavar="FORMAT",
        help="csv (a spreadsheet), vcf (contacts), md or markdown (the default), docx (the call "
             "sheet in Word) or pdf (the call sheet as PDF, made by LibreOffice); by default "
             "it follows the -o file's extension."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="The file to write; printed if left out."),
    public: bool = typer.Option(False, "--public", help="Leave out people's names, titles, "
                                "phones and emails, for a copy anyone may see."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file."),
    today: Optional[str] = TODAY,
) -> None:
    """The committee's contact list, or a one-page call sheet to print."""
    from vaplan.checklist.roster import build_roster
    from vaplan.export.common import ExportError, checked_plan
    from vaplan.export.roster_formats import FORMATS
    from vaplan.render.environment import TemplateProblem

    plan = plan_folder(plan)
    output = standard_output(output)
    refuse_suffix(output, {**_ROSTER_SUFFIXES, **_MARKDOWN}, "export roster", force=force,
                  protect=_protected(plan))
    day = parse_today(today)
    chosen = _chosen_format(format.value if format else None, output,
                            [f.value for f in RosterFormat])
    _can_write(chosen, output)
    try:
        result = checked_plan(plan, day, needs=("vaplan", "committee"))
    except ExportError as err:
        fail(str(err))
    from vaplan.public import PeopleUnknown

    try:
        roster = build_roster(result, day, public=public)
    except PeopleUnknown as err:
        fail(str(err))
    try:
        data = FORMATS["docx" if chosen == "pdf" else chosen](roster)
    except TemplateProblem as problem:  # the bundled call sheet refused (a limit was reached)
        fail("the call sheet could not be made: " + "; ".join(problem.problems))
    what = _count(len(roster.entries), "member") + (" (public copy)" if public else "")
    _deliver(_as_bytes(chosen, data), output, force, what, result)


@export.command("improvement-plan")
def export_improvement_plan(
    plan: Optional[Path] = PLAN,
    format: Optional[ImprovementFormat] = typer.Option(
        None, "--format", "-f", metavar="FORMAT",
        help="csv (a spreadsheet), md or markdown (the default), docx (Word, landscape) or pdf "
             "(made by LibreOffice); by default it follows the -o file's extension."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
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

    plan = plan_folder(plan)
    output = standard_output(output)
    refuse_suffix(output, {".csv": "csv", ".docx": "docx", ".pdf": "pdf", **_MARKDOWN},
                  "export improvement-plan", force=force, protect=_protected(plan))
    day = parse_today(today)
    chosen = _chosen_format(format.value if format else None, output,
                            [f.value for f in ImprovementFormat])
    _can_write(chosen, output)
    try:
        result = checked_plan(plan, day)
    except ExportError as err:
        fail(str(err))
    if result.plan.exercises is None:
        # Not an error of the plan (it has not started an improvement plan yet), but there is
        # nothing to export: vaplan could not do what was asked, exit 2 as everywhere.
        fail(f"{NO_FILE}.")
    matrix = build_improvement_plan(result, public=public)
    data = FORMATS["docx" if chosen == "pdf" else chosen](matrix)
    what = _count(len(matrix.rows), "corrective action") + (" (public copy)" if public else "")
    _deliver(_as_bytes(chosen, data), output, force, what, result)


#: The roster's format from the -o file's extension, when --format is left out.
_ROSTER_SUFFIXES = {".csv": "csv", ".vcf": "vcf", ".docx": "docx", ".pdf": "pdf"}
#: Names an export writes Markdown under (and a name without an extension).
_MARKDOWN = {".md": "md", ".markdown": "md", ".txt": "md", "": "md"}


def _chosen_format(format: Optional[str], output: Optional[Path], formats: list[str]) -> str:
    """An export's format (vaplan.cli.options.choose_format); Markdown when the -o file's
    extension names none of its formats."""
    from vaplan.cli.options import choose_format

    return choose_format(format, output, formats) or "md"


def _can_write(format: str, output: Optional[Path]) -> None:
    """Stop before any work when the format cannot be delivered: Word and PDF need a file, and
    PDF needs LibreOffice."""
    if format in ("docx", "pdf") and output is None:
        binary_to_standard_output("a Word document" if format == "docx" else "a PDF",
                                  f"FILE.{format}")
    if format == "pdf":
        from vaplan.cli.pdf import need_libreoffice

        need_libreoffice()


def _as_bytes(format: str, data: str | bytes) -> bytes:
    """The export's bytes; a PDF made from its Word document by LibreOffice."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    if format == "pdf":
        from vaplan.cli.pdf import to_pdf

        return to_pdf(raw)
    return raw


def _plan_and_item(plan: Optional[Path], item: str, old_item: Optional[str], command: str
                   ) -> tuple[Path, str]:
    """`ITEM` with `--plan PLAN` or the current folder; or the older `PLAN ITEM`, accepted when
    its first word names a folder."""
    if old_item is None:
        return plan_folder(plan), item
    how = f"`vaplan {command} ITEM` inside the plan folder, or `vaplan {command} ITEM --plan PLAN`"
    if plan is not None:
        fail(f"name the plan once: {how}")
    if not Path(item).is_dir():
        fail(f"there is no plan folder {item!r}, and one checklist item is enough: {how}")
    return Path(item), old_item


def _protected(plan: Path) -> list[Path]:
    from vaplan.cli.options import plan_files

    return plan_files([plan])


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _deliver(data: bytes, output: Optional[Path], force: bool, what: str,
             result: CheckResult) -> None:
    from vaplan.atomic import why, write_atomic
    from vaplan.cli.options import checked_files

    if output is None and data[:4] in (b"PK\x03\x04", b"%PDF"):  # Word (a zip) or PDF
        write_standard_output(data, what)
        return
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        write_atomic(output, data, overwrite=force, protect=checked_files(result))
    except OSError as err:
        fail(f"cannot write {output}: {why(err)}")
    typer.echo(printable(f"Wrote {what} to {output}"), err=True)


def _report(result: object, done: str) -> None:
    from vaplan.edit.items import EditResult

    assert isinstance(result, EditResult)
    # What was done is a status line: standard error, as every command's
    typer.echo(printable(f"{done} in {result.path}") + (" (new file)." if result.created else "."),
               err=True)
    if result.removed:
        typer.echo(f"Removed {', '.join(result.removed)} from the item, which no longer apply; "
                   "git keeps the old version.", err=True)
    if result.rewritten:
        lines = ", ".join(str(n) for n in result.rewritten)
        typer.echo(f"Note: YAML's standard form also rewrote line(s) {lines} of the old file; "
                   "their data is unchanged.", err=True)


def _name_from(directory: Path) -> str:
    """A community name from a folder name: pima-county -> Pima County."""
    words = directory.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or "Our Community"
