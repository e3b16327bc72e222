"""libyaml's error messages turned into plain-words Problems at the fault's line and column."""

from __future__ import annotations

import re
from typing import Any

import yaml

from vaplan.findings import Problem

#: libyaml's words for a fault -> plain words; {start} is the line where the construct began.
_PLAIN = {
    "expected a single document in the stream":
        "this file holds more than one YAML document (a second '---'); a plan file holds one",
    "found unexpected end of stream":
        "a quote opened on line {start} is never closed",
    "did not find expected ',' or ']'":
        "the list in square brackets opened on line {start} is not closed with ']', or a comma "
        "is missing between its items",
    "did not find expected ',' or '}'":
        "the mapping in curly braces opened on line {start} is not closed with '}}', or a comma "
        "is missing between its entries",
    "mapping values are not allowed in this context":
        "a colon followed by a space is not allowed here: put a value that contains ': ' in "
        "quotes, and check that the line above ends its key with a colon",
    "did not find expected '-' indicator":
        "this line is not indented like the list that starts on line {start}",
    "did not find expected key":
        "this line is not indented like the keys above it (from line {start}), or text follows "
        "a closing quote or bracket",
    "could not find expected ':'":
        "the key on line {start} has no colon after it",
    "found undefined alias":
        "an alias (*name) refers to an anchor (&name) that is not defined",
    "found unknown escape character":
        "a backslash inside double quotes starts an escape YAML does not know; use single "
        "quotes, or write two backslashes",
    "found character that cannot start any token":
        "this character cannot start a value; put the value in quotes",
}


#: What a value with each YAML tag holds, and what each kind of node is, in plain words.
_TAG_HOLDS = {"str": "text", "int": "a whole number", "float": "a number",
              "bool": "true or false", "null": "empty",
              "timestamp": "a date", "seq": "a list", "map": "a mapping of keys and values"}
_KIND_IS = {"sequence": "a list", "mapping": "a mapping of keys and values"}


def short_tag(tag: str) -> str:
    """A tag as it is written in the file: `!!int`, not `tag:yaml.org,2002:int`."""
    return tag.replace("tag:yaml.org,2002:", "!!")


def tag_misfit(tag: str, kind: str, value: Any, line: int, column: int) -> Problem:
    """A tag that does not fit its value (`x: !!seq a`, `!!int {}`, `!!bool maybe`)."""
    name = short_tag(tag)
    holds = _TAG_HOLDS.get(tag.rsplit(":", 1)[-1], "something else")
    if kind in _KIND_IS:
        what = _KIND_IS[kind]
    else:
        shown = " ".join(value.split())  # one line, however the value was written
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        what = f'"{shown}"' if value else "empty"
    return Problem("VP002", f"the tag \"{name}\" says this value is {holds}, but it is {what}",
                   line=line, column=column,
                   hint=f"remove \"{name}\" and write the value as the plan format asks; a plan "
                        "file seldom needs a tag")


def syntax_problem(err: Exception, text: str) -> Problem:
    if isinstance(err, yaml.reader.ReaderError):
        return _reader_problem(err, text)
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    start = getattr(err, "context_mark", None) or mark
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None)
    plain = _PLAIN.get(problem) or (_PLAIN.get(context) if context else None)
    if problem == "found unexpected end of stream":
        mark = start  # the end of the file says nothing; the opening quote is what to fix
    words = (plain.format(start=start.line + 1 if start else 1) if plain
             else " ".join(p for p in (context, problem) if p))
    if "maximum nesting depth" in str(problem) or isinstance(err, RecursionError):
        return Problem("VP008", "this file nests more than 1,000 levels deep; plan files need "
                       "only a few", line=mark.line + 1 if mark else 1,
                       column=mark.column + 1 if mark else 1,
                       hint="remove the deeply nested brackets or indentation")
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t-"))]
    if "\t" in indent or "tab" in str(problem) or source_line[column - 1: column] == "\t":
        return Problem("VP001", "YAML syntax error: a tab character is used here; YAML "
                       "indentation needs spaces", line=line, column=column,
                       hint="replace the tab with spaces (most editors have a setting to "
                            "indent with spaces)")
    if problem == "could not find expected ':'" and start is not None:
        return _no_colon(lines, start.line + 1)
    mistake = _common_mistake(str(problem), lines, line, column) if mark is not None else None
    if mistake is not None:
        return mistake
    return Problem("VP001", f"YAML syntax error: {words}", line=line, column=column,
                   hint="fix the YAML at this line and column: check indentation (spaces, "
                        "not tabs), colons after keys, and matching quotes and brackets")


