"""How much a template may build: caps on every text, list and number a template makes, checked
before the operation where its size comes from an argument (`'x'.ljust(10**10)` would take 10 GB
inside one C call that no timer can interrupt), and after it where the result can only be a small
multiple of what went in.

Each refusal is a TemplateLimit, a Jinja TemplateError whose message is one plain sentence.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Mapping

from jinja2 import TemplateError

#: The longest text a template may build in one step; a whole checklist is about 30 kB.
MAX_TEXT = 1_000_000
#: The most items a list a template builds may hold.
MAX_ITEMS = 100_000
#: The longest document a template may write (the whole output, checked while it is written).
MAX_OUTPUT = 20_000_000
#: The largest number a template may compute, in bits (about 30,000 digits).
MAX_INT_BITS = 100_000
#: The plan text the caps above are made for. A bundled template writes a bounded multiple of
#: the plan's own text, so for a larger plan its caps grow by one step per this many
#: characters; a user's template keeps the fixed caps (its size is not bounded by the plan).
PLAN_TEXT_PER_STEP = 1_000_000

#: How many times the caps are multiplied while a bundled template renders a large plan.
_SCALE: ContextVar[int] = ContextVar("vaplan_template_scale", default=1)


def scale() -> int:
    """The factor the caps are multiplied by now: 1 except inside `grown_for`."""
    return _SCALE.get()


def _text_cap() -> int:
    return MAX_TEXT * _SCALE.get()


def _items_cap() -> int:
    return MAX_ITEMS * _SCALE.get()


def _output_cap() -> int:
    return MAX_OUTPUT * _SCALE.get()


@contextmanager
def grown_for(context: Any) -> Iterator[int]:
    """Caps (text, items, output, time) grown with the plan, for a template vaplan ships: a
    20,000-member plan's checklist must render, and its size follows from the plan's."""
    plan_text = text_size(context, limit=PLAN_TEXT_PER_STEP * 10_000)
    steps = max(1, -(-plan_text // PLAN_TEXT_PER_STEP))
    token = _SCALE.set(steps)
    try:
        yield steps
    finally:
        _SCALE.reset(token)


class TemplateLimit(TemplateError):
    """A template asked for more text, items or digits than any document needs."""


def _too_long(what: str, size: int, cap: int, unit: str = "characters") -> TemplateLimit:
    return TemplateLimit(f"{what} would make a text of about {size:,} {unit}, more than the "
                         f"{cap:,} a template may build; a document never needs that much")


def check_text(size: int, what: str) -> None:
    """Refuse to build a text of `size` characters."""
    if size > _text_cap():
        raise _too_long(what, size, _text_cap())


def check_count(count: int, what: str) -> None:
    """Refuse to build a list of `count` items."""
    if count > _items_cap():
        raise TemplateLimit(f"{what} would make a list of {count:,} items, more than the "
                            f"{_items_cap():,} a template may build")


def check_width(value: Any, what: str) -> None:
    """Refuse a width, length or count argument that would by itself make too long a text."""
    if isinstance(value, int) and value > _text_cap():
        raise _too_long(what, value, _text_cap())


def bounded(value: Any, what: str = "the template") -> Any:
    """`value` when it is within the caps (a result of an operation the template ran)."""
    if isinstance(value, (str, bytes, bytearray)):
        check_text(len(value), what)
    elif isinstance(value, (list, tuple, dict, set, frozenset)):
        check_count(len(value), what)
    elif isinstance(value, int) and not isinstance(value, bool) and \
            value.bit_length() > MAX_INT_BITS:
        raise TemplateLimit(f"{what} makes a number of more than {MAX_INT_BITS * 3 // 10:,} "
                            "digits, more than a template may compute")
    return value


def text_size(value: Any, limit: int | None = None) -> int:
    """About how many characters `value` takes when written out (str() of a list writes every
    item), counted without writing it; stops counting once past `limit`."""
    limit = _text_cap() if limit is None else limit
    total, stack, seen = 0, [value], 0
    while stack and total <= limit:
        item = stack.pop()
        seen += 1
        if isinstance(item, (str, bytes, bytearray)):
            total += len(item) + (2 if seen > 1 else 0)
        elif isinstance(item, Mapping):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            fields = dataclasses.fields(item)
            total += len(type(item).__name__) + 2 + sum(len(f.name) + 3 for f in fields)
            stack.extend(getattr(item, f.name, None) for f in fields)
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        else:
            total += 24
    return total


def check_written(value: Any, what: str) -> None:
    """Refuse to write out (str(), ~, join, format) a list or record that would be too long."""
    if isinstance(value, (str, bytes, bytearray, int, float)) or value is None:
        return
    size = text_size(value)
    if size > _text_cap():
        raise _too_long(what, size, _text_cap())


def _arg(args: tuple[Any, ...], kwargs: Mapping[str, Any], index: int, name: str,
         default: Any = None) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def materialise(items: Any, what: str) -> Any:
    """An iterable as a list of at most MAX_ITEMS items (a generator cannot be measured)."""
    if isinstance(items, (str, bytes, bytearray, list, tuple, dict, set, frozenset)):
        check_count(len(items), what)
        return items
    try:
        iterator = iter(items)
    except TypeError:
        return items  # not iterable: the operation itself will say so
    listed = list(islice(iterator, _items_cap() + 1))
    check_count(len(listed), what)
    return listed


def _joined_size(separator_length: int, items: Iterable[Any], what: str) -> int:
    items = list(items)
    for item in items:
        check_written(item, what)
    return sum(len(i) if isinstance(i, (str, bytes)) else text_size(i) for i in items) + \
        separator_length * max(len(items) - 1, 0)


def check_method(owner: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
                 ) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Refuse a call of a text or number method whose result would be too large, before it
    runs; returns the arguments to call it with (an iterable to join, made a list)."""
    what = f"{name}()"
    if isinstance(owner, (str, bytes, bytearray)):
        text: Any = owner  # str, bytes or bytearray: their methods take their own kind
        empty = text[:0]  # the type old and new must have: str, or bytes
        if name in ("center", "ljust", "rjust", "zfill"):
            check_width(_arg(args, kwargs, 0, "width"), what)
        elif name == "expandtabs":
            tabsize = _arg(args, kwargs, 0, "tabsize", 8)
            if isinstance(tabsize, int):
                tab = "\t" if isinstance(owner, str) else b"\t"
                check_text(len(text) + text.count(tab) * max(tabsize, 0), what)
        elif name == "replace":
            old, new = _arg(args, kwargs, 0, "old"), _arg(args, kwargs, 1, "new")
            count = _arg(args, kwargs, 2, "count", -1)
            if isinstance(old, type(empty)) and isinstance(new, (str, bytes, bytearray)) and \
                    isinstance(count, int):
                times = text.count(old) if old else len(text) + 1
                times = times if count < 0 else min(times, count)
                check_text(len(owner) + times * len(new), what)
        elif name == "join" and args:
            items = materialise(args[0], what)
            check_text(_joined_size(len(owner), items, what), what)
            args = (items, *args[1:])
        elif name == "translate" and isinstance(owner, str) and args and \
                isinstance(args[0], Mapping):
            longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
            check_text(len(owner) * max(longest, 1), what)
    elif isinstance(owner, int) and name == "to_bytes":
        check_width(_arg(args, kwargs, 0, "length", 1), what)
    return args, kwargs


