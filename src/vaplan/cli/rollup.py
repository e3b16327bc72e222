"""`vaplan rollup`: many plans side by side, as a CSV for spreadsheets, one web page, or a folder
with an index and each plan's summary page."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional

import typer

from vaplan.cli.app import TODAY, app, fail, parse_today, plan_folder
from vaplan.findings import printable

#: From this many plans a progress bar shows on a terminal.
_PROGRESS_FROM = 20


@app.command()
def rollup(
    plans: List[Path] = typer.Argument(None, metavar="PLAN", show_default=False,
                                       help="Plan folders, one row each; the current folder "
                                            "if left out."),
    output: Path = typer.Option(..., "--output", "-o", metavar="FILE.csv|FILE.html|FOLDER",
                                show_default=False,
                                help="rollup.csv (for spreadsheets), rollup.html (one web "
                                     "page) or a folder (an index.html and each plan's "
                                     "summary page)."),
    public: bool = typer.Option(False, "--public", help="Leave out people, next steps and "
                                "agreements expired or expiring, for a page anyone may see."),
    title: str = typer.Option("Victim assistance plans side by side", "--title",
                              metavar="TEXT", help="The web page's heading."),
    today: Optional[str] = TODAY,
    force: bool = typer.Option(False, "--force", help="Replace output files that exist."),
) -> None:
    """Show many plans side by side: one row per community with its readiness, each section,
    agreements expired, days since the last exercise, the next meeting and the first next
    step."""
    from vaplan.atomic import check_writable, why, write_atomic
    from vaplan.cli.options import plan_files
    from vaplan.export.rollup import build_rollup, to_csv, to_html

    day = parse_today(today)
    folders = _once([plan_folder(p) for p in plans or ()] or [plan_folder(None)])
    kind = _kind(output)
    every = plan_files(folders)
    # Only plan files in the output's own folder can share a page's name; checking each page
    # against every plan file of thousands would take minutes. One linked into the folder
    # under another name is found by its inode (_linked).
    protect = _in_folder(every, output if kind == "folder" else output.parent)
    targets = [output] if kind != "folder" else [output / "index.html"]
    if kind == "folder":
        if output.exists() and not output.is_dir():
            fail(f"{str(output)!r} is a file; name a folder, or a file ending .csv or .html")
        if not output.parent.is_dir():
            fail(f"there is no folder {str(output.parent)!r} to make {output.name!r} in")
    for target in targets:
        try:
            if target.parent.is_dir():
                check_writable(target, overwrite=force, protect=protect)
        except OSError as err:
            fail(f"cannot write {str(target)!r}: {why(err)}")
    with _progress(len(folders)) as advance:
        made = build_rollup(folders, day, public=public, pages=kind == "folder",
                            advance=advance)
    files: dict[Path, bytes] = {}
    if kind == "csv":
        files[output] = to_csv(made)
    elif kind == "html":
        files[output] = to_html(made, title)
    else:
        files[output / "index.html"] = to_html(made, title)
        files.update({output / name: page for name, page in (made.pages or {}).items()})
        try:
            output.mkdir(exist_ok=True)
        except OSError as err:
            fail(f"cannot make the folder {str(output)!r}: {why(err)}")
    for path in files:  # every file checked before any is written
        try:
            check_writable(path, overwrite=force, protect=protect)
        except OSError as err:
            fail(f"cannot write {str(path)!r}: {why(err)}")
    linked = _linked(every, files)
    if linked:
        fail(f"cannot write {str(linked)!r}: it is a file of a plan; vaplan does not write "
             "over it, even with --force: give another folder")
    for path, data in files.items():
        try:
            write_atomic(path, data, overwrite=force, protect=protect)
        except OSError as err:
            fail(f"cannot write {str(path)!r}: {why(err)}")
    broken = [row for row in made.rows if row.error]
    for row in broken:
        typer.echo(printable(f"vaplan: {row.plan}: {row.error}"), err=True)
    what = f"{len(made.rows)} plan{'s' if len(made.rows) != 1 else ''}"
    unread = f"; {len(broken)} could not be read, and {'its row says' if len(broken) == 1 else 'their rows say'} why" if broken else ""
    where = str(output / "index.html") if kind == "folder" else str(output)
    typer.echo(printable(f"wrote {where} ({what}{unread})"), err=True)


def _once(folders: list[Path]) -> list[Path]:
    """Each plan once, in the order given: `counties/* counties/pima` names pima twice, and
    two rows of one community would count it twice in any total made from the roll-up."""
    import os

    seen: dict[str, Path] = {}
    for folder in folders:
        key = os.path.realpath(folder)
        if key in seen:
            typer.echo(printable(f"vaplan: {folder} is named more than once (as "
                                 f"{seen[key]}); it has one row"), err=True)
            continue
        seen[key] = folder
    return list(seen.values())


def _in_folder(files: list[Path], folder: Path) -> list[Path]:
    """The files whose folder is `folder` (after links are followed)."""
    import os

    where = os.path.realpath(folder)
    return [f for f in files if os.path.realpath(f.parent) == where]


def _linked(plan_files: list[Path], outputs: Iterable[Path]) -> Optional[Path]:
    """An output that is a plan file under another name (a hard or symbolic link), if any."""
    import os

    def identity(path: Path) -> Optional[tuple[int, int]]:
        try:
            info = os.stat(path)
        except OSError:
            return None
        return info.st_dev, info.st_ino

    plans = {i for i in map(identity, plan_files) if i is not None}
    return next((out for out in outputs if identity(out) in plans), None)


def _kind(output: Path) -> str:
    suffix = output.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".html", ".htm"):
        return "html"
    if suffix and not output.is_dir():
        fail(f"cannot tell what to write from {output.name!r}; name a file .csv or .html, or a "
             "folder for an index and each plan's summary page")
    return "folder"


@contextmanager
def _progress(total: int) -> Iterator[Optional[Callable[[], None]]]:
    """A progress bar on stderr, when stderr is a terminal and there are many plans."""
    if total < _PROGRESS_FROM or sys.stderr is None or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("Checking plans", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("plans", total=total)
        yield lambda: bar.advance(task)
