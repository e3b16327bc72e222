"""The `vaplan` program's entry point: the cyclic garbage collector is off before anything is
imported, then the app runs (vaplan.cli.main says why a run needs no cyclic collector), and the
process ends without taking its objects apart one by one.

Importing the commands, typer and pydantic makes hundreds of thousands of objects, none of them
garbage; with the collector on, it walks them again and again while they are made (13 ms of a
0.35 s check, measured). `vaplan.cli.main` itself keeps the collector on when imported, so
tests that import the app keep it.

When the command is done, Python would free every object and module before the process ends:
44 ms of a 0.36 s check of a 1,000-member plan (measured), for memory the system takes back at
once anyway. So the exit handlers run (`atexit`: what Python and its libraries registered to
finish), standard output and error are flushed, and the process ends there. Every file vaplan
writes is finished before the command returns (vaplan.atomic writes, flushes and renames), so
ending early loses nothing."""

from __future__ import annotations

import atexit
import gc
import os
import sys


def main() -> None:
    gc.disable()
    # vaplan loads no pydantic plugins (an observability hook, say): pydantic would otherwise
    # read the entry points of every installed package on the first model (3 ms, measured).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from vaplan.cli.main import main as run

    try:
        run()
        code = 0
    except SystemExit as stop:
        code = _exit_code(stop.code)
    _end(code)


def _exit_code(code: object) -> int:
    """The exit status SystemExit(code) gives: None is 0, a number itself, anything else is
    printed to standard error and is 1, as Python does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _end(code: int) -> None:
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # closed when vaplan started (`>&-`)
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that left (| head), or a closed stream
            code = code or 120  # what Python answers when it cannot flush at exit
    os._exit(code)
