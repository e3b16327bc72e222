"""Words for people: what every printed document (checklist, packet, kits, call sheet, and any
new one) says in the committee's language rather than the tool's.

A finding's message names plan ids and YAML keys so the plan's keeper can find the line; a
committee chair reading a handout needs the organization's name and plain words instead. The
full message, with its file and line, goes only to the closing part for the plan's keeper.
"""

from __future__ import annotations

import re
from typing import Mapping

#: The credit every document carries: its wording is adapted from the OVC toolkit.
CREDIT = ("Adapted from the U.S. Office for Victims of Crime, Helping Victims of Mass Violence & "
          "Terrorism: Planning, Response, Recovery, and Resources (NCJ 248647). The wording is "
          "adapted for this plan and is not the toolkit's own text.")
from vaplan.findings import STEERING  # noqa: F401  (who a step falls to when no one is named)
#: The title of the closing part that holds item ids, file positions and commands.
KEEPER = "For the plan's keeper"

_LABELLED = re.compile(r'"([^"\n]+)" \(([^()\n]+)\)')
_QUOTED = re.compile(r'"([^"\n]+)"')
_ID_AFTER_NAME = re.compile(r" \(([A-Za-z0-9][\w.-]*)\)")
_KEY = re.compile(r"`([A-Za-z_][\w.]*):?`")
_MISSING_KEY = re.compile(r'\s*\("[^"\n]*" is missing or empty\)')
_FILE = re.compile(r"\b([a-z]+)\.yaml\b")


#: a key named in parentheses after the words for it: "where it is written (`written_in:`)"
_KEY_NOTE = re.compile(r" \(`[A-Za-z_][\w.]*:?`\)")
#: a file's path quoted in parentheses at the end of a message, for the plan's keeper only
_PATH_NOTE = re.compile(r' \("[^"\n]*[/.][^"\n]*"\)$')


def people_words(message: str, names: Mapping[str, str]) -> str:
    """`message` with each plan id replaced by what it names (an organization, a gap's need, an
    agreement's title, a protocol's label), YAML keys as words and file names as the plan's
    parts: "Harbor Health (harbor-health) has no `phone:`" -> "Harbor Health has no phone"."""
    text = _KEY_NOTE.sub("", _PATH_NOTE.sub("", _MISSING_KEY.sub("", message)))
    text = _LABELLED.sub(lambda m: m.group(2) if _is_id(m.group(1), names) else m.group(0), text)
    text = _ID_AFTER_NAME.sub(lambda m: "" if m.group(1) in names else m.group(0), text)
    text = _QUOTED.sub(lambda m: f"“{names[m.group(1)]}”" if m.group(1) in names
                       else f"“{m.group(1)}”", text)
    text = _KEY.sub(lambda m: _key_words(m.group(1)), text)
    return _FILE.sub(lambda m: f"the plan's {m.group(1)} file", text)


def _is_id(word: str, names: Mapping[str, str]) -> bool:
    return word in names or re.fullmatch(r"[a-z0-9][a-z0-9_-]*", word) is not None


def _key_words(key: str) -> str:
    if "." in key:  # a setting such as checks.required_functions
        return "a setting in the plan"
    return key.replace("_", " ")


def sentence(text: str) -> str:
    """`text` with a capital first letter, for a line that starts a sentence."""
    return text[:1].upper() + text[1:]
