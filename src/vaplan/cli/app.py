"""The command line's shared parts: the Typer app, `--today`, the plan folder (`PLAN`,
`PLAN_OPTION`, `plan_folder()`), `fail()`, colour detection and help pages in plain words.

Commands live in the sibling modules and register on `app` when vaplan.cli.main imports them;
main then calls `plain_help(app)`, so every command, a new one too, gets the same help page."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Iterator, NoReturn, Optional

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import DefaultPlaceholder

from vaplan import __version__
from vaplan.dates import parse_day
from vaplan.findings import printable


# Newer Typers vendor click (typer._click) where older ones use click itself: the help classes
# touch click only through the objects Typer hands them (parameters, contexts, formatters),
# so they serve both.
class PlainCommand(TyperCommand):
    """A command whose help page reads in plain words: usage lines such as `vaplan confirm
    [OPTIONS] ITEM` (no braces, no type names in angle brackets), each value named in
    capitals (PLAN, FILE, FORMAT), its choices in words in its help."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage_pieces(self, ctx)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_parameters(self, ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        with _plain_errors():
            return super().parse_args(ctx, args)


class PlainGroup(TyperGroup):
    """A group with the same plain help page, listing each command with its whole summary,
    never cut with "..." as click cuts one to the terminal's width."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage_pieces(self, ctx) + [self.subcommand_metavar]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, summary(command)) for name, command in self.commands.items()
                if not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@contextmanager
def _plain_errors() -> Iterator[None]:
    """A value the command line refuses, without the "Value error, " of the validation library
    Typer converts values with: "'pfd' is not one of 'md', 'docx', ..."."""
    try:
        yield
    except Exception as err:
        message = getattr(err, "message", None)
        if isinstance(message, str):
            err.message = message.replace("Value error, ", "")  # type: ignore[attr-defined]
        raise


def summary(command: Any) -> str:
    """A command's summary: its short_help, or the first paragraph of its help, whole."""
    text = command.short_help or (command.help or "").split("\n\n")[0]
    return " ".join(text.split())


def _arguments(command: Any, ctx: Any) -> list[Any]:
    """The command's arguments a person sees (a hidden one is for old scripts only)."""
    return [p for p in command.get_params(ctx)
            if p.param_type_name == "argument" and not getattr(p, "hidden", False)]


def _usage_pieces(command: Any, ctx: Any) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for argument in _arguments(command, ctx):
        name = _value_name(argument)
        if argument.nargs != 1:
            pieces.append(f"{name}..." if argument.required else f"[{name}]...")
        else:
            pieces.append(name if argument.required else f"[{name}]")
    return pieces


