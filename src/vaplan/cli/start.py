"""The `vaplan` program's entry point: the cyclic garbage collector is off before anything is
imported, then the app runs (vaplan.cli.main says why a run needs no cyclic collector).

Importing the commands, typer and pydantic makes hundreds of thousands of objects, none of them
garbage; with the collector on, it walks them again and again while they are made (13 ms of a
0.35 s check, measured). `vaplan.cli.main` itself keeps the collector on when imported, so
tests that import the app keep it."""

from __future__ import annotations

import gc
import os


def main() -> None:
    gc.disable()
    # vaplan loads no pydantic plugins (an observability hook, say): pydantic would otherwise
    # read the entry points of every installed package on the first model (3 ms, measured).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from vaplan.cli.main import main as run

    run()