# %-formatting: %[(key)][flags][width][.precision][length]type
_PERCENT = re.compile(r"%(?:\(([^)]*)\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


def check_percent(template: Any, values: Any) -> None:
    """Refuse `'%1000000000d' % 1` and `('%s' * 50000) % many`: the text %-formatting would
    make, estimated from its widths and the values it writes."""
    if not isinstance(template, (str, bytes)):
        return
    text = template if isinstance(template, str) else template.decode("latin-1")
    specs = _PERCENT.findall(text)
    if isinstance(values, Mapping):
        candidates = [values.get(key) for key, *_ in specs if key]
    elif isinstance(values, tuple):
        candidates = list(values)
    else:
        candidates = [values]
    stars = [v for v in candidates if isinstance(v, int)]
    widest = 0
    for _, width, precision, _ in specs:
        for number in (width, precision):
            if number == "*":
                widest += max(stars, default=0)
            elif number:
                check_width(int(number), "%-formatting")
                widest += int(number)
    for value in candidates:
        check_written(value, "%-formatting")
    longest = max((len(v) if isinstance(v, (str, bytes)) else min(text_size(v), _text_cap() + 1)
                   for v in candidates), default=0)
    check_text(len(text) + widest + len(specs) * longest, "%-formatting")


_DIGITS = re.compile(r"\d+")


def check_format_spec(spec: str) -> None:
    """Refuse a str.format field like {:>1000000000} or {:.1000000000f}."""
    for number in _DIGITS.findall(spec):
        if len(number) > 12:
            raise _too_long("a format field", 10 ** 12, _text_cap())
        check_width(int(number), "a format field")


def _check_args(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The checks before a filter runs whose size comes from its arguments."""
    what = f"the {name} filter"
    if name == "center":
        check_width(_arg(args, kwargs, 0, "width", 80), what)
    elif name == "indent":
        width = _arg(args, kwargs, 0, "width", 4)
        lines = str(value).count("\n") + 1 if isinstance(value, str) else 1
        per_line = len(width) if isinstance(width, str) else width
        if isinstance(per_line, int):
            check_text(len(str(value)) + lines * per_line if isinstance(value, str)
                       else lines * per_line, what)
    elif name == "format":
        check_percent(value, kwargs or args)
    elif name == "replace":
        if isinstance(value, str):
            check_method(value, "replace", args, kwargs)
    elif name == "wordwrap":
        wrapstring = _arg(args, kwargs, 2, "wrapstring")
        if isinstance(wrapstring, str) and isinstance(value, str):
            check_text(len(value) * (1 + len(wrapstring)), what)
    elif name in ("batch", "slice"):
        check_width(_arg(args, kwargs, 0, "linecount" if name == "batch" else "slices"), what)


#: Filters that count, pick or reorder items without writing them out as text: a long list
#: passed to them is fine.
_STRUCTURAL = frozenset({
    "length", "count", "first", "last", "list", "sort", "unique", "min", "max", "sum", "map",
    "select", "reject", "selectattr", "rejectattr", "groupby", "dictsort", "items", "attr",
    "batch", "slice", "reverse", "default", "d", "random", "abs", "int", "float", "round",
    "filesizeformat"})


def bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """The filter `function`, refusing arguments that would make too large a result, and
    results past the caps."""
    from jinja2.utils import _PassArg

    passes = _PassArg.from_obj(function)

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        first = 1 if passes is not None else 0  # the context or environment Jinja passes
        value, rest = (args[first] if len(args) > first else None), args[first + 1:]
        if name in ("join", "sum", "list", "unique", "map", "select", "reject", "sort",
                    "batch", "slice") and len(args) > first:
            value = materialise(value, f"the {name} filter")
            args = (*args[:first], value, *rest)
        _check_args(name, value, rest, kwargs)
        if name not in _STRUCTURAL:  # this filter writes its arguments out as text
            for arg in (*args[first:], *kwargs.values()):
                check_written(arg, f"the {name} filter")
        if name == "join":
            separator = _arg(rest, kwargs, 0, "d", "")
            check_text(_joined_size(len(str(separator)), value or (), f"the {name} filter"),
                       f"the {name} filter")
        if name == "sum" and isinstance(value, list):
            check_count(sum(len(v) for v in value if isinstance(v, (list, tuple))),
                        "the sum filter")
            check_text(sum(len(v) for v in value if isinstance(v, str)), "the sum filter")
        return bounded(function(*args, **kwargs), f"the {name} filter")

    return run


class BoundedConcat:
    """`environment.concat`: joins the pieces of a template's output (the whole document, a
    macro, a {% set %} block), stopping once past MAX_OUTPUT instead of filling memory."""

    def __call__(self, pieces: Iterable[str]) -> str:
        out: list[str] = []
        total = 0
        for piece in pieces:
            total += len(piece)
            if total > _output_cap():
                raise TemplateLimit(f"the template writes more than {_output_cap():,} characters, "
                                    "more than any document needs; look for a loop that "
                                    "writes the same text over and over")
            out.append(piece)
        return "".join(out)
