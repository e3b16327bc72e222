"""Words for people: what every printed document (checklist, packet, kits, call sheet, and any
new one) says in the committee's language rather than the tool's.

A finding's message names plan ids and YAML keys so the plan's keeper can find the line; a
committee chair reading a handout needs the organization's name and plain words instead, which
each rule gives beside its message (`Hit.people`). The full message, with its file and line,
goes only to the closing part for the plan's keeper.
"""

from __future__ import annotations

from vaplan.findings import CAUSES, Finding

#: The credit every document carries: its wording is adapted from the OVC toolkit.
CREDIT = ("Adapted from the U.S. Office for Victims of Crime, Helping Victims of Mass Violence & "
          "Terrorism: Planning, Response, Recovery, and Resources (NCJ 248647). The wording is "
          "adapted for this plan and is not the toolkit's own text.")
#: The title of the closing part that holds item ids, file positions and commands.
KEEPER = "For the plan's keeper"


def finding_words(finding: Finding) -> str:
    """What a printed document says of a finding: its rule's words for people
    (`Finding.people`), or, for a fault in a file itself, which part of the plan has it (its
    place and message are for the plan's keeper)."""
    if finding.people:
        return finding.people
    part = finding.file.removesuffix(".yaml")
    return f"the plan's {part} file has a problem to fix, listed for the plan's keeper"


def sentence(text: str) -> str:
    """`text` with a capital first letter, for a line that starts a sentence."""
    return text[:1].upper() + text[1:]


def by_cause(found: list[Finding]) -> list[list[Finding]]:
    """The findings in their order, those of one rule with a cause's words (CAUSES) gathered
    into one group where the rule fires more than once (the open ones together, the ones set
    aside together); each other finding a group of its own."""
    counts: dict[tuple[str, bool], int] = {}
    for finding in found:
        key = (finding.code, finding.counts)
        counts[key] = counts.get(key, 0) + 1
    groups: list[list[Finding]] = []
    gathered: dict[tuple[str, bool], list[Finding]] = {}
    for finding in found:
        key = (finding.code, finding.counts)
        if finding.code in CAUSES and counts[key] > 1:
            if key not in gathered:
                gathered[key] = []
                groups.append(gathered[key])
            gathered[key].append(finding)
        else:
            groups.append([finding])
    return groups


def short(text: str, words: int = 8) -> str:
    """The start of an item's sentence, to refer to it: "Every member's representative can be
    reached by email…"."""
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]).rstrip(",;") + "…"
