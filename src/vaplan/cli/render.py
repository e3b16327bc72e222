"""`vaplan render` (the checklist or the meeting packet) and `vaplan template check`: thin
commands over vaplan.render.

Registered on vaplan.cli.app's app when vaplan.cli.main imports this module. jinja2, docx
and docxtpl are imported inside the commands, so `vaplan check` never loads them.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from vaplan.cli.app import (
    PLAN,
    TODAY,
    app,
    binary_to_standard_output,
    fail,
    parse_today,
    plan_folder,
    standard_output,
    write_standard_output,
)
from vaplan.findings import printable
from vaplan.render.kinds import KINDS, Kind, kinds_help

template_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                           help="Work with custom checklist and packet templates.")
app.add_typer(template_app, name="template")


class RenderFormat(str, Enum):
    md = "md"
    markdown = "markdown"  # the same as md, for those who write the word out
    docx = "docx"
    pdf = "pdf"
    json = "json"
    html = "html"


#: The kinds of document, their help and their formats: one registry (vaplan.render.kinds).
if TYPE_CHECKING:
    class DocumentKind(str, Enum):
        """A kind's name (the registry's, made a choice at run time)."""
else:
    DocumentKind = Enum("DocumentKind", {name: name for name in KINDS}, type=str)
_KIND_HELP = kinds_help()


@app.command()
def render(
    plan: Optional[Path] = PLAN,
    kind: DocumentKind = typer.Option(DocumentKind("checklist"), "--kind", "-k", metavar="KIND",  # noqa: B008
                                      help=_KIND_HELP),
    format: Optional[RenderFormat] = typer.Option(
        None, "--format", "-f", metavar="FORMAT",
        help="md (or markdown), docx (Word), pdf (made from the Word document by LibreOffice), "
             "json (the checklist or summary as data) or html (the summary as one web page); by "
             "default it follows the -o file's extension."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="FILE",
        help="The file to write; Markdown goes to the terminal without one."),
    template: Optional[Path] = typer.Option(
        None, "--template", metavar="FILE", help="A custom template (.md.j2 or .docx)."),
    since: Optional[str] = typer.Option(
        None, "--since", metavar="DATE|REVISION",
        help="Packet only: list what changed since the last meeting, given as its date "
             "(YYYY-MM-DD) or as a git revision of the plan (a commit, tag or branch)."),
    public: bool = typer.Option(False, "--public", help="Leave out people's names, titles, "
                                "phones and emails, for a copy anyone may see."),
    today: Optional[str] = TODAY,
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
) -> None:
    """Render the plan's Partnerships & Planning checklist, a meeting packet or an incident-day
    kit, as Markdown, Word or PDF."""
    from vaplan.atomic import check_writable, why, write_atomic
    from vaplan.cli.options import plan_files

    plan = plan_folder(plan)
    document = KINDS[kind.value]
    output = standard_output(output)
    fmt = _format(format, output)
    _check_options(document, fmt, since, template)
    protect = plan_files([plan])
    if output is not None:
        try:  # before the work, so a refused output costs nothing; write_atomic checks again
            check_writable(output, overwrite=force, protect=protect)
        except OSError as err:
            fail(f"cannot write {str(output)!r}: {why(err)}")
    elif fmt in (RenderFormat.docx, RenderFormat.pdf):
        binary_to_standard_output("a Word document" if fmt is RenderFormat.docx else "a PDF",
                                  f"{kind.value}.{fmt.value}")
    if fmt is RenderFormat.pdf:
        from vaplan.cli.pdf import need_libreoffice

        need_libreoffice()
    view = _build(plan, document, parse_today(today), since, public)
    data = _rendered(view, document, fmt, template)
    if public and not _says(data, view.public_note, fmt):
        fail(f"{template.name if template else 'the template'} does not show public_note, so "
             "the page would not say it is a public copy; add {{ public_note }} to it")
    if fmt is RenderFormat.pdf:
        from vaplan.cli.pdf import to_pdf

        data = to_pdf(data)
    if output is None and fmt in (RenderFormat.docx, RenderFormat.pdf):
        write_standard_output(data, document.noun)
        return
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        write_atomic(output, data, overwrite=force, protect=protect)
    except OSError as err:
        fail(f"cannot write {str(output)!r}: {why(err)}")
    typer.echo(printable(f"wrote {output}"), err=True)


def _check_options(document: Kind, fmt: RenderFormat, since: Optional[str],
                   template: Optional[Path]) -> None:
    """Refuse, before any work, options the kind of document does not take."""
    if since is not None and not document.since:
        fail("--since is for the meeting packet; add --kind packet")
    if fmt.value not in document.formats:
        takes = [k.name for k in KINDS.values() if fmt.value in k.formats]
        fail(f"--format {fmt.value} is for the {' and the '.join(takes)}; "
             f"{'leave out' if 'checklist' in takes else 'use'} --kind "
             f"{document.name if 'checklist' in takes else takes[0]}")
    if fmt in (RenderFormat.json, RenderFormat.html) and template is not None:
        fail(f"--format {fmt.value} takes no template: it has a fixed shape")
    _check_template_option(template, fmt, document.name)


def _rendered(view: Any, document: Kind, fmt: RenderFormat, template: Optional[Path]) -> bytes:
    """The document's bytes in `fmt` (Word for a PDF), through `template` or the bundled one."""
    from vaplan.render import TemplateProblem, render_docx, render_markdown

    try:
        if document.name == "summary" and fmt is not RenderFormat.md:
            from vaplan.cli.summary import summary_bytes

            return summary_bytes(view, fmt.value, template)
        if fmt in (RenderFormat.docx, RenderFormat.pdf):
            return render_docx(view, template)
        if fmt is RenderFormat.json:
            import json

            from vaplan.checklist.data import checklist_data
            from vaplan.text import without_bidi

            return (without_bidi(json.dumps(checklist_data(view), ensure_ascii=False, indent=2))
                    + "\n").encode("utf-8")
        return render_markdown(view, template).encode("utf-8")
    except TemplateProblem as problem:
        if template is None:  # vaplan's own template: never blame a file the user did not give
            fail(f"vaplan could not make the {document.name}: " + "; ".join(problem.problems))
        for line in problem.problems:
            typer.echo(f"vaplan: {printable(line)}", err=True)
        flag = "" if document.name == "checklist" else f" --kind {document.name}"
        fail(f"the template cannot be used; `vaplan template check{flag} FILE` lists every "
             "problem")
    except OSError as err:
        fail(f"cannot read the template {str(template)!r}: {err.strerror}")


