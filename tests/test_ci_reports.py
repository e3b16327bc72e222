"""The CI formats, each read back by its consumer: SARIF by the official schema, JUnit by a JUnit
parser, GitHub workflow commands by the runner's own parsing rules."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml, Skipped

from conftest import ROOT, TODAY
from vaplan.check.checker import CheckResult, Overrides, check_plan
from vaplan.findings import Finding, Severity
from vaplan.models import Checks
from vaplan.reporters import REPORTERS, render_github, render_junit, render_sarif, render_text
from vaplan.reporters.github import CAP, annotation, escape_data, escape_property
from vaplan.rules import all_rules

DATA = Path(__file__).parent / "data"
PLAN = DATA / "ci-plan"
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*") if (p / "vaplan.yaml").exists())


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    return json.loads((DATA / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def result() -> CheckResult:
    """The test plan checked as CI checks it: a path relative to the repository root."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return check_plan(PLAN.relative_to(ROOT), TODAY)


def _hand_result(findings: list[Finding], directory: Path = Path("plan")) -> CheckResult:
    return CheckResult(directory, findings, [], {}, Checks(), TODAY)


def _finding(code: str = "VP101", severity: str = "error", **changes: object) -> Finding:
    base = Finding(code, "missing-discipline", Severity(severity), "no prosecutor",
                   "committee.yaml", 2, 1, None, "invite one")
    return replace(base, **changes)


# SARIF -------------------------------------------------------------------------------------------

def _validate_sarif(text: str, schema: dict) -> dict:
    log = json.loads(text)
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    return log


@pytest.mark.parametrize("plan", [PLAN, *EXAMPLES], ids=lambda p: p.name)
def test_sarif_is_valid_against_the_official_schema(plan: Path, sarif_schema: dict) -> None:
    log = _validate_sarif(render_sarif(check_plan(plan, TODAY)), sarif_schema)
    assert log["version"] == "2.1.0"


def test_sarif_every_result_has_a_physical_location(result: CheckResult,
                                                     sarif_schema: dict) -> None:
    run = _validate_sarif(render_sarif(result), sarif_schema)["runs"][0]
    assert len(run["results"]) == len(result.findings)
    for item, finding in zip(run["results"], result.findings):
        physical = item["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": f"tests/data/ci-plan/{finding.file}",
                                                "uriBaseId": "%SRCROOT%"}
        assert physical["region"]["startLine"] == (finding.line or 1)
        assert physical["region"]["startColumn"] == (finding.column or 1)
    lineless = [r for r, f in zip(run["results"], result.findings) if f.line is None]
    assert lineless, "the test plan should have a finding without a line (a missing file)"


def test_sarif_rules_come_from_the_registry(result: CheckResult) -> None:
    run = json.loads(render_sarif(result))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "vaplan" and driver["version"] and driver["informationUri"]
    rules = all_rules()
    assert [r["id"] for r in driver["rules"]] == [r.code for r in rules]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, entry in zip(driver["rules"], rules):
        assert descriptor["name"] == entry.name
        assert descriptor["shortDescription"]["text"] == entry.summary
        assert descriptor["fullDescription"]["text"].startswith(entry.summary)
        assert descriptor["help"]["text"].startswith(entry.doc)
        assert descriptor["defaultConfiguration"]["level"] == levels[entry.severity.value]
    for item in run["results"]:
        assert driver["rules"][item["ruleIndex"]]["id"] == item["ruleId"]


def test_sarif_waived_finding_carries_the_reason_as_a_suppression(result: CheckResult) -> None:
    run = json.loads(render_sarif(result))["runs"][0]
    waived = [r for r in run["results"] if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"]) for r in waived] == [
        ("VP501", [{"kind": "external",
                    "justification": "Board approves MOUs in March; on the agenda."}])]


def test_sarif_records_rules_turned_off_and_rules_that_could_not_run(result: CheckResult) -> None:
    invocation = json.loads(render_sarif(result))["runs"][0]["invocations"][0]
    off = [o["descriptor"]["id"] for o in invocation["ruleConfigurationOverrides"]]
    assert off == ["VP106"]  # vaplan.yaml ignores no-nontraditional-partners
    notes = {n["associatedRule"]["id"] for n in invocation["toolExecutionNotifications"]}
    assert {"VP201", "VP301", "VP401"} <= notes


def test_sarif_uri_of_an_absolute_or_unusual_plan_path(sarif_schema: dict) -> None:
    absolute = _hand_result([_finding()], Path("/srv/plans/cedar falls"))
    location = json.loads(render_sarif(absolute))["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///srv/plans/cedar%20falls/committee.yaml"}
    spaced = _hand_result([_finding()], Path("plans/cedar falls"))
    log = _validate_sarif(render_sarif(spaced), sarif_schema)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"] == {"uri": "plans/cedar%20falls/committee.yaml",
                                "uriBaseId": "%SRCROOT%"}


# JUnit -------------------------------------------------------------------------------------------

