"""`vaplan render` (the checklist or the meeting packet) and `vaplan template check`: thin
commands over vaplan.render.

Registered on vaplan.cli.app's app when vaplan.cli.main imports this module. jinja2, docx
and docxtpl are imported inside the commands, so `vaplan check` never loads them.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from vaplan.cli.app import PLAN, TODAY, app, fail, parse_today, plan_folder
from vaplan.findings import printable

template_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                           help="Work with custom checklist and packet templates.")
app.add_typer(template_app, name="template")

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt", "")


class RenderFormat(str, Enum):
    md = "md"
    markdown = "markdown"  # the same as md, for those who write the word out
    docx = "docx"
    pdf = "pdf"
    json = "json"
    html = "html"


class DocumentKind(str, Enum):
    checklist = "checklist"
    packet = "packet"
    response = "response"
    recovery = "recovery"
    summary = "summary"


_KIND_HELP = ("checklist (the Partnerships & Planning checklist), packet (a meeting packet), "
              "response (the incident-day kit: call tree, who does what in the first hours), "
              "recovery (the recovery kit) or summary (one page: readiness, its trend over the "
              "plan's git history, the next steps).")


@app.command()
def render(
    plan: Optional[Path] = PLAN,
    kind: DocumentKind = typer.Option(DocumentKind.checklist, "--kind", "-k", metavar="KIND",
                                      help=_KIND_HELP),
    format: Optional[RenderFormat] = typer.Option(
        None, "--format", "-f", metavar="FORMAT",
        help="md (or markdown), docx (Word), pdf (made from the Word document by LibreOffice), "
             "json (the checklist or summary as data) or html (the summary as one web page); "
             "by default it follows the -o file's extension."),
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
    from vaplan.render import TemplateProblem, render_docx, render_markdown

    plan = plan_folder(plan)
    fmt = _format(format, output)
    if since is not None and kind is not DocumentKind.packet:
        fail("--since is for the meeting packet; add --kind packet")
    if fmt is RenderFormat.json and kind not in (DocumentKind.checklist, DocumentKind.summary):
        fail(f"--format json is for the checklist and the summary; leave out --kind {kind.value}")
    if fmt is RenderFormat.html and kind is not DocumentKind.summary:
        fail("--format html is for the summary; add --kind summary")
    if fmt in (RenderFormat.json, RenderFormat.html) and template is not None:
        fail(f"--format {fmt.value} takes no template: the page has a fixed shape")
    _check_template_option(template, fmt, kind)
    protect = plan_files([plan])
    if output is not None:
        try:  # before the work, so a refused output costs nothing; write_atomic checks again
            check_writable(output, overwrite=force, protect=protect)
        except OSError as err:
            fail(f"cannot write {str(output)!r}: {why(err)}")
    elif fmt in (RenderFormat.docx, RenderFormat.pdf):
        what = "a Word document" if fmt is RenderFormat.docx else "a PDF"
        fail(f"{what} cannot go to the terminal; name a file with -o {kind.value}.{fmt.value}")
    if fmt is RenderFormat.pdf:
        from vaplan.cli.pdf import need_libreoffice

        need_libreoffice()
    view = _build(plan, kind, parse_today(today), since, public)
    try:
        if kind is DocumentKind.summary and fmt is not RenderFormat.md:
            from vaplan.cli.summary import summary_bytes

            data = summary_bytes(view, fmt.value, template)
        elif fmt in (RenderFormat.docx, RenderFormat.pdf):
            data = render_docx(view, template)
        elif fmt is RenderFormat.json:
            import json

            from vaplan.checklist.data import checklist_data

            data = (json.dumps(checklist_data(view), ensure_ascii=False, indent=2)
                    + "\n").encode("utf-8")
        else:
            data = render_markdown(view, template).encode("utf-8")
    except TemplateProblem as problem:
        for line in problem.problems:
            typer.echo(f"vaplan: {printable(line)}", err=True)
        flag = "" if kind is DocumentKind.checklist else f" --kind {kind.value}"
        fail(f"the template cannot be used; `vaplan template check{flag} FILE` lists every "
             "problem")
    except OSError as err:
        fail(f"cannot read the template {str(template)!r}: {err.strerror}")
    if public and not _says(data, view.public_note, fmt):
        fail(f"{template.name if template else 'the template'} does not show public_note, so "
             "the page would not say it is a public copy; add {{ public_note }} to it")
    if fmt is RenderFormat.pdf:
        from vaplan.cli.pdf import to_pdf

        data = to_pdf(data)
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        write_atomic(output, data, overwrite=force, protect=protect)
    except OSError as err:
        fail(f"cannot write {str(output)!r}: {why(err)}")
    typer.echo(printable(f"wrote {output}"), err=True)


@template_app.command("check")
def template_check(
    file: Path = typer.Argument(..., metavar="FILE", show_default=False,
                                help="The template: a .md.j2 text file or a .docx file."),
    kind: DocumentKind = typer.Option(DocumentKind.checklist, "--kind", "-k", metavar="KIND",
                                      help="What the template renders: " + _KIND_HELP),
) -> None:
    """Check a custom template against the checklist or packet it will be given, without
    rendering."""
    from vaplan.render import check_template

    if not file.is_file():
        fail(f"there is no file {str(file)!r}")
    try:
        problems = check_template(file, kind.value)
        # response and recovery kits share their templates: suggest a kind that is not a twin
        others = [k for k in DocumentKind if k is not kind and
                  not {k, kind} <= {DocumentKind.response, DocumentKind.recovery}]
        other = next((k for k in others if problems and not check_template(file, k.value)),
                     kind)
        fits_other = other is not kind
    except OSError as err:
        fail(f"cannot read {str(file)!r}: {err.strerror}")
    for line in problems:
        typer.echo(line)
    if problems:
        typer.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {file}")
        if fits_other:
            typer.echo(f"{file.name} has no problems as a {other.value} template; check it "
                       f"with --kind {other.value}")
        raise typer.Exit(1)
    flag = "" if kind is DocumentKind.checklist else f" --kind {kind.value}"
    typer.echo(f"{file}: no problems found; use it with `vaplan render{flag} --template {file}`")


def _build(plan: Path, kind: DocumentKind, day: date, since: Optional[str], public: bool
           ) -> Any:
    """The checklist or the packet of the plan, or exit 2 when it cannot be made."""
    from vaplan.check.checker import check_plan
    from vaplan.checklist.build import build_checklist
    from vaplan.checklist.changes import SinceError, changes_since, since_date
    from vaplan.load.plan import PlanError

    try:
        if since is not None:
            since_date(since)  # a malformed date fails before the plan is checked
        result = check_plan(plan, day)
        if kind in (DocumentKind.response, DocumentKind.recovery):
            from vaplan.checklist.kit import build_kit

            return build_kit(result, kind.value, public=public)
        if kind is DocumentKind.checklist:
            return build_checklist(result, public=public)
        if kind is DocumentKind.summary:
            from vaplan.checklist.summary import build_summary
            from vaplan.checklist.trend import plan_history

            return build_summary(result, plan_history(plan), public=public)
        # build_packet(public=True) makes the whole packet, checklist parts too, a public copy
        checklist = build_checklist(result)
        from vaplan.checklist.packet import build_packet

        changes = None
        if since is not None:
            changes = changes_since(result, since, {i.id: i.text for i in checklist.items})
        return build_packet(result, checklist, changes, public=public)
    except (PlanError, SinceError) as err:
        fail(str(err))


def _says(data: bytes, note: str, fmt: RenderFormat) -> bool:
    """Whether a rendered document shows `note` (a Word file: in any of its parts)."""
    if fmt is RenderFormat.md:
        return note in data.decode("utf-8")
    if fmt is RenderFormat.html:
        import html

        return note in html.unescape(data.decode("utf-8"))
    if fmt is RenderFormat.json:
        return True  # the object carries public_note itself
    import html
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as document:
        return any(note in html.unescape(document.read(name).decode("utf-8", "replace"))
                   for name in document.namelist() if name.endswith(".xml"))


def _format(format: Optional[RenderFormat], output: Optional[Path]) -> RenderFormat:
    if format is RenderFormat.markdown:
        return RenderFormat.md
    if format is not None:
        return format
    if output is None:
        return RenderFormat.md
    suffix = output.suffix.lower()
    if suffix == ".docx":
        return RenderFormat.docx
    if suffix == ".pdf":
        return RenderFormat.pdf
    if suffix == ".json":
        return RenderFormat.json
    if suffix in (".html", ".htm"):
        return RenderFormat.html
    if suffix in _MARKDOWN_SUFFIXES:
        return RenderFormat.md
    fail(f"cannot tell the format from {output.name!r}; name the file .md, .docx or .pdf, or "
         "add --format md, --format docx or --format pdf")


def _check_template_option(template: Optional[Path], fmt: RenderFormat,
                           kind: DocumentKind) -> None:
    if template is None:
        return
    if not template.is_file():
        fail(f"there is no template file {str(template)!r}")
    is_word = template.suffix.lower() == ".docx"
    if is_word and fmt is RenderFormat.md:
        fail(f"{template.name} is a Word template; write Word with -o {kind.value}.docx")
    if not is_word and fmt in (RenderFormat.docx, RenderFormat.pdf):
        what = "Word" if fmt is RenderFormat.docx else "PDF"
        fail(f"{template.name} is not a Word template; {what} output needs a .docx template")
