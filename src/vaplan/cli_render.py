"""`vaplan render` and `vaplan template check`: thin commands over vaplan.render.

Registered on vaplan.cli's app by importing this module (the last line of cli.py). jinja2, docx
and docxtpl are imported inside the commands, so `vaplan check` never loads them.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from vaplan.cli import _today, app, fail

template_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                           help="Work with custom checklist templates.")
app.add_typer(template_app, name="template")

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt", "")


class RenderFormat(str, Enum):
    md = "md"
    docx = "docx"


@app.command()
def render(
    plan: Path = typer.Argument(Path("."), help="The plan directory."),
    format: Optional[RenderFormat] = typer.Option(
        None, "--format", "-f", help="md or docx; by default it follows the -o file's extension."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="The file to write; Markdown goes to stdout without one."),
    template: Optional[Path] = typer.Option(
        None, "--template", metavar="FILE", help="A custom template (.md.j2 or .docx)."),
    today: Optional[str] = typer.Option(None, "--today", metavar="YYYY-MM-DD",
                                        help="Render as if today were this date."),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
) -> None:
    """Render the plan's Partnerships & Planning checklist as Markdown or Word."""
    from vaplan.checker import check_plan
    from vaplan.checklist import build_checklist
    from vaplan.plan import PlanError
    from vaplan.atomic import write_atomic
    from vaplan.render import TemplateProblem, render_docx, render_markdown

    kind = _format(format, output)
    _check_template_option(template, kind)
    if output is not None:
        if output.is_dir():
            fail(f"{str(output)!r} is a directory; give a file name such as checklist.{kind.value}")
        if output.exists() and not force:
            fail(f"{str(output)!r} already exists; add --force to replace it")
    elif kind is RenderFormat.docx:
        fail("a Word document cannot go to the terminal; name a file with -o checklist.docx")
    day = _today(today)
    try:
        checklist = build_checklist(check_plan(plan, day))
    except PlanError as err:
        fail(str(err))
    try:
        if kind is RenderFormat.docx:
            data = render_docx(checklist, template)
        else:
            data = render_markdown(checklist, template).encode("utf-8")
    except TemplateProblem as problem:
        for line in problem.problems:
            typer.echo(f"vaplan: {line}", err=True)
        fail("the template cannot be used; `vaplan template check FILE` lists every problem")
    except OSError as err:
        fail(f"cannot read the template {str(template)!r}: {err.strerror}")
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        write_atomic(output, data, overwrite=True)
    except OSError as err:
        fail(f"cannot write {str(output)!r}: {err.strerror}")
    typer.echo(f"wrote {output}", err=True)


@template_app.command("check")
def template_check(
    file: Path = typer.Argument(..., help="The template: a .md.j2 text file or a .docx file."),
) -> None:
    """Check a custom template against the checklist it will be given, without rendering."""
    from vaplan.render import check_template

    if not file.is_file():
        fail(f"there is no file {str(file)!r}")
    try:
        problems = check_template(file)
    except OSError as err:
        fail(f"cannot read {str(file)!r}: {err.strerror}")
    for line in problems:
        typer.echo(line)
    if problems:
        typer.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {file}")
        raise typer.Exit(1)
    typer.echo(f"{file}: no problems found; use it with `vaplan render --template {file}`")


def _format(format: Optional[RenderFormat], output: Optional[Path]) -> RenderFormat:
    if format is not None:
        return format
    if output is None:
        return RenderFormat.md
    suffix = output.suffix.lower()
    if suffix == ".docx":
        return RenderFormat.docx
    if suffix in _MARKDOWN_SUFFIXES:
        return RenderFormat.md
    fail(f"cannot tell the format from {output.name!r}; name the file .md or .docx, or add "
         "--format md or --format docx")
    raise AssertionError  # fail() exits


def _check_template_option(template: Optional[Path], kind: RenderFormat) -> None:
    if template is None:
        return
    if not template.is_file():
        fail(f"there is no template file {str(template)!r}")
    is_word = template.suffix.lower() == ".docx"
    if is_word and kind is RenderFormat.md:
        fail(f"{template.name} is a Word template; write Word with -o checklist.docx")
    if not is_word and kind is RenderFormat.docx:
        fail(f"{template.name} is not a Word template; Word output needs a .docx template")