def _read_junit(text: str, tmp_path: Path) -> JUnitXml:
    path = tmp_path / "report.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def test_junit_is_read_back_by_a_junit_parser(result: CheckResult, tmp_path: Path) -> None:
    xml = _read_junit(render_junit(result), tmp_path)
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    cases = {(case.name, case.classname): case for case in suite}
    assert suite.tests == len(cases)
    failing = {name for (name, _), case in cases.items() if case.is_failure}
    assert failing == {"VP101 missing-discipline", "VP102 no-steering-committee",
                       "VP105 missing-partner-level", "VP107 unreachable-member",
                       "VP007 missing-file", "VP502 agreement-expired",
                       "VP109 activation-gap", "VP705 contact-list-not-tested"}
    assert suite.failures == sum(1 for c in cases.values() if c.is_failure)
    vp101 = cases["VP101 missing-discipline", "tests/data/ci-plan/committee.yaml"]
    failure = vp101.result[0]
    assert isinstance(failure, Failure) and failure.type == "error"
    assert failure.text.count("committee.yaml:2:1  error  VP101") == 6
    missing = [c for (name, _), c in cases.items() if name == "VP007 missing-file"]
    assert len(missing) == 3  # one testcase per rule and file
    assert cases["VP003 unknown-key", "tests/data/ci-plan"].is_passed
    skipped = cases["VP301 no-lead-agency", "tests/data/ci-plan"]
    assert isinstance(skipped.result[0], Skipped)
    assert skipped.result[0].message == "roles.yaml is missing"
    assert suite.skipped == sum(1 for c in cases.values() if c.is_skipped)
    assert not any(name.startswith("VP106") for name, _ in cases)  # turned off: not a test


def test_junit_waived_findings_pass_and_show_the_reason(result: CheckResult,
                                                       tmp_path: Path) -> None:
    suite = next(iter(_read_junit(render_junit(result), tmp_path)))
    case = next(c for c in suite if c.name == "VP501 member-without-agreement")
    assert case.is_passed
    assert "waived: Board approves MOUs in March" in case.system_out


def test_junit_stays_well_formed_whatever_a_plan_says(tmp_path: Path) -> None:
    odd = _finding(message="bell \x07 and <tag> & \"quotes\"\nsecond line",
                   waived=None, hint="a \x00 nul")
    waived = _finding(code="VP102", waived="reason with \x1b escape")
    suite = next(iter(_read_junit(render_junit(_hand_result([odd, waived])), tmp_path)))
    failure = next(c for c in suite if c.name.startswith("VP101")).result[0]
    assert "bell \ufffd and <tag> & \"quotes\"" in failure.message
    assert "second line" in failure.text


# GitHub ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "data", "prop"), [
    ("plain", "plain", "plain"),
    ("100%", "100%25", "100%25"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("x, y: z", "x, y: z", "x%2C y%3A z"),
    ("%0A", "%250A", "%250A"),
])
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """The runner's reading of `::command k=v,k=v::message`, undoing its escapes."""
    match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line)
    assert match, line

    def unescape(text: str, prop: bool) -> str:
        pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
        for code, char in pairs + [("%25", "%")]:
            text = text.replace(code, char)
        return text

    props = dict(p.split("=", 1) for p in (match[2] or "").split(",") if p)
    return match[1], {k: unescape(v, True) for k, v in props.items()}, unescape(match[3], False)


def test_github_annotations_survive_the_runners_parsing() -> None:
    message = "Ana Ruiz, 100%: sworn\nofficer has no phone"
    found = _finding("VP107", "warning", message=message, line=8, column=5)
    line = annotation(found, "plans/cedar, falls: v2/committee.yaml").rstrip("\n")
    assert "\n" not in line
    command, props, text = _parse_command(line)
    assert command == "warning"
    assert props == {"file": "plans/cedar, falls: v2/committee.yaml", "line": "8", "col": "5",
                     "title": "VP107 missing-discipline"}
    assert text == f"{message}\nfix: invite one"


def test_github_levels_and_findings_without_a_place() -> None:
    info = annotation(_finding(severity="info"), "committee.yaml")
    assert info.startswith("::notice file=committee.yaml,line=2,col=1,title=")
    lineless = annotation(_finding(line=None, column=None), "principles.yaml")
    assert _parse_command(lineless.strip())[1] == {"file": "principles.yaml",
                                                   "title": "VP101 missing-discipline"}


def test_github_prints_the_text_report_and_skips_waived_findings(result: CheckResult) -> None:
    out = render_github(result)
    assert out.startswith(render_text(result))
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == sum(1 for f in result.findings if f.counts)
    assert not any("VP501" in line for line in commands)
    assert all(_parse_command(line)[1]["file"].startswith("tests/data/ci-plan/")
               for line in commands)
    assert "GitHub shows at most" not in out


def test_github_notes_annotations_hidden_by_the_cap() -> None:
    findings = ([_finding(line=n) for n in range(1, CAP + 4)]
                + [_finding(severity="warning", line=n) for n in range(1, CAP + 2)]
                + [_finding(severity="info")])
    out = render_github(_hand_result(findings))
    assert out.count("\n::error ") == CAP + 3
    assert out.splitlines()[-1] == ("GitHub shows at most 10 annotations of each kind from one "
                                    "step; not annotated: 3 errors, 1 warning. The report "
                                    "above lists every finding.")


def test_every_format_is_registered() -> None:
    assert set(REPORTERS) == {"text", "json", "github", "sarif", "junit"}


def test_overrides_turn_rules_off_everywhere() -> None:
    quiet = check_plan(PLAN, TODAY, Overrides(ignore=["VP201", "VP101"]))
    assert not any(f.code == "VP101" for f in quiet.findings)
    assert "VP201" not in {s.code for s in quiet.skipped}
    assert {"VP201", "VP101", "VP106"} <= quiet.disabled
    only = check_plan(PLAN, TODAY, Overrides(select=["no-nontraditional-partners"]))
    assert [f.code for f in only.findings] == ["VP106"]  # the command line wins over vaplan.yaml
    assert only.skipped == []
