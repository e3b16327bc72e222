"""Plan text made safe to show: no control characters or escape sequences, in one line for an
export's cell, or as lines for a document, and quoted short in a message."""

from __future__ import annotations

import re
import unicodedata

#: Terminal escape sequences (ESC [ ... final, ESC ] ... BEL or ST, and two-character ESC x),
#: and their one-character C1 forms (CSI, OSC), removed whole so no half of one is left behind.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
                      r"|\x1b[ -~]?|\x9b[0-?]*[ -/]*[@-~]?|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?")
#: Direction overrides can make a phone number or name read differently from what it is.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def one_line(text: str) -> str:
    """`text` as one line of printable characters: escape sequences removed, line breaks, tabs
    and other control characters turned into a space, runs of spaces made one."""
    text = _ESCAPES.sub("", text)
    text = "".join(" " if _breaks(c) else c for c in text if _keeps(c))
    return " ".join(text.split())


def document_text(text: str) -> str:
    """`text` for a document printed to a terminal or a file: escape sequences removed, and
    every control character but line breaks and tabs (a bare CR, NUL, BEL, C1 codes) too."""
    if text.isprintable():
        return text
    text = _ESCAPES.sub("", text)
    return "".join(c for c in text if _keeps(c) and (c in "\n\t" or not _breaks(c)))


def short(text: str, limit: int = 80) -> str:
    """`text` cut to `limit` characters with an ellipsis, for quoting a value in a message."""
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


def _breaks(char: str) -> bool:
    """A character that separates words (CR, LF, tab, line separator, other control)."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def _keeps(char: str) -> bool:
    # Surrogates cannot be written as UTF-8; U+FFFE/U+FFFF are not allowed in XML.
    return (char not in _BIDI and unicodedata.category(char) != "Cs"
            and char not in "\ufffe\uffff")
