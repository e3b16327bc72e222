"""JUnit XML for CI test views: a testcase per rule and file, failing with that rule's findings.

A finding is a `<failure>` only when it fails the run (at or above `--fail-on`): Jenkins marks a
build with failures unstable and GitLab lists them as failed tests, so a run that exits 0 must
show none. Findings below the line are reported as `<skipped>` with a message saying why, and
listed in `<system-out>`, as waived ones are.
"""

from __future__ import annotations

import re
from itertools import groupby
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from vaplan.check.checker import CheckResult
from vaplan.findings import Finding, Severity
from vaplan.reporters.common import enabled_rules, plan_path
from vaplan.rules.registry import Rule

#: Characters XML 1.0 cannot hold at all, even escaped; a plan's text may still contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(result: CheckResult, fail_on: Severity | None = Severity.error) -> str:
    """One testsuite. A rule with findings at or above `fail_on` fails once per file it found
    them in (None: nothing fails, as with --exit-zero); a rule that found nothing passes, a
    rule that could not run is skipped with the reason."""
    plan = plan_path(result, "")
    suites = Element("testsuites", name="vaplan")
    suite = SubElement(suites, "testsuite", name=f"vaplan check {plan}",
                       time=f"{result.seconds:.3f}")
    skipped = {s.code: s for s in result.skipped}
    for entry in enabled_rules(result):
        mine = sorted((f for f in result.findings if f.code == entry.code), key=lambda f: f.file)
        if entry.code in skipped:
            # a rule that raised is an error of the run, not a rule the plan let be skipped
            tag = "error" if skipped[entry.code].failed else "skipped"
            _case(suite, entry, plan).append(Element(tag, message=skipped[entry.code].reason))
        elif not mine:
            _case(suite, entry, plan)
        for name, found in groupby(mine, key=lambda f: f.file):
            _file_case(suite, entry, plan_path(result, name), list(found), fail_on)
    cases = suite.findall("testcase")
    for key, tag in (("tests", "testcase"), ("failures", "testcase/failure"),
                     ("errors", "testcase/error"), ("skipped", "testcase/skipped")):
        suite.set(key, str(len(cases) if tag == "testcase" else len(suite.findall(tag))))
    suites.attrib.update({k: suite.get(k, "0")
                          for k in ("tests", "failures", "errors", "skipped", "time")})
    indent(suites)
    text = tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
    return _NOT_XML.sub("\ufffd", text)


def _case(suite: Element, entry: Rule, classname: str) -> Element:
    return SubElement(suite, "testcase", name=f"{entry.code} {entry.name}", classname=classname)


def _file_case(suite: Element, entry: Rule, path: str, found: list[Finding],
               fail_on: Severity | None) -> None:
    case = _case(suite, entry, path)
    case.set("file", path)
    counted = [f for f in found if f.counts]
    failing = [f for f in counted if fail_on is not None and f.severity.rank >= fail_on.rank]
    below = [f for f in counted if f not in failing]
    if failing:
        worst = max(failing, key=lambda f: f.severity.rank)
        failure = SubElement(case, "failure", type=worst.severity.value,
                             message=_headline(failing))
        failure.text = "".join(_describe(f) for f in failing)
    elif below:
        SubElement(case, "skipped", message=f"{_why_not_failing(below, fail_on)}: "
                                            f"{_headline(below)}")
    shown = [f for f in found if f not in failing]
    if shown:
        SubElement(case, "system-out").text = "".join(_describe(f) for f in shown)


def _why_not_failing(below: list[Finding], fail_on: Severity | None) -> str:
    worst = max(below, key=lambda f: f.severity.rank).severity.value
    if fail_on is None:
        return f"reported, not failing ({worst}; the check ran with --exit-zero)"
    return f"reported, not failing ({worst}, below --fail-on {fail_on.value})"


def _headline(failing: list[Finding]) -> str:
    more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
    return failing[0].message + more


def _describe(finding: Finding) -> str:
    level = finding.severity.value if finding.counts else "waived"
    detail = f"waived: {finding.waived}" if finding.waived else f"fix: {finding.hint}"
    return f"{finding.place}  {level}  {finding.code}  {finding.message}\n    {detail}\n"
