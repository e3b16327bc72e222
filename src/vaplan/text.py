"""Plan text made safe to show: no control characters or escape sequences, in one line for an
export's cell, or as lines for a document, inert in Markdown or HTML, and quoted short in a
message."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

#: Terminal escape sequences (ESC [ ... final, ESC ] ... BEL or ST, and two-character ESC x),
#: and their one-character C1 forms (CSI, OSC), removed whole so no half of one is left behind.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
                      r"|\x1b[ -~]?|\x9b[0-?]*[ -/]*[@-~]?|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?")
#: Direction overrides and isolates can make a phone number or name read differently from what
#: it is (U+202A-U+202E, U+2066-U+2069). The marks LRM, RLM and ALM stay: they cannot reorder
#: text around them, and Arabic or Hebrew text needs them.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NO_BIDI = str.maketrans(dict.fromkeys(map(ord, _BIDI)))


def without_bidi(text: str) -> str:
    """`text` without direction overrides and isolates: every output vaplan writes (Word,
    JSON, Markdown, CSV, calendar, terminal) holds none, whatever the plan holds."""
    return text if text.isascii() else text.translate(_NO_BIDI)


def typed_text_fault(value: str, lines: bool = False) -> str | None:
    """What keeps text a person typed (an option's value) from going into a plan file as it
    is, in words, or None: a character that is not UTF-8 (a terminal in another encoding), a
    control character (C0 and C1, so also NEL and DEL) or a line or paragraph separator
    (U+2028, U+2029: YAML and editors break lines there), a line break unless `lines`."""
    for c in value:
        kind = unicodedata.category(c)
        if kind == "Cs":  # a byte the terminal sent that is not UTF-8 (surrogateescape)
            return "a character that is not UTF-8 text"
        if kind in ("Cc", "Zl", "Zp") and not (lines and c == "\n"):
            return "a line break" if c in "\n\r\x85\u2028\u2029" else (
                f"a control character (U+{ord(c):04X})")
    return None


def one_line(text: str) -> str:
    """`text` as one line of printable characters: escape sequences removed, line breaks, tabs
    and other control characters turned into a space, runs of spaces made one."""
    if text.isprintable():  # no control, format (bidi), separator but space, or unpaired
        return " ".join(text.split())  # surrogate character: only the spaces to tidy
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


#: The characters Markdown acts on, and < > & that would let HTML through.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def markdown_text(text: object) -> str:
    """Plan text made inert in Markdown, as one line: every character Markdown or HTML acts on
    escaped, so `<script>`, `*`, `_`, `|`, `[x](y)` or a leading `#` print as written and never
    become markup, a link or the end of a table cell."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def html_text(text: object) -> str:
    """Plan text made inert in HTML, as one line: control characters and escape sequences
    removed, and & < > " ' written as entities, so no plan text can open a tag, end an
    attribute or start a script, in a page's text or inside a quoted attribute."""
    import html

    return html.escape(one_line(str(text)), quote=True)


#: A zero-width space: where Word may break a line that has no space.
_BREAK = "\u200b"
_PHONE_DASH = re.compile(r"(?<=\d)-(?=\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: The space inside a phone number as phone_text prints it: "(520) 555", "24 h (520)", "+44 20".
_PHONE_SPACE = re.compile(r"(?<=\)) (?=\d)|(?<=\bh) (?=\()|(?<=\+\d) (?=\d)|(?<=\+\d\d) (?=\d)"
                          r"|(?<=\d) (?=\d)|(?<=\d) (?=ext\.)|(?<=ext\.) (?=\d)|(?<=\b24) (?=h\b)")


def breakable(text: object) -> str:
    """Text for a narrow Word table cell: an email address may break after each @ and . (a
    zero-width space there) rather than mid-word, and a phone number never breaks (no-break
    spaces). For Word only: in Markdown or a CSV the invisible characters would be copied."""
    # "(520) 555-0100" stays on one line: no-break spaces, and a no-break hyphen after digits
    text = _PHONE_DASH.sub("\u2011", _PHONE_SPACE.sub("\u00a0", str(text)))
    return _EMAIL.sub(lambda m: re.sub(r"([@.])(?=\S)", "\\1" + _BREAK, m.group()), text)


#: Where a phone number written without a country code is dialled: the plans are for U.S.
#: communities. Every reading of a phone (checking, printing, finding one in a text) uses it.
PHONE_REGION = "US"


@lru_cache(maxsize=8192)
def phone_text(text: str | None, region: str = PHONE_REGION, international: bool = False
               ) -> str | None:
    """A phone number as every document prints it: the national form for the plan's country
    ((520) 555-0100), the international one for another (+44 20 7946 0958); text that is not a
    valid number stays as written. `international` gives every number the +CC form (+1
    520-555-0100), as the CSV and vCard exports store it for address books."""
    if not text:
        return text
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(number):
        return text
    home = phonenumbers.region_code_for_number(number) == region and not international
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL if home
                                      else phonenumbers.PhoneNumberFormat.INTERNATIONAL)


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


def dollars(amount: float) -> str:
    """An amount of US dollars as people write it: $250,000 or $1,250.50."""
    return f"${amount:,.0f}" if float(amount).is_integer() else f"${amount:,.2f}"


def owners(names: Iterable[str]) -> str:
    """One organization, or two, or the first with how many others: a next step has one clear
    owner, and names that hold commas are never run together in a list."""
    names = list(dict.fromkeys(names))
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} with {len(names) - 1} other partners"
