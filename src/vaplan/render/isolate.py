"""Run a coordinator's own template in a child process with memory and CPU-time limits.

The sandbox (vaplan.render.bounds) refuses what it can foresee, and the timer stops a template
between two Python steps; neither can stop one C call that allocates gigabytes or computes for
an hour. A custom template therefore runs in a forked child whose address space and CPU time the
kernel limits (resource.setrlimit); the parent waits a little longer than the timer, kills the
child if it is still running, and turns any end of it into a TemplateProblem in plain words.
The bundled templates, which we wrote, run in the process itself.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import signal
import sys
import traceback
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

import vaplan.render.environment as environment
from vaplan.render.environment import TemplateProblem

T = TypeVar("T")


@dataclass
class Limits:
    """What a custom template's child process may use (tests make them small)."""

    #: address space the child may add to what it has when it starts
    memory_bytes: int = 1 << 30
    #: CPU seconds past the template timer before the kernel stops the child
    cpu_grace_seconds: int = 5
    #: wall-clock seconds past the template timer before the parent kills the child
    wall_grace_seconds: float = 15.0


LIMITS = Limits()


def available() -> bool:
    """Whether templates can run in a limited child here (POSIX with fork)."""
    return importlib.util.find_spec("resource") is not None and \
        "fork" in multiprocessing.get_all_start_methods()


def run_limited(name: str, function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a child process under LIMITS; its TemplateProblem is raised here,
    and a child that is killed or fails becomes one. Runs in this process where fork is not
    available (the sandbox's caps and the timer still hold)."""
    if not available():
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, name, function, args), daemon=True)
    child.start()
    sender.close()
    wait = environment.TEMPLATE_SECONDS + LIMITS.wall_grace_seconds
    try:
        if not receiver.poll(wait):
            raise TemplateProblem([_stopped(name)])
        outcome, value = receiver.recv()
    except EOFError:
        child.join(5)
        raise TemplateProblem([_died(name, child.exitcode)]) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if outcome == "ok":
        return value
    raise TemplateProblem(value)


def _child(sender: Any, name: str, function: Callable[..., Any], args: tuple[Any, ...]
           ) -> None:
    """The child's side: limit itself, run, send ("ok", result) or ("problem", sentences)."""
    try:
        _limit_self()
        try:
            sender.send(("ok", function(*args)))
        except TemplateProblem as problem:
            sender.send(("problem", problem.problems))
        except MemoryError:
            sender.send(("problem", [memory_message(name)]))
    except BaseException:  # noqa: BLE001  (the parent says it in plain words; no traceback)
        if os.environ.get("VAPLAN_DEBUG"):
            traceback.print_exc()
        os._exit(3)
    finally:
        sender.close()


def _limit_self() -> None:
    import resource

    # A core dump of a child killed for its CPU time would be a file nobody asked for.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(environment.TEMPLATE_SECONDS) + LIMITS.cpu_grace_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = _address_space() + LIMITS.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _address_space() -> int:
    """The address space this process already uses (on Linux; elsewhere a generous guess)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 2 << 30 if sys.maxsize > 2 ** 32 else 0


def _limit_words() -> str:
    return (f"{LIMITS.memory_bytes // (1 << 20):,} MB of memory or about "
            f"{environment.TEMPLATE_SECONDS:g} seconds")


def _stopped(name: str) -> str:
    return (f"{name}: the template ran for more than "
            f"{environment.TEMPLATE_SECONDS + LIMITS.wall_grace_seconds:g} seconds and was "
            "stopped; look for a loop that never ends or loops nested inside loops")


def memory_message(name: str) -> str:
    return (f"{name}: the template needs more than the "
            f"{LIMITS.memory_bytes // (1 << 20):,} MB of memory a template may use and was "
            "stopped; look for a text or list it makes very large")


def _died(name: str, code: int | None) -> str:
    if code is not None and code < 0 and -code in (signal.SIGXCPU, signal.SIGKILL):
        return (f"{name}: the template used more than its share of the computer "
                f"({_limit_words()}) and was stopped; look for a loop that never ends or a "
                "text or list it makes very large")
    return (f"{name}: the template stopped without finishing (it may have used more than "
            f"{_limit_words()}); look for a loop that never ends or a text or list it makes "
            "very large")
