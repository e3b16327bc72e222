"""libyaml's error messages turned into plain-words Problems at the fault's line and column."""

from __future__ import annotations

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
        words = "a tab character is used here; YAML indentation needs spaces"
    return Problem("VP001", f"YAML syntax error: {words}", line=line, column=column,
                   hint="fix the YAML at this line and column: check indentation (spaces, "
                        "not tabs), colons after keys, and matching quotes and brackets")


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