@template_app.command("check")
def template_check(
    file: Path = typer.Argument(..., metavar="FILE", show_default=False,
                                help="The template: a .md.j2 text file or a .docx file."),
    kind: DocumentKind = typer.Option(DocumentKind("checklist"), "--kind", "-k", metavar="KIND",  # noqa: B008
                                      help="What the template renders: " + _KIND_HELP),
) -> None:
    """Check a custom template against the checklist or packet it will be given, without
    rendering."""
    from vaplan.render import check_template

    if not file.is_file():
        fail(f"there is no file {str(file)!r}")
    try:
        problems = check_template(file, kind.value)
        # the kits share their templates: suggest a kind that is not a twin
        others = [k for k in KINDS if KINDS[k].markdown != KINDS[kind.value].markdown]
        other = next((k for k in others if problems and not check_template(file, k)),
                     kind.value)
        fits_other = other != kind.value
    except OSError as err:
        fail(f"cannot read {str(file)!r}: {err.strerror}")
    for line in problems:
        typer.echo(printable(line))
    if problems:
        typer.echo(printable(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in "
                             f"{file}"))
        if fits_other:
            typer.echo(printable(f"{file.name} has no problems as a {other} template; "
                                 f"check it with --kind {other}"))
        raise typer.Exit(1)
    flag = "" if kind.value == "checklist" else f" --kind {kind.value}"
    typer.echo(printable(f"{file}: no problems found; use it with `vaplan render{flag} "
                         f"--template {file}`"))


def _build(plan: Path, document: Kind, day: date, since: Optional[str], public: bool) -> Any:
    """The document of the plan, or exit 2 when it cannot be made."""
    from vaplan.check.checker import check_plan
    from vaplan.checklist.changes import SinceError, since_date
    from vaplan.load.plan import PlanError
    from vaplan.public import PeopleUnknown

    try:
        if since is not None:
            since_date(since)  # a malformed date fails before the plan is checked
        return document.build(check_plan(plan, day), since, public)
    except (PlanError, SinceError, PeopleUnknown) as err:
        fail(str(err))


def _says(data: bytes, note: str, fmt: RenderFormat) -> bool:
    """Whether a rendered document shows `note` (a Word file: in any of its parts)."""
    if fmt is RenderFormat.md:
        return note in data.decode("utf-8")
    if fmt is RenderFormat.json:
        return True  # the object carries public_note itself
    import html

    if fmt is RenderFormat.html:
        return note in html.unescape(data.decode("utf-8"))
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as document:
        return any(note in html.unescape(document.read(name).decode("utf-8", "replace"))
                   for name in document.namelist() if name.endswith(".xml"))


def _format(format: Optional[RenderFormat], output: Optional[Path]) -> RenderFormat:
    from vaplan.cli.options import choose_format

    chosen = choose_format(format.value if format else None, output,
                           [f.value for f in RenderFormat])
    if chosen is None:
        assert output is not None  # only a file's extension can name no format
        fail(f"cannot tell the format from {output.name!r}; name the file .md, .docx or .pdf, "
             "or add --format md, --format docx or --format pdf")
    return RenderFormat(chosen)


def _check_template_option(template: Optional[Path], fmt: RenderFormat, kind: str) -> None:
    if template is None:
        return
    if not template.is_file():
        fail(f"there is no template file {str(template)!r}")
    is_word = template.suffix.lower() == ".docx"
    if is_word and fmt is RenderFormat.md:
        fail(f"{template.name} is a Word template; write Word with -o {kind}.docx")
    if not is_word and fmt in (RenderFormat.docx, RenderFormat.pdf):
        what = "Word" if fmt is RenderFormat.docx else "PDF"
        fail(f"{template.name} is not a Word template; {what} output needs a .docx template")
