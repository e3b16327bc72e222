"""The template linter behind `vaplan template check`: curly quotes, the syntax, names the
document lacks, reaches into Python, and a dry run against sample documents, each problem with
its line."""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from jinja2 import ChainableUndefined, TemplateSyntaxError
from jinja2.utils import missing as _MISSING

from vaplan.render.environment import TemplateTimeout, make_environment, time_limit, timeout_message
from vaplan.render.explain import describe_error, error_line, explain_undefined, template_line

#: Typographic quotes a word processor puts where a template needs ' or ".
CURLY_QUOTES = "“”‘’„‚«»‹›″′"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


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
    except RecursionError as err:  # brackets thousands deep: the parser's stack runs out
        return [*problems, (None, describe_error(err))]
    for name in sorted(meta.find_undeclared_variables(tree) - set(known)):
        lines = [n.lineno for n in tree.find_all(nodes.Name) if n.name == name]
        problems.append((min(lines, default=None),
                         explain_undefined(name, _MISSING, None, known, noun)))
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        attr = node.attr if isinstance(node, nodes.Getattr) else getattr(getattr(node, "arg", None), "value", None)
        if isinstance(attr, str) and attr.startswith("_"):
            problems.append((node.lineno, explain_undefined(attr, None, "unsafe", known, noun)))
    seen = {message for _, message in problems}
    for context in contexts:
        found: list[tuple[int | None, str]] = []
        env = make_environment(known, autoescape=autoescape, noun=noun,
                               undefined=recording_undefined(
                                   lambda line, message: found.append((line, message))))  # noqa: B023
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