def _format_parameters(command: Any, ctx: Any, formatter: Any) -> None:
    arguments, options = [], []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        if param.param_type_name == "argument":
            arguments.append((_value_name(param), record[1]))
        else:
            names = ", ".join(sorted(param.opts, key=len))
            flag = getattr(param, "is_flag", False) or getattr(param, "count", False)
            options.append((names if flag else f"{names} {_value_name(param)}", record[1]))
    for title, rows in (("Arguments", arguments), ("Options", options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


def _value_name(param: Any) -> str:
    """PLAN, ITEM, FILE: the metavar set on the parameter, or its name in capitals."""
    return str(param.metavar or (param.name or "value").upper())


def plain_help(typer_app: typer.Typer) -> None:
    """Give every command and group registered on `typer_app` the plain help page, unless it
    chose a class of its own; main calls it once every command is registered, so a new command
    needs nothing more than `@app.command()`."""
    for command in typer_app.registered_commands:
        if command.cls in (None, TyperCommand):  # Typer's default
            command.cls = PlainCommand
    for group in typer_app.registered_groups:
        instance = group.typer_instance
        if instance is None:
            continue
        if isinstance(group.cls, DefaultPlaceholder) and isinstance(instance.info.cls,
                                                                    DefaultPlaceholder):
            group.cls = PlainGroup
        plain_help(instance)


# -h as well as --help on every command; Typer's --install-completion and --show-completion
# for bash, zsh, fish and PowerShell (the README says how).
app = typer.Typer(cls=PlainGroup, add_completion=True, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="Check and render a community's victim assistance plan for mass "
                       "violence and terrorism, kept as YAML files in git.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vaplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """vaplan: plan for victims of mass violence and terrorism before anything happens."""


#: The one `--today` option every command shares.
TODAY: Any = typer.Option(None, "--today", metavar="YYYY-MM-DD",
                          help="Act as if today were this date.")


#: The one way a date is written on the command line, as in the plan files: 2026-11-28.

def parse_today(value: Optional[str]) -> date:
    """The date `--today` names, or the system date without it."""
    if value is None:
        return date.today()
    try:
        return parse_day(value)
    except ValueError as err:  # its message says what is wrong and what to write
        raise typer.BadParameter(printable(str(err))) from None


#: The plan folder as a command's first argument, the current folder if left out: pair it
#: with `plan_folder()`, which says plainly when the current folder holds no plan.
PLAN: Any = typer.Argument(None, metavar="PLAN", show_default=False,
                           help="The plan folder; the current folder if left out.")

#: The plan folder as an option, for commands whose arguments are something else (an item).
PLAN_OPTION: Any = typer.Option(None, "--plan", metavar="PLAN", show_default=False,
                                help="The plan folder; the current folder if left out.")


def plan_folder(plan: Optional[Path]) -> Path:
    """The plan folder a command works on: the one named, or else the current folder, which
    must then hold the plan; if it holds none of a plan's files, say so and exit with code 2
    (another folder the person named gets the loader's own message)."""
    if plan is not None and plan != Path("."):
        return plan
    here = Path(".")
    from vaplan.models import FILE_MODELS

    if not any(os.path.lexists(here / name) for name in FILE_MODELS):
        fail("This folder has no vaplan.yaml. Run the command inside your plan folder, or name "
             f"it: {_naming_example()}")
    return here


def _naming_example() -> str:
    """`vaplan check path/to/plan`, or `vaplan confirm --plan path/to/plan ITEM` for a command
    that takes the plan as an option."""
    ctx = _current_context()
    if ctx is None:
        return "vaplan check path/to/plan"
    words = ["vaplan", *ctx.command_path.split()[1:]]
    arguments = _arguments(ctx.command, ctx)
    if any(p.metavar == "PLAN" for p in arguments):
        return " ".join([*words, "path/to/plan"])
    return " ".join([*words, "--plan", "path/to/plan", *(_value_name(p) for p in arguments)])


def _current_context() -> Any:
    """The running command's context: Typer's vendored click, or click itself before it."""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # a typer that still uses click
        from click import get_current_context  # type: ignore[no-redef,unused-ignore]
    return get_current_context(silent=True)


def fail(message: str) -> NoReturn:
    """Print a usage or I/O error in plain words and exit with code 2."""
    typer.echo(f"vaplan: {printable(message)}", err=True)
    raise typer.Exit(2)


def use_color(stream: Any = None) -> bool:
    """Colour on a terminal that wants it, or wherever FORCE_COLOR asks (a CI log that shows
    colour); never with NO_COLOR, which wins over FORCE_COLOR (no-color.org, force-color.org:
    each counts when set to anything but the empty string)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = sys.stdout if stream is None else stream
    return _terminal(stream)


def _terminal(stream: Any) -> bool:
    """`stream` is a terminal that takes colour and a spinner; a stream closed when vaplan
    started (`>&-`: Python then has None for it) is not."""
    return stream is not None and stream.isatty() and os.environ.get("TERM") != "dumb"


@contextmanager
def progress(what: str, stream: Any = None, after: float = 2.0) -> Iterator[None]:
    """A spinner saying `what` on standard error while a long run works: only on a terminal
    (never in a pipe, a log or CI), and only once the work has taken `after` seconds, so a
    quick command prints nothing more and does not even import rich for it."""
    stream = sys.stderr if stream is None else stream
    if not _terminal(stream):
        yield
        return
    import threading

    lock, shown, finished = threading.Lock(), [], [False]

    def show() -> None:
        from rich.console import Console
        from rich.live import Live
        from rich.spinner import Spinner

        with lock:
            if finished[0]:
                return
            console = Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")))
            # What the command prints meanwhile goes above the spinner; standard output only
            # when it is this terminal too (a pipe keeps its data).
            live = Live(Spinner("dots", text=what), console=console, transient=True,
                        redirect_stdout=_terminal(sys.stdout),
                        redirect_stderr=stream is sys.stderr)
            live.start()
            shown.append(live)

    timer = threading.Timer(after, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            finished[0] = True
            for live in shown:
                live.stop()


def standard_output(output: Optional[Path]) -> Optional[Path]:
    """`-o -` means standard output, as it does for most programs: never a file named "-"."""
    return None if output is not None and str(output) == "-" else output


def binary_to_standard_output(what: str, name: str) -> None:
    """Exit 2 when a Word document, a PDF or a workbook (`what`) would go to a terminal, where
    it would be garbled, asking for a file (`name`); to a file or a pipe it may go."""
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        fail(f"standard output is closed, so {what} has nowhere to go; give -o {name}")
    if sys.stdout.isatty():
        fail(f"{what} would garble the terminal; give -o {name}, or send it to a file or a "
             f"program: > {name}")


def write_standard_output(data: bytes, what: str) -> None:
    """Write a document's bytes to standard output (a file or a pipe), saying so on standard
    error: "Wrote the checklist to standard output"."""
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    typer.echo(printable(f"Wrote {what} to standard output"), err=True)


def refuse_suffix(output: Optional[Path], writes: dict[str, str], command: str, *,
                  force: bool = False, protect: Any = ()) -> None:
    """Exit 2, before any work, when `output` cannot be written (a plan file, an existing file
    without --force: the writer's own words) or ends in an extension `command` does not write
    (roster.xlsx: the file would hold another format under a name that promises this one).
    `writes` maps each extension the command writes to its format; "" allows a name without
    one."""
    if output is None:
        return
    from vaplan.atomic import check_writable, why

    try:
        check_writable(output, overwrite=force, protect=protect)
    except OSError as err:
        fail(f"cannot write {output}: {why(err)}")
    suffix = output.suffix.lower()
    if suffix in writes:
        return
    names = ", ".join(s for s in writes if s)
    excel = ("; a .csv file opens in Excel" if suffix in (".xlsx", ".xls", ".ods")
             and ".csv" in writes else "")
    fail(f"{command} cannot write a {suffix or 'file without an extension'} file "
         f"({output.name!r}); name it with one of {names}{excel}")
