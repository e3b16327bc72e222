"""What the CI formats share: a plan file's path as CI sees it, and the rules that ran."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import PurePath

from vaplan.check.checker import CheckResult
from vaplan.rules import all_rules
from vaplan.rules.registry import Rule

#: What a terminal or a CI log acts on instead of showing: C0 and C1 controls (newlines, ESC,
#: CR, DEL), Unicode line and paragraph separators, and the bidirectional overrides that can
#: make text read differently from what it holds.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown_safely(text: str) -> str:
    """`text` with every control character written as an escape (`\\n`, `\\x1b`), so plan text
    cannot start a new line, move the cursor or recolour a terminal or a CI log, nor give
    GitHub's runner a legacy command (see no_legacy_commands)."""
    return no_legacy_commands(_UNSAFE.sub(lambda m: repr(m.group())[1:-1], text))


#: GitHub's runner obeys a legacy workflow command (`##[error]`, `##[set-output ...]`,
#: `##[stop-commands]`) anywhere in a line of a job's log, not only at its start.
LEGACY_COMMAND = "##["


def no_legacy_commands(text: str) -> str:
    """`text` with every `##[` written `## [`: shown as written, obeyed by no CI runner."""
    return text.replace(LEGACY_COMMAND, "## [")


def plan_path(result: CheckResult, name: str) -> str:
    """The plan directory as vaplan was given it joined with the file name, in forward slashes.

    CI systems read such a path from the working directory, which is the repository root in a
    CI job, so a plan in a subdirectory is found there too.
    """
    return (PurePath(result.directory) / name).as_posix()


def enabled_rules(result: CheckResult) -> list[Rule]:
    """Every rule but those turned off by `checks.ignore`, --select or --ignore."""
    return [entry for entry in all_rules() if entry.code not in result.disabled]


def fingerprints(result: CheckResult) -> list[str]:
    """Each finding's identity across runs, in the order of `result.findings`: its rule, file
    and what it is about, never its line.

    Adding a member above a gap moves the gap's line; CI systems (code scanning, GitLab Code
    Quality) match findings by this value, so a moved finding stays the same finding. A finding
    about no named thing falls back to its place in the plan, then to its message; two findings
    that would share a value are told apart by their messages, then by their order.
    """
    keys = []
    for finding in result.findings:
        about = finding.subject or "/".join(str(step) for step in finding.path) or finding.message
        keys.append("\0".join((finding.code, plan_path(result, finding.file), about)))
    shared = Counter(keys)
    keys = [key if shared[key] == 1 else f"{key}\0{finding.message}"
            for key, finding in zip(keys, result.findings)]
    seen: Counter[str] = Counter()
    out = []
    for key in keys:
        seen[key] += 1
        unique = key if seen[key] == 1 else f"{key}\0{seen[key]}"
        out.append(hashlib.sha256(unique.encode("utf-8")).hexdigest()[:32])
    return out
