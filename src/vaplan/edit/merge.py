"""A YAML file edited without losing a byte the person wrote.

The file is edited with ruamel.yaml's round-trip loader, which keeps comments and key order,
and then only the lines the edit changed are carried into the person's own text (a three-way
merge of: their file, ruamel's rewrite of it unchanged, ruamel's rewrite with the edit). So
every byte outside the edit stays as they wrote it, even where ruamel would have rewritten a
line in its own style (`~`, odd indentation, extra spaces). The result is read back and
compared with the intended data before the caller writes anything.
"""

from __future__ import annotations

import difflib
import io
from collections import Counter
from datetime import date
from typing import Any, Callable

from vaplan.load.yamlload import load_yaml

#: Indentation styles tried (mapping, sequence, dash offset); the one that rewrites the file
#: least is used, so a new item is indented like the person's own.
_INDENTS = tuple((m, q, o) for m in (2, 4, 3) for q in (2, 4, 6) for o in (0, 2, 4) if o <= q - 2)

#: An edit changes the round-trip document in place and returns the keys it removed.
Edit = Callable[[Any], tuple[str, ...]]


class EditError(Exception):
    """The edit cannot be made (unknown item, a file that does not parse): exit code 2."""


def edit_text(text: str, edit: Edit, expected: Any, prefer: tuple[int, int, int] | None = None
              ) -> tuple[str, tuple[str, ...], tuple[int, ...]]:
    """The file's text with `edit` applied to its round-trip document; only the edit differs.

    `edit` changes the document in place and returns the keys it removed. Returns the new
    text, those keys, and the 1-based lines of the old text that had to be rewritten too
    (empty unless the merge could not keep them). The text is read back and must hold
    `expected` (plain data), or EditError is raised. `prefer` is the indentation style
    (mapping, sequence, dash offset) used where the file's own does not decide it.
    """
    try:
        return _edit_text(text, edit, expected, prefer)
    except EditError:
        raise
    except Exception as err:  # noqa: BLE001 - ruamel rejects some YAML that libyaml accepts
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        where = f" (near line {line + 1})" if isinstance(line, int) else ""
        raise EditError("vaplan's editor cannot rewrite this file's YAML safely"
                        f"{where}, so the file is unchanged; record the item by hand, or "
                        "write that part of the file more plainly and try again") from err


def _edit_text(text: str, edit: Edit, expected: Any, prefer: tuple[int, int, int] | None
               ) -> tuple[str, tuple[str, ...], tuple[int, ...]]:
    from ruamel.yaml.comments import CommentedMap

    # ruamel's scanner refuses tabs that YAML (and libyaml, which `check` uses) allows as
    # separation, such as `items: {}<TAB># note`; it is given the text with those tabs made
    # spaces. The merge below carries only the edited lines over into the person's own text.
    doc = _yaml().load(untabbed(text))
    if doc is None:  # only comments, or empty: the new keys go after what is there
        doc = CommentedMap()
        removed = edit(doc)
        tail = "" if not text or text.endswith("\n") else "\n"
        return _verified(text + tail + _dump(doc, prefer or _INDENTS[0]), expected, text
                         ), removed, ()
    unterminated = not text.endswith("\n")
    if unterminated:  # ruamel ends the last line; so does the merge, and it is undone below
        text += "\n"
    # the style that rewrites the file least; of those that tie, `prefer`, then the first
    sample = _sample(doc)
    if sample is doc:
        style, before = _least_rewriting(text, doc, prefer)
    else:  # a long file: each style dumps its first entries, not the whole file 18 times
        lines = Counter(text.splitlines())
        style = min(_INDENTS, key=lambda s: (_invented(lines, _dump(sample, s)), s != prefer))
        before = _dump(doc, style)
    removed = edit(doc)
    after = _dump(doc, style)
    merged = merge(text, before, after)
    if merged is not None and _holds(merged, expected):
        if unterminated and merged.endswith(text[text.rstrip("\n").rfind("\n") + 1:]):
            merged = merged[:-1]
        return merged, removed, ()
    # every old line that does not reach the new text as it was: the edit's and the restyled
    return _verified(after, expected, text), removed, _changed_lines(text, after)


def _least_rewriting(text: str, doc: Any, prefer: tuple[int, int, int] | None
                     ) -> tuple[tuple[int, int, int], str]:
    """The style that rewrites the file least, and the file dumped in it: of those that tie,
    `prefer`, then the first. A style that rewrites nothing ends the search, so a file written
    in one (most are) is dumped once or twice, not once per style: a dump of a committee of a
    thousand members takes seconds."""
    order = ([prefer] if prefer in _INDENTS else []) + [s for s in _INDENTS if s != prefer]
    best: tuple[int, bool, int] | None = None
    chosen = order[0], ""
    for rank, style in enumerate(order):
        dumped = _dump(doc, style)
        key = (_distance(text, dumped), style != prefer, rank)
        if best is None or key < best:
            best, chosen = key, (style, dumped)
        if key[0] == 0:  # nothing later can beat it: `prefer` came first, then _INDENTS' order
            break
    return chosen


def untabbed(text: str) -> str:
    """`text` with every tab outside a scalar (separation before a value or a comment) made a
    space; tabs inside values stay. Unchanged if libyaml cannot scan it."""
    import yaml

    if "\t" not in text:
        return text
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    chars = list(text)
    start = 0
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                _spaces(chars, start, token.start_mark.index)
                start = token.end_mark.index
    except yaml.YAMLError:
        return text
    _spaces(chars, start, len(chars))
    return "".join(chars)


def _spaces(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] == "\t":
            chars[index] = " "


def _holds(text: str, expected: Any) -> bool:
    loaded = load_yaml(text.encode("utf-8"))
    return not loaded.problems and plain(loaded.data) == plain(expected)


def _verified(text: str, expected: Any, original: str | None = None) -> str:
    if not _holds(text, expected):
        if original is not None and _aliased(original):
            # a part written once and repeated (&name ... *name): changing one copy changes
            # both, or neither; the person writes it out in full
            raise EditError("this file repeats a part of itself with a YAML anchor and alias "
                            "(&name and *name), so this change cannot be made to one copy "
                            "alone; write the repeated entry out in full (or remove the "
                            "repeat) and try again; the file is unchanged")
        raise EditError("vaplan could not make this change safely, so the file is unchanged; "
                        "please report this to the vaplan developers")
    return text


