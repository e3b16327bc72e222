"""The one Jinja environment every template (checklist or packet) runs in: sandboxed, strict,
explained.

Templates, ours and the coordinators', run in Jinja's SandboxedEnvironment: a template can
read the checklist's fields and format them, never reach Python internals. Unknown names fail
(StrictUndefined) with "did you mean", and every failure becomes a TemplateProblem in plain words.
"""

from __future__ import annotations

import dataclasses
import re
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

from jinja2 import ChainableUndefined, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import missing as _MISSING

from vaplan.vocabulary import did_you_mean

#: What a template's author calls the view-model's types.
NOUNS = {"Checklist": "the checklist", "Section": "a section", "Item": "an item",
         "Score": "a score", "Evidence": "a finding (item.evidence)",
         "RosterMember": "a committee member (roster)", "Coverage": "a coverage row",
         "OpenGap": "an open gap", "AgreementAlert": "an agreement alert",
         "Packet": "the packet", "AgendaItem": "an agenda item", "Review": "a review",
         "Changes": "the changes", "Change": "a change"}
#: Typographic quotes a word processor puts where a template needs ' or ".
CURLY_QUOTES = "“”‘’„‚«»‹›″′"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


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


def fields_of(obj: Any) -> list[str]:
    """The names a template may use on a view-model object (its fields and properties)."""
    if isinstance(obj, dict):
        return [k for k in obj if isinstance(k, str)]
    if dataclasses.is_dataclass(obj):
        names = [f.name for f in dataclasses.fields(obj)]
        names += [n for n, v in vars(type(obj)).items()
                  if isinstance(v, property) and not n.startswith("_")]
        return names
    return []


def explain_undefined(name: Any, obj: Any, hint: str | None, known: Iterable[str],
                      noun: str = "the checklist") -> str:
    """The sentence for a name the template used and the document (`noun`) does not have."""
    if hint:
        if "unsafe" in hint:
            return (f'the template reaches for "{name}", a part of Python that templates may not '
                    f"use; use only {noun}'s fields")
        return hint
    if obj is _MISSING:
        return (f'"{name}" is not a variable of {noun}{did_you_mean(name, known)}; the '
                f"variables are: {', '.join(sorted(known))}")
    names = fields_of(obj)
    noun = NOUNS.get(type(obj).__name__, f"a {type(obj).__name__} value")
    if names:
        return (f'{noun} has no field "{name}"{did_you_mean(name, names)}; its fields are: '
                f"{', '.join(names)}")
    return f'{noun} has no field "{name}"'


def template_line() -> int | None:
    """The template line being executed, read from the stack (for problems found mid-render)."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def error_line(err: BaseException) -> int | None:
    """The template line of an error raised while rendering (Jinja rewrites the traceback)."""
    if isinstance(err, TemplateSyntaxError):
        return err.lineno
    line = None
    tb = err.__traceback__
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(tb.tb_lineno)
        elif tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def describe_error(err: BaseException) -> str:
    """A template error in plain words (without its place)."""
    if isinstance(err, TemplateSyntaxError):
        return f"the template's syntax is wrong: {err.message or err}"
    if isinstance(err, TemplateError):
        return str(err.message or err)
    return f"the template failed: {type(err).__name__}: {err}"


def curly_quote_tags(text: str) -> Iterable[tuple[int, str]]:
    """(offset, tag) of every tag holding a typographic quote Jinja cannot read."""
    for match in _TAG.finditer(text):
        if any(q in match.group(0) for q in CURLY_QUOTES):
            yield match.start(), match.group(0)


def curly_quote_message(tag: str) -> str:
    short = tag if len(tag) <= 60 else tag[:57] + "..."
    return (f"the tag {short} has curly quotes (“ ” ‘ ’), which a word processor puts in place "
            "of straight ones; Jinja reads only straight quotes: \" or '")


def normalize_quotes(text: str) -> str:
    """The text with the curly quotes inside tags made straight, to look for further problems."""
    table = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"',
                           "‘": "'", "’": "'", "‚": "'", "‹": "'", "›": "'", "′": "'"})
    return _TAG.sub(lambda m: m.group(0).translate(table), text)


def analyse(source: str, known: list[str], contexts: list[dict[str, Any]],
            autoescape: bool = False, noun: str = "the checklist"
            ) -> list[tuple[int | None, str]]:
    """Every problem of a template's Jinja source as (line, message), found without output:
    curly quotes, the syntax, names the document lacks, reaches into Python, and whatever a
    dry run against each of `contexts` (sample documents) trips over."""
    from jinja2 import meta, nodes

    problems: list[tuple[int | None, str]] = [
        (source.count("\n", 0, offset) + 1, curly_quote_message(tag))
        for offset, tag in curly_quote_tags(source)]
    source = normalize_quotes(source)
    strict = make_environment(known, autoescape=autoescape, noun=noun)
    try:
        tree = strict.parse(source)
    except TemplateSyntaxError as err:
        return [*problems, (err.lineno, describe_error(err))]
    for name in sorted(meta.find_undeclared_variables(tree) - set(known)):
        lines = [n.lineno for n in tree.find_all(nodes.Name) if n.name == name]
        problems.append((min(lines, default=None),
                         explain_undefined(name, _MISSING, None, known, noun)))
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(attr, str) and attr.startswith("_"):
            problems.append((node.lineno, explain_undefined(attr, None, "unsafe", known, noun)))
    seen = {message for _, message in problems}
    for context in contexts:
        found: list[tuple[int | None, str]] = []
        env = make_environment(known, autoescape=autoescape, noun=noun,
                               undefined=recording_undefined(
                                   lambda line, message: found.append((line, message))))
        try:
            with time_limit():
                env.from_string(source).render(context)
        except TemplateTimeout:
            problems.append((None, timeout_message("the template").split(": ", 1)[1]))
            break
        except Exception as err:  # noqa: BLE001  (a dry run may fail in any way; report it)
            found.append((error_line(err), describe_error(err)))
        for line, message in found:
            if message not in seen:
                seen.add(message)
                problems.append((line, message))
    return sorted(problems, key=lambda p: p[0] or 0)


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


def recording_undefined(sink: Callable[[int | None, str], None]) -> type:
    """An Undefined that reports each use to `sink` (line, message) and carries on, so a check
    finds every unknown name in one pass instead of stopping at the first."""

    class Recording(ChainableUndefined):
        __slots__ = ()

        def _report(self) -> None:
            sink(template_line(), self._undefined_message)

        def __str__(self) -> str:
            self._report()
            return ""

        def __iter__(self) -> Any:
            self._report()
            return iter(())

        def __bool__(self) -> bool:
            self._report()
            return False

        def __len__(self) -> int:
            self._report()
            return 0

        def __eq__(self, other: Any) -> bool:
            self._report()
            return False

        def __ne__(self, other: Any) -> bool:
            self._report()
            return True

        def __hash__(self) -> int:
            return id(self)

    return Recording
