"""The one Jinja environment every template (checklist or packet) runs in: sandboxed, strict,
explained.

Templates, ours and the coordinators', run in Jinja's SandboxedEnvironment: a template can
read the checklist's fields and format them, never reach Python internals. Unknown names fail
(StrictUndefined) with "did you mean", and every failure becomes a TemplateProblem in plain words.
The linter behind `vaplan template check` is vaplan.render.lint; the plain words,
vaplan.render.explain.
"""

from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from vaplan.render.explain import explain_undefined

#: A template may run this long; a loop inside a loop of a custom template could run for days.
TEMPLATE_SECONDS = 30.0
#: The longest text or list a template may build with `*`; ours never need more than a line.
MAX_REPEAT = 100_000


class TemplateTimeout(Exception):
    """The template ran past TEMPLATE_SECONDS."""


def timeout_message(name: str) -> str:
    return (f"{name}: the template ran for more than {TEMPLATE_SECONDS:g} seconds and was "
            "stopped; look for a loop that never ends or loops nested inside loops")


@contextmanager
def time_limit() -> Iterator[None]:
    """Stop a template that runs past TEMPLATE_SECONDS (on the main thread, where a timer
    signal can interrupt it; elsewhere the template runs unbounded)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not \
            threading.main_thread():
        yield
        return

    def expired(*_: Any) -> None:
        raise TemplateTimeout()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, TEMPLATE_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing `'x' * 10**10`: a few characters of template that would
    take gigabytes of memory."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise TemplateError(f"the power {right} is too large for a template")
        if operator == "*":
            sized, count = ((left, right) if isinstance(right, int) else (right, left))
            if isinstance(sized, (str, list, tuple)) and isinstance(count, int) and \
                    len(sized) * count > MAX_REPEAT:
                raise TemplateError(f"repeating a text or list {count} times makes it longer "
                                    f"than {MAX_REPEAT:,} items, more than a template needs")
        return super().call_binop(context, operator, left, right)


class TemplateProblem(Exception):
    """A template cannot be used; `problems` says why, each in one plain sentence."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(dict.fromkeys(problems))
        super().__init__("\n".join(self.problems))


def _cell(value: Any) -> str:
    """Text made safe for one Markdown table cell or list line."""
    return re.sub(r"\s*\n\s*", " ", str(value)).replace("|", "\\|").strip()


def make_environment(known: Iterable[str], *, autoescape: bool = False,
                     undefined: type | None = None, noun: str = "the checklist"
                     ) -> SandboxedEnvironment:
    """The sandboxed environment, with an Undefined that explains itself against `known`."""
    names = tuple(known)
    base = undefined or StrictUndefined

    class Explained(base):  # type: ignore[misc, valid-type]
        __slots__ = ()

        @property
        def _undefined_message(self) -> str:
            return explain_undefined(self._undefined_name, self._undefined_obj,
                                     self._undefined_hint, names, noun)

    env = _Sandbox(undefined=Explained, autoescape=autoescape, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = _cell
    env.filters["plain"] = lambda value: str(value).replace("`", "")
    return env