# The mistakes people make typing a plan by hand, recognised from libyaml's fault and the lines
# around it, so the message names the mistake and the line to edit (often not the line where
# the parser noticed) and says what to write instead.

#: libyaml's faults for a line at a depth it cannot be at (the "expected <block end>" ones are
#: PyYAML's own parser's words, used where libyaml is not installed).
_INDENT_FAULTS = ("did not find expected key", "did not find expected '-' indicator",
                  *(f"expected <block end>, but found '{token}'" for token in (
                      "-", "<scalar>", "<block sequence start>", "<block mapping start>")))
_QUOTE_FAULTS = _INDENT_FAULTS + ("did not find expected ',' or '}'",
                                  "did not find expected ',' or ']'")
_EMPTY = re.compile(r"^(?P<head>\s*(?:-\s+)?[^#'\"]*?:)\s*(?P<empty>\[\s*\]|\{\s*\})\s*(?:#.*)?$")


def _content(lines: list[str], before: int) -> list[tuple[int, str]]:
    """The lines above line `before` (1-based) that hold YAML, nearest first, numbered."""
    return [(n + 1, lines[n]) for n in range(min(before, len(lines) + 1) - 2, -1, -1)
            if lines[n].strip() and not lines[n].lstrip().startswith("#")]


def _key_column(text: str) -> int:
    """Where a line's key starts, in spaces: after the indent and any "- " list markers."""
    stripped = text.lstrip(" ")
    column = len(text) - len(stripped)
    while stripped.startswith("- ") or stripped == "-":
        rest = stripped[1:].lstrip(" ")
        column += len(stripped) - len(rest)
        stripped = rest
    return column


def _spaces(count: int) -> str:
    return f"{count} space" + ("" if count == 1 else "s")


def _common_mistake(problem: str, lines: list[str], line: int, column: int) -> Problem | None:
    """The hand-typing mistake behind a syntax fault at `line`:`column`, or None."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    above = _content(lines, line)
    if problem in _INDENT_FAULTS and above:
        empty = _EMPTY.match(above[0][1])
        if empty and len(here) - len(here.lstrip(" ")) >= len(above[0][1]) - len(
                above[0][1].lstrip(" -")) and here.strip():
            number, text = above[0]
            head, brackets = empty.group("head").strip(), empty.group("empty")
            kind = "list" if brackets.startswith("[") else "mapping"
            return Problem(
                "VP001", f'YAML syntax error: line {number} says "{head} {brackets}", an empty '
                f"{kind}, but entries follow below it", line=number,
                column=empty.start("empty") + 1,
                hint=f'delete the "{brackets}" on line {number}, so that it reads "{head}" '
                     "and the entries below belong to it")
    if problem in _QUOTE_FAULTS:
        quoted = _stray_quote(here, column)
        if quoted:
            return Problem("VP001", f"YAML syntax error: {quoted[1]}", line=line,
                           column=quoted[0], hint=quoted[2])
    if problem == "mapping values are not allowed in this context":
        return _colon_mistake(lines, above, here, line, column)
    if problem in _INDENT_FAULTS and here.strip():
        return _indent_mistake(above, here, line)
    return None


def _no_colon(lines: list[str], line: int) -> Problem:
    """A key with no colon after it (`organization X`) or no space after its colon
    (`sector:public`), at the key's own line: the parser notices only on the line after."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    body = here.lstrip(" -")
    column = len(here) - len(body) + 1
    glued = re.match(r"([^\s:#'\"]+):(\S.*)", body)
    if glued:
        key, value = glued.group(1), glued.group(2).split(" #")[0].rstrip()
        return Problem("VP001", f'YAML syntax error: there is no space after the colon in '
                       f'"{key}:{value}"', line=line, column=column,
                       hint=f"write a space after the colon: {key}: {value}")
    words = body.split(" #")[0].strip()
    key, _, value = words.partition(" ")
    example = f" ({key}: {value.strip()})" if value.strip() else ""
    return Problem("VP001", f'YAML syntax error: "{words}" on line {line} has no colon after its '
                   "key", line=line, column=column,
                   hint=f"write a colon and a space after the key{example}, or, if the line "
                        "goes on with the text of the line above, indent it further")


