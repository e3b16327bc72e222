"""SARIF 2.1.0 for code scanning: the rules from the registry and one result per finding."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import metadata
from pathlib import PurePath
from urllib.parse import quote

from vaplan import __version__
from vaplan.check.checker import CheckResult
from vaplan.findings import Finding
from vaplan.reporters.common import fingerprints, plan_path
from vaplan.rules import all_rules
from vaplan.rules.registry import Rule
from vaplan.text import without_bidi

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: Until vaplan has a public home, the tool points at the toolkit its rules come from.
INFORMATION_URI = ("https://ovc.ojp.gov/sites/g/files/xyckuh226/files/pubs/mvt-toolkit/"
                   "partner-plan.html")
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
#: Relative paths are read from the working directory, the repository root in CI; GitHub reads
#: them from the root too, and this is the base id SARIF producers name that root with.
SRCROOT = "%SRCROOT%"
#: The README's section listing every rule; each rule's `helpUri` points there, at the address
#: the installed package names as its documentation (pyproject.toml [project.urls]).
RULES_ANCHOR = "#the-checks"
#: The key of the fingerprint code scanning matches results by across runs (see `fingerprints`).
FINGERPRINT = "vaplanFinding/v1"


@lru_cache(maxsize=1)
def rules_uri() -> str | None:
    """The README's rule section at vaplan's published address, or None while it has none."""
    try:
        urls = metadata.metadata("vaplan").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    named = dict(entry.split(", ", 1) for entry in urls if ", " in entry)
    for label in ("Documentation", "Source", "Homepage"):
        if named.get(label, "").startswith("https://"):
            return named[label].split("#")[0] + RULES_ANCHOR
    return None


def render_sarif(result: CheckResult) -> str:
    rules = all_rules()
    index = {entry.code: i for i, entry in enumerate(rules)}
    prints = fingerprints(result)
    run = {
        "tool": {"driver": {"name": "vaplan", "version": __version__,
                            "informationUri": INFORMATION_URI,
                            "rules": [rule_descriptor(entry) for entry in rules]}},
        "invocations": [_invocation(result, index)],
        "columnKind": "unicodeCodePoints",
        "results": [_result(result, f, index[f.code], prints[i])
                    for i, f in enumerate(result.findings)],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return without_bidi(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def rule_descriptor(entry: Rule) -> dict:
    """A rule as code scanning shows it: the summary on top, the whole doc as help."""
    about = entry.doc.split("\nFails:")[0].replace("\nWhy it matters:\n", "\n")
    help_text = f"{entry.doc}\n\nWhat to do: {entry.hint}"
    descriptor = {"id": entry.code, "name": entry.name,
                  "shortDescription": {"text": entry.summary},
                  "fullDescription": {"text": re.sub(r"\s+", " ", about).strip()},
                  "help": {"text": help_text, "markdown": doc_markdown(help_text)},
                  "defaultConfiguration": {"level": LEVELS[entry.severity.value]}}
    uri = rules_uri()
    if uri is not None:
        descriptor["helpUri"] = uri
    return descriptor


def doc_markdown(doc: str) -> str:
    """A rule doc in Markdown: `Heading:` lines in bold, prose unindented, YAML examples fenced."""
    out: list[str] = []
    fenced = False
    for line in doc.splitlines():
        heading = re.fullmatch(r"(Fails|Passes|Why it matters):", line)
        if fenced and (heading or (line and not line.startswith(" "))):
            while out[-1] == "":
                out.pop()
            out += ["```", ""]
            fenced = False
        if heading:
            out += [f"**{heading[1]}**", ""]
            fenced = heading[1] != "Why it matters"
            if fenced:
                out.append("```yaml")
        elif not (out and out[-1] == "" and line == ""):
            out.append(line[4:] if line.startswith("    ") else line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join([*out, "```"] if fenced else out) + "\n"


def _result(result: CheckResult, finding: Finding, rule_index: int, fingerprint: str) -> dict:
    region = {"startLine": finding.line or 1, "startColumn": finding.column or 1}
    entry: dict = {
        "ruleId": finding.code, "ruleIndex": rule_index,
        "level": LEVELS[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact_location(plan_path(result, finding.file)),
            "region": region}}],
        # Code scanning matches a result across runs by this, so a finding whose line moves
        # (a member added above it) is the same alert, not a fixed one and a new one.
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if finding.waived is not None:
        entry["suppressions"] = [{"kind": "external", "justification": finding.waived}]
    return entry


def artifact_location(path: str) -> dict:
    """A relative path as a URI under the source root; an absolute one as a file: URI."""
    if PurePath(path).is_absolute():
        return {"uri": PurePath(path).as_uri()}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def _invocation(result: CheckResult, index: dict[str, int]) -> dict:
    """What ran: rules turned off or given another severity, and those that could not run."""
    overrides = [{"descriptor": {"id": code, "index": index[code]},
                  "configuration": {"enabled": False}} for code in sorted(result.disabled)]
    notes = [{"level": "error" if s.failed else "warning", "associatedRule": {"id": s.code, "index": index[s.code]},
              "message": {"text": f"{s.code} {s.name} was not checked, because {s.reason}"}}
             for s in result.skipped]
    # A rule that raised means the check did not finish, as the exit code 2 says.
    invocation: dict = {"executionSuccessful": not result.incomplete}
    if overrides:
        invocation["ruleConfigurationOverrides"] = overrides
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation
