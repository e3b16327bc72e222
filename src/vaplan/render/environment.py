"""The one Jinja environment every template (checklist or packet) runs in: sandboxed, strict,
explained.

Templates, ours and the coordinators', run in Jinja's SandboxedEnvironment: a template can
read the checklist's fields and format them, never reach Python internals. Unknown names fail
(StrictUndefined) with "did you mean", and every failure becomes a TemplateProblem in plain words.
The linter behind `vaplan template check` is vaplan.render.lint; the plain words,
vaplan.render.explain.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Macro, markup_join, str_join
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from jinja2.utils import generate_lorem_ipsum
from markupsafe import Markup

import vaplan.render.bounds as bounds
from vaplan.render.bounds import (
    BoundedConcat,
    TemplateLimit,
    bounded,
    bounded_filter,
    check_count,
    check_format_spec,
    check_method,
    check_percent,
    check_text,
    check_written,
    scale,
    text_size,
)
from vaplan.render.explain import explain_undefined
from vaplan.text import breakable, markdown_text

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
    signal.setitimer(signal.ITIMER_REAL, TEMPLATE_SECONDS * scale())
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _BoundedFormatter:
    """str.format and format_map in the sandbox, refusing a field wider than a text may be
    ({:>1000000000}) and stopping once the text being made passes MAX_TEXT."""

    @staticmethod
    def make(base: type) -> type:
        class Bounded(base):
            def vformat(self, format_string: Any, args: Any, kwargs: Any) -> str:
                self._made = len(format_string)
                return super().vformat(format_string, args, kwargs)

            def format_field(self, value: Any, format_spec: str) -> Any:
                check_format_spec(format_spec)
                check_written(value, "str.format")
                text = super().format_field(value, format_spec)
                self._made += len(text)
                check_text(self._made, "str.format")
                return text

        return Bounded


_FORMATTERS = {base: _BoundedFormatter.make(base)
               for base in (SandboxedFormatter, SandboxedEscapeFormatter)}


class _BoundedCode(CodeGenerator):
    """Compiles `a ~ b` so the joined text is measured before it is made: a loop doubling a
    text with ~ would otherwise reach gigabytes in a few steps."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox (lists and dicts cannot be changed in place), also refusing what a few
    characters of template could make take gigabytes of memory or hours inside one C call:
    `'x' * 10**10`, `'x'.ljust(10**10)`, `'{:>1000000000}'.format(1)`, `'%1000000000d' % 1`,
    a text doubled by ~ in a loop, and a document past MAX_OUTPUT (see vaplan.render.bounds)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCode

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise TemplateLimit(f"the power {right} is too large for a template")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and \
                left.bit_length() * right > bounds.MAX_INT_BITS:
            raise TemplateLimit(f"the power ** {right} of a number of {left.bit_length():,} bits "
                                f"would make a number of more than {bounds.MAX_INT_BITS:,} "
                                "bits, too large for a template")
        if operator == "*":
            sized, count = ((left, right) if isinstance(right, int) else (right, left))
            if isinstance(sized, (str, list, tuple)) and isinstance(count, int) and \
                    len(sized) * count > MAX_REPEAT:
                raise TemplateLimit(f"repeating a text or list {count} times makes it longer "
                                    f"than {MAX_REPEAT:,} items, more than a template needs")
            if isinstance(sized, (list, tuple)) and isinstance(count, int) and count > 0:
                check_text(text_size(sized) * count, "repeating a list")
        if operator == "%":
            check_percent(left, right)
        return bounded(super().call_binop(context, operator, left, right),
                       f"the {operator} operator")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        if owner is not None and not isinstance(__obj, Macro):
            args, kwargs = check_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        return result if isinstance(__obj, Macro) else bounded(result)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        owner = value.__self__
        formatter = (_FORMATTERS[SandboxedEscapeFormatter](self, escape=owner.escape)
                     if isinstance(owner, Markup) else _FORMATTERS[SandboxedFormatter](self))
        is_map = value.__name__ == "format_map"

        def bounded_format(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return bounded_format

    def bounded_concat(self, pieces: tuple[Any, ...], autoescape: bool) -> str:
        for piece in pieces:
            check_written(piece, "joining texts with ~")
        check_text(sum(len(p) if isinstance(p, str) else text_size(p) for p in pieces),
                   "joining texts with ~")
        return (markup_join if autoescape else str_join)(pieces)


def _finalize(value: Any) -> Any:
    """Every {{ value }} before it is written: a list or record written out must not be huge."""
    check_written(value, "writing out this value")
    return value


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    check_count(n * max, "lipsum()")
    return generate_lorem_ipsum(n, html, min, max)


class TemplateProblem(Exception):
    """A template cannot be used; `problems` says why, each in one plain sentence."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(dict.fromkeys(problems))
        super().__init__("\n".join(self.problems))


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
                   lstrip_blocks=True, keep_trailing_newline=True, finalize=_finalize,
                   # No folding of constants while compiling: it would run filters on the
                   # template's literals and write their results, up to the caps, into code.
                   optimized=False)
    # One escaping for every Markdown document: plan text is inert in a cell or a line.
    env.filters["md"] = env.filters["md_text"] = markdown_text
    env.filters["plain"] = lambda value: str(value).replace("`", "")
    env.filters["wrap"] = breakable
    env.filters = {name: bounded_filter(name, f) for name, f in env.filters.items()}
    env.globals["lipsum"] = _lipsum
    env.concat = BoundedConcat()  # type: ignore[method-assign]
    return env