def _stray_quote(here: str, column: int) -> tuple[int, str, str] | None:
    """An apostrophe inside single quotes ('Children's Hospital'), a double quote inside double
    quotes, or text after a closing quote: the column of the quote that ends the text early,
    what is wrong and what to write."""
    before = here[: column - 1].rstrip(" ")
    if not before or before[-1] not in "'\"" or before.count(before[-1]) < 2:
        return None
    quote = before[-1]
    start = before.index(quote)
    # The quote the person meant to close the text with: the next one before the end of the
    # line, a comma or bracket of a flow list or mapping, or a comment.
    end = re.compile(quote + r"(?=\s*(?:$|[,\]}]|#))").search(here, len(before))
    value = here[start: end.end()] if end else here[start:]
    if end is None:
        closed = before[start:]
        return (len(before), f"text follows the closing quote of {closed}",
                "put the whole text inside the quotes, or remove the quotes")
    inner = value[1:-1]
    doubled = inner.replace("'", "''")
    if quote == "'":
        return (len(before), f"the apostrophe in {value} ends the quoted text early; inside "
                "single quotes an apostrophe is written twice",
                f"write the apostrophe twice: '{doubled}', or put the text "
                f'in double quotes: "{inner}"')
    return (len(before), f"the double quote inside {value} ends the quoted text early",
            f"put the text in single quotes instead: '{inner}', or write each inner double "
            'quote as \\"')


def _colon_mistake(lines: list[str], above: list[tuple[int, str]], here: str, line: int,
                   column: int) -> Problem | None:
    """A value holding ": " (`organization: Hospital: main campus`), or a line indented deeper
    than the key above it, so that it reads as part of that key's value."""
    body = here.lstrip(" -")
    first = here.find(": ", len(here) - len(body))
    if 0 <= first < column - 1:
        key = here[len(here) - len(body): first]
        value = here[first + 2:].split(" #")[0].strip()
        if not value or value[0] in "'\"[{":
            return None
        shown = value.replace('"', "'")
        return Problem("VP001", f'YAML syntax error: the value of "{key}" contains ": ", which '
                       "YAML reads as the start of another key", line=line, column=column,
                       hint=f'put the whole value in double quotes: {key}: "{shown}"')
    if not above:
        return None
    number, text = above[0]
    indent, wanted = len(here) - len(here.lstrip(" ")), _key_column(text)
    if indent <= wanted:
        return None
    key = body.split(":")[0]
    return Problem("VP001", f"YAML syntax error: this line is indented {_spaces(indent)}, more "
                   f"than the key on line {number} ({_spaces(wanted)}), so YAML reads it as "
                   "part of that key's value", line=line, column=indent + 1,
                   hint=f'indent "{key}:" by {_spaces(wanted)}, like line {number}')


def _indent_mistake(above: list[tuple[int, str]], here: str, line: int) -> Problem | None:
    """A key or list item indented to a depth that none of the lines above it has."""
    indent = len(here) - len(here.lstrip(" "))
    shown = here.strip().split(" #")[0]
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    if here.lstrip(" ").startswith("-"):
        for number, text in above:
            other = len(text) - len(text.lstrip(" "))
            if text.lstrip(" ").startswith("-") and other != indent:
                return Problem(
                    "VP001", f"YAML syntax error: this list item is indented "
                    f"{_spaces(indent)}, but the item on line {number} is indented "
                    f"{_spaces(other)}", line=line, column=indent + 1,
                    hint=f'indent "{shown}" by {_spaces(other)}, like line {number}, or by '
                         "more if it belongs to the entry above it")
            if other < indent:
                break
        return None
    # The depths a key may have here: the key column of the line above, then of each line
    # that encloses it. The nearest one deeper than this line is the one the person meant.
    levels: list[tuple[int, int]] = []
    for number, text in above:
        level = _key_column(text)
        if not levels or level < levels[-1][1]:
            levels.append((number, level))
    deeper = [(number, level) for number, level in levels if level > indent]
    if not deeper:
        return None
    number, level = deeper[-1]
    return Problem("VP001", f"YAML syntax error: this line is indented {_spaces(indent)}, but "
                   f"the keys it follows are indented {_spaces(level)} (line {number})",
                   line=line, column=indent + 1,
                   hint=f'indent "{shown}" by {_spaces(level)}, like line {number}, or by '
                        "less if it starts a new entry")


def _reader_problem(err: Any, text: str) -> Problem:
    """A character YAML does not allow (a control character), at its line and column."""
    before = text[: err.position]
    line = before.count("\n") + 1
    column = err.position - (before.rfind("\n") + 1) + 1
    code = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or " ")
    return Problem("VP001", f"this file contains the control character U+{code:04X}, which "
                   "YAML does not allow", line=line, column=column,
                   hint="delete the character; it is often pasted in by accident from another "
                        "program")
