"""JUnit XML for CI test views: a testcase per rule and file, failing with that rule's findings."""

from __future__ import annotations

import re
from itertools import groupby
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from vaplan.check.checker import CheckResult
from vaplan.findings import Finding
from vaplan.reporters.common import enabled_rules, plan_path
from vaplan.rules.registry import Rule

#: Characters XML 1.0 cannot hold at all, even escaped; a plan's text may still contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(result: CheckResult) -> str:
    """One testsuite. A rule with findings fails once per file it found them in; a rule that
    found nothing passes, a rule that could not run is skipped with the reason."""
    plan = plan_path(result, "")
    suites = Element("testsuites", name="vaplan")
    suite = SubElement(suites, "testsuite", name=f"vaplan check {plan}")
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
            _file_case(suite, entry, plan_path(result, name), list(found))
    cases = suite.findall("testcase")
    for key, tag in (("tests", "testcase"), ("failures", "testcase/failure"),
                     ("errors", "testcase/error"), ("skipped", "testcase/skipped")):
        suite.set(key, str(len(cases) if tag == "testcase" else len(suite.findall(tag))))
    suites.attrib.update({k: suite.get(k, "0") for k in ("tests", "failures", "errors", "skipped")})
    indent(suites)
    text = tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
    return _NOT_XML.sub("\ufffd", text)


def _case(suite: Element, entry: Rule, classname: str) -> Element:
    return SubElement(suite, "testcase", name=f"{entry.code} {entry.name}", classname=classname)


def _file_case(suite: Element, entry: Rule, path: str, found: list[Finding]) -> None:
    case = _case(suite, entry, path)
    case.set("file", path)
    failing = [f for f in found if f.counts]
    if failing:
        worst = max(failing, key=lambda f: f.severity.rank)
        failure = SubElement(case, "failure", type=worst.severity.value,
                             message=_headline(failing))
        failure.text = "".join(_describe(f) for f in failing)
    waived = [f for f in found if not f.counts]
    if waived:
        SubElement(case, "system-out").text = "".join(_describe(f) for f in waived)


def _headline(failing: list[Finding]) -> str:
    more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
    return failing[0].message + more


def _describe(finding: Finding) -> str:
    level = finding.severity.value if finding.counts else "waived"
    detail = f"waived: {finding.waived}" if finding.waived else f"fix: {finding.hint}"
    return f"{finding.place}  {level}  {finding.code}  {finding.message}\n    {detail}\n"
