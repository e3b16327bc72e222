"""`vaplan export workbook`, `vaplan import workbook` and `vaplan add ...`: the plan's lists
filled in a spreadsheet or from the command line, by the people who hold the facts.

Registered on vaplan.cli.app's app when vaplan.cli.main imports this module. openpyxl and
ruamel.yaml are imported inside the commands, so `vaplan check` never loads them; the options
of `vaplan add` are made from the workbook's columns (vaplan.edit.sheets), which import only
pydantic and the models that `check` loads anyway.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any, Callable, List, Optional

import typer

from vaplan.cli.app import (
    PLAN,
    PLAN_OPTION,
    TODAY,
    PlainCommand,
    PlainGroup,
    app,
    binary_to_standard_output,
    fail,
    parse_today,
    plan_folder,
    write_standard_output,
)
from vaplan.cli.year import export
from vaplan.findings import printable

importer = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                       help="Bring a filled-in workbook back into the plan.")


class _AddGroup(PlainGroup):
    """`vaplan add`'s commands, one per list, made from the models only when asked for, so
    no other command pays for pydantic and the models."""

    def list_commands(self, ctx: Any) -> list[str]:
        from vaplan.edit.add import addable

        return list(addable())

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        from vaplan.edit.add import addable
        from vaplan.edit.sheets import article

        rows = [(word, f"Add {article(sheet.spec.noun)} to {sheet.spec.file}.")
                for word, sheet in addable().items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def get_command(self, ctx: Any, name: str) -> Any:
        from vaplan.edit.add import addable
        from vaplan.edit.sheets import article

        sheet = addable().get(name)
        if sheet is None:
            return None
        one = typer.Typer(rich_markup_mode=None, add_completion=False)  # the root offers it
        one.command(name, cls=PlainCommand, help=f"Add {article(sheet.spec.noun)} to "
                    f"{sheet.spec.file}; prompts for what is required when run in a terminal."
                    )(_add_command(name, sheet))
        return typer.main.get_command(one)


adder = typer.Typer(cls=_AddGroup, no_args_is_help=True, rich_markup_mode=None,
                    help="Add a member, partner, agreement, resource, site, gap or meeting to the plan "
                         "without editing YAML.")
app.add_typer(importer, name="import")
app.add_typer(adder, name="add")


@export.command("workbook")
def export_workbook(
    plan: Optional[Path] = PLAN,
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="The workbook to write (.xlsx); - writes it "
                                               "to standard output."),
    public: bool = typer.Option(False, "--public", help="Refused: a workbook is for editing, "
                                "so it holds the plan as it is."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file."),
    today: Optional[str] = TODAY,
) -> None:
    """The plan's lists (members, agreements, protocols, resources, gaps, exercises, actions)
    as an Excel workbook for the committee to fill in; `vaplan import workbook` brings it
    back."""
    if public:
        fail("a workbook is for editing the plan, so it has no public copy; for a list anyone "
             "may see, use `vaplan export roster --public`")
    if output is None:
        fail("a workbook cannot be printed to the terminal; give -o FILE.xlsx (or -o - to "
             "send it to standard output)")
    if str(output) == "-":
        binary_to_standard_output("a workbook", "FILE.xlsx")
    from vaplan.export.common import ExportError, checked_plan
    from vaplan.export.workbook import WorkbookExportError, build_workbook

    plan = plan_folder(plan)
    day = parse_today(today)
    try:
        result = checked_plan(plan, day, needs=("vaplan", "committee"))
    except ExportError as err:
        fail(str(err))
    assert result.raw is not None
    data = {name: loaded.data for name, loaded in result.raw.files.items()}
    meta = result.plan.vaplan
    assert meta is not None  # checked_plan needs vaplan.yaml
    try:
        data_bytes = build_workbook(data, meta.community, day, tuple(meta.checks.disciplines))
    except WorkbookExportError as err:
        fail(str(err))
    if str(output) == "-":
        write_standard_output(data_bytes, "the workbook")
        return
    from vaplan.atomic import why, write_atomic
    from vaplan.cli.options import plan_files

    try:
        write_atomic(output, data_bytes, overwrite=force, protect=plan_files([plan]))
    except OSError as err:
        fail(f"cannot write {output}: {why(err)}")
    typer.echo(printable(f"Wrote the workbook to {output}; send it to the committee, then "
                         f"bring it back with `vaplan import workbook {output}`"), err=True)


@importer.command("workbook")
def import_workbook(
    file: Path = typer.Argument(..., metavar="FILE", help="The filled-in workbook (.xlsx)."),
    plan: Optional[Path] = PLAN_OPTION,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change, and "
                                 "change nothing."),
    allow_removals: bool = typer.Option(False, "--allow-removals", help="Remove the entries "
                                        "whose rows were deleted from the workbook."),
    today: Optional[str] = TODAY,
) -> None:
    """Change the plan's lists to match a workbook `vaplan export workbook` made: every cell
    is checked first, and if any cannot be taken nothing changes; the files keep their
    comments and layout."""
    from vaplan.edit.merge import EditError
    from vaplan.edit.workbook import WorkbookProblems
    from vaplan.edit.workbook import import_workbook as run_import

    plan = plan_folder(plan)
    day = parse_today(today)
    try:
        result = run_import(plan, file, dry_run=dry_run, allow_removals=allow_removals,
                            today=day)
    except WorkbookProblems as err:
        for problem in err.problems:
            typer.echo(printable(problem), err=True)
        typer.echo(f"vaplan: {len(err.problems)} cell(s) of {file} cannot be taken, so "
                   "nothing was changed; correct them in the workbook and import it again.",
                   err=True)
        raise typer.Exit(1) from None
    except EditError as err:
        fail(str(err))
    _say_import(result, dry_run, allow_removals)


def _say_import(result: Any, dry_run: bool, allow_removals: bool) -> None:
    verbs = {"add": "add" if dry_run else "added", "change": "change" if dry_run else "changed",
             "remove": "remove" if dry_run else "removed"}
    shown = [c for c in result.changes if c.what in verbs]
    for change in shown:
        row = f" (row {change.row})" if change.row else ""
        what = f": {', '.join(change.headings)}" if change.headings else ""
        typer.echo(printable(f"{change.sheet}: {verbs[change.what]} \"{change.id}\"{row}{what}"))
    kept = [c for c in result.changes if c.what == "keep"]
    for change in kept:
        typer.echo(printable(f'{change.sheet}: kept "{change.id}", whose row is not in the '
                             "workbook; --allow-removals removes it"))
    for sheet in result.renamed:
        done = "removes the old entry and adds" if allow_removals else \
            "adds a new entry and keeps the old one (unless --allow-removals)"
        typer.echo(printable(f"{sheet}: one id left the sheet and another came; if that was an "
                             f"id changed, the import {done} a new one"))
    for note in result.still_named:
        typer.echo(printable(note))
    sheets = ", ".join(result.sheets_read)
    if not shown and kept:
        typer.echo(f"Nothing was changed: the workbook's rows say what the plan says, and the "
                   f"{len(kept)} entr{'y' if len(kept) == 1 else 'ies'} whose rows are not in "
                   "it were kept ({sheets}).", err=True)
    elif not shown:
        typer.echo(f"Nothing to change: the plan already says what the workbook says ({sheets}).",
                   err=True)
    elif dry_run:
        touched = ", ".join(dict.fromkeys(c.sheet for c in shown))
        typer.echo(f"Dry run: nothing was changed ({len(shown)} change(s), in {touched}).",
                   err=True)
    else:
        files = ", ".join(str(p) for p in result.written)
        typer.echo(printable(f"Wrote {files}; `git diff` shows the change, and `vaplan check` "
                             "checks the plan."), err=True)


# vaplan add ------------------------------------------------------------------------------------

def _add_command(word: str, sheet: Any) -> Callable[..., None]:
    from vaplan.edit.sheets import article

    parameters = [inspect.Parameter("plan", inspect.Parameter.KEYWORD_ONLY, default=PLAN_OPTION,
                                    annotation=Optional[Path])]
    names = {}
    for column in sheet.columns:
        name = "_".join(column.path)
        names[name] = column
        help_text = _option_help(column)
        if column.many and not column.lines:
            option = typer.Option([], column.option, metavar=_metavar(column), help=help_text)
            annotation: Any = List[str]
        else:
            option = typer.Option(None, column.option, metavar=_metavar(column), help=help_text)
            annotation = Optional[str]
        parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                            default=option, annotation=annotation))
    parameters.append(inspect.Parameter("today", inspect.Parameter.KEYWORD_ONLY, default=TODAY,
                                        annotation=Optional[str]))

    def command(**options: Any) -> None:
        from vaplan.edit.add import add_entry
        from vaplan.edit.merge import EditError

        plan = plan_folder(options.pop("plan"))
        today = parse_today(options.pop("today"))
        given: dict[Any, Any] = {}
        for name, column in names.items():
            value = options.get(name)
            if value in (None, []):
                continue
            given[column] = ", ".join(value) if isinstance(value, list) else value
        _prompt_required(sheet, given)
        try:
            added = add_entry(plan, sheet, given, today)
        except EditError as err:
            fail(str(err))
        typer.echo(printable(f'Added the {sheet.spec.noun} "{added.id}" to {added.path}'
                             + (" (new file)." if added.created else ".")))

    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__name__ = f"add_{word}"
    command.__doc__ = f"Add {article(sheet.spec.noun)} to {sheet.spec.file}."
    return command


def _prompt_required(sheet: Any, given: dict[Any, Any]) -> None:
    """Ask for the required values left out, only when a person is at a terminal; never
    when the input is a file or a pipe (a script gets the message of what is missing)."""
    if not sys.stdin.isatty():
        return
    for column in sheet.columns[1:]:
        if column.required and column not in given:
            words = f" ({', '.join(w for w, _ in column.words)})" if column.words and \
                len(column.words) <= 8 else ""
            given[column] = typer.prompt(f"{column.heading}{words}")


def _metavar(column: Any) -> str:
    if column.kind == "day":
        return "YYYY-MM-DD"
    if column.kind == "bool":
        return "yes|no"
    if column.ref == "org":
        return "ID"
    if column.words:
        return "WORD"
    return "TEXT"


def _option_help(column: Any) -> str:
    if column.path == ("id",):
        return "Its short id; made from its name when left out."
    text = column.description or column.heading
    if len(column.path) > 1:
        text = f"{column.heading}: {text}"
    text = text[:1].upper() + text[1:]
    if column.words and column.vocabulary is None and not all(
            w in text for w, _ in column.words):
        text += f" ({', '.join(w for w, _ in column.words)})"
    elif column.vocabulary:
        text += f"; `vaplan vocabulary {column.vocabulary}` lists them"
    if column.many and not column.lines:
        text += "; repeat the option, or separate them with commas"
    text = text.rstrip(".") + "."
    return text + (" Required." if column.required else "")