def _aliased(text: str) -> bool:
    """True when the YAML text repeats a node through an alias (`*name`)."""
    import yaml

    try:
        return any(isinstance(t, yaml.AliasToken)
                   for t in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError:
        return False


def written(value: Any) -> Any:
    """A value as an edit puts it into the file: text that vaplan's reader would take for a
    number, a date, true/false or null (`.5e5`, `2026-01-01`, `~`) is written quoted, so it
    reads back as the text it was."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from vaplan.load.yamlbuild import CORE_SCALAR

    if isinstance(value, str) and type(value) is str and CORE_SCALAR.fullmatch(value):
        return DoubleQuotedScalarString(value)
    if isinstance(value, list):
        return [written(v) for v in value]
    return value


def keeping_trailing_lines(entry: Any, change: Callable[[Any], tuple[str, ...]]) -> tuple[str, ...]:
    """Apply `change`, keeping the comment lines and blank lines that follow the item.

    ruamel hangs them on the item's last key, so they would vanish with that key, or end up
    inside the item when keys are added after it; they move to the new last key instead.
    """
    last = (entry, next(reversed(entry))) if entry else None
    removed = change(entry)
    if last is not None and entry:
        move_following(last, (entry, next(reversed(entry))))
    return removed


def deepest_last(mapping: Any) -> tuple[Any, Any] | None:
    """The mapping and key of the last line of `mapping`'s block, where ruamel hangs what
    follows it."""
    from ruamel.yaml.comments import CommentedMap

    if not mapping:
        return None
    key = next(reversed(mapping))
    value = mapping[key]
    if isinstance(value, CommentedMap) and value:
        return deepest_last(value)
    return mapping, key


def move_following(old: tuple | None, new: tuple | None) -> None:
    """Move the comment and blank lines after `old`'s line to after `new`'s line; the end-of-
    line comment of `old` stays where it is. Each place is (mapping or list, key or index) or,
    for a list's item, (list, index, slot): the slot of ruamel's comment record that holds what
    follows the line (2 after a mapping's key, 0 after a list's item)."""
    if old is None or new is None or (old[0] is new[0] and old[1] == new[1]):
        return
    container, key = old[0], old[1]
    slot = old[2] if len(old) > 2 else 2
    held = container.ca.items.get(key)
    token = held[slot] if held and len(held) > slot else None
    if token is None or not hasattr(token, "value"):
        return
    own, _, following = token.value.partition("\n")
    if not following:
        return
    held[slot] = _comment(own + "\n", token) if own else None
    target = new[0].ca.items.setdefault(new[1], [None] * 4)
    where = new[2] if len(new) > 2 else 2
    current = target[where]
    target[where] = _comment((current.value if current is not None else "\n") + following,
                             token)


def _comment(value: str, like: Any) -> Any:
    from ruamel.yaml.tokens import CommentToken

    return CommentToken(value, like.start_mark, None)


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes from `a` to `b`, the lines both start and end with taken out
    first: the texts merged are one file before and after a small change, and SequenceMatcher
    is quadratic on the many alike lines of a long file (2,500 exercises: 20 s)."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(None, a[head:len(a) - tail], b[head:len(b) - tail],
                                     autojunk=False).get_opcodes()
    ops: list[tuple[str, int, int, int, int]] = [("equal", 0, head, 0, head)] if head else []
    ops += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle
            if not (tag == "equal" and i1 == i2)]
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def merge(original: str, before: str, after: str) -> str | None:
    """Carry the change from `before` to `after` into `original`; None when it cannot be placed.

    `before` is `original` as ruamel rewrites it, so the two differ only in style. A hunk of the
    change is placed in `original` through the lines of `before` whose place there is known
    (the same, or restyled one for one); an insertion needs such a line next to it. The caller
    checks the merged text's data, so a misplaced hunk can never be written.
    """
    a, b, c = (s.splitlines(keepends=True) for s in (original, before, after))
    b_to_a: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        # a line ruamel restyled (`~` to nothing) still sits at a known place in `original`
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            b_to_a.update({j1 + k: i1 + k for k in range(i2 - i1)})
    edits = []
    for tag, i1, i2, j1, j2 in _opcodes(b, c):
        if tag == "equal":
            continue
        if any(k not in b_to_a for k in range(i1, i2)):
            return None
        places = [b_to_a[k] for k in range(i1, i2)]
        if places and places != list(range(places[0], places[0] + len(places))):
            return None
        if places:
            start = places[0]
        elif i1 in b_to_a:
            start = b_to_a[i1]
        elif i1 - 1 in b_to_a:
            start = b_to_a[i1 - 1] + 1
        elif i1 == len(b):  # added at the very end
            start = len(a)
        else:
            return None
        edits.append((start, start + len(places), c[j1:j2]))
    for start, end, lines in reversed(edits):
        a[start:end] = lines
    return "".join(a)


def _yaml(style: tuple[int, int, int] = _INDENTS[0]) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a person's long line
    mapping, sequence, offset = style
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(doc: Any, style: tuple[int, int, int]) -> str:
    out = io.StringIO()
    _yaml(style).dump(doc, out)
    return out.getvalue()


#: Entries of each list a long file's indentation style is judged on.
_SAMPLE = 16


def _sample(doc: Any) -> Any:
    """`doc` with each top-level list cut to its first _SAMPLE entries (their own comments
    kept), or `doc` itself when no list is longer: enough to tell its indentation style, at a
    cost that does not grow with the file (2,500 exercises were dumped 18 times: 28 s)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(doc, CommentedMap) or not any(
            isinstance(v, CommentedSeq) and len(v) > _SAMPLE for v in doc.values()):
        return doc
    sample = CommentedMap()
    for key, value in doc.items():
        if isinstance(value, CommentedSeq) and len(value) > _SAMPLE:
            part = CommentedSeq(value[:_SAMPLE])
            if value.fa.flow_style():
                part.fa.set_flow_style()
            value = part
        sample[key] = value
    return sample


def _invented(lines: Counter[str], dumped: str) -> int:
    """How many lines of `dumped` (a part of the file in one style) the file does not have."""
    return sum((Counter(dumped.splitlines()) - lines).values())


def _distance(a: str, b: str) -> int:
    """How many lines one text has that the other lacks, as a count of each line: the
    indentation styles dump the same document in the same order, so this ranks them as a line
    diff would, in linear time (a diff of every style took minutes on a file of a few hundred
    similar entries, whose repeated lines make SequenceMatcher quadratic)."""
    old, new = Counter(a.splitlines()), Counter(b.splitlines())
    return max(sum((old - new).values()), sum((new - old).values()))


def _changed_lines(a: str, b: str) -> tuple[int, ...]:
    # the whole texts, as a line diff shows them (which of two alike lines changed): only
    # when the merge could not place the change, which a long file of alike entries does not
    ops = difflib.SequenceMatcher(None, a.splitlines(), b.splitlines(), autojunk=False)
    return tuple(line + 1 for tag, i1, i2, _, _ in ops.get_opcodes() if tag != "equal"
                 for line in range(i1, i2))


def plain(value: Any) -> Any:
    """Data as vaplan's loader gives it (dates as text), to compare two versions of a file."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    for kind in (bool, int, float, str):  # the loader may hand back subclasses of these
        if isinstance(value, kind):
            return kind(value)
    return value
