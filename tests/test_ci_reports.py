"""The CI formats, each read back by its consumer: SARIF by the official schema, JUnit by a JUnit
parser, GitHub workflow commands by the runner's own parsing rules."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
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


def _moved(tmp_path: Path) -> tuple[CheckResult, CheckResult]:
    """The test plan, and a copy whose files each start with two more comment lines."""
    before = tmp_path / "before" / "plan"
    after = tmp_path / "after" / "plan"
    shutil.copytree(PLAN, before)
    shutil.copytree(PLAN, after)
    for path in after.glob("*.yaml"):
        path.write_text("# kept by the committee\n# reviewed in March\n" + path.read_text("utf-8"),
                        encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path / "before")
        first = check_plan(Path("plan"), TODAY)
        patch.chdir(tmp_path / "after")
        return first, check_plan(Path("plan"), TODAY)


def test_sarif_fingerprints_follow_a_finding_whose_line_moves(tmp_path: Path) -> None:
    before, after = _moved(tmp_path)
    runs = [json.loads(render_sarif(r))["runs"][0]["results"] for r in (before, after)]
    lines = [{r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run
              if r["ruleId"] == "VP502"} for run in runs]
    assert lines[0] != lines[1]
    prints = [[r["partialFingerprints"]["vaplanFinding/v1"] for r in run] for run in runs]
    assert prints[0] == prints[1]
    assert len(set(prints[0])) == len(prints[0]), "two findings share a fingerprint"


def test_sarif_rules_link_to_the_readme_rule_section(result: CheckResult, sarif_schema: dict,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from vaplan.reporters import sarif

    monkeypatch.setattr(sarif, "rules_uri", lambda: "https://plans.example/vaplan#the-checks")
    driver = _validate_sarif(render_sarif(result), sarif_schema)["runs"][0]["tool"]["driver"]
    assert {r["helpUri"] for r in driver["rules"]} == {"https://plans.example/vaplan#the-checks"}
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "\n## The checks\n" in readme  # GitHub's anchor for it is #the-checks


def _consumer(name: str) -> Path:
    program = Path(sys.executable).parent / name
    if not program.exists():
        found = shutil.which(name)
        if found is None:
            pytest.skip(f"{name} is not installed (pip install {name.replace('sarif', 'sarif-tools')})")
        program = Path(found)
    return program


@pytest.mark.slow
def test_sarif_tools_and_check_jsonschema_read_the_report_for_several_plans(
        tmp_path: Path) -> None:
    sarif_tools, checker = _consumer("sarif"), _consumer("check-jsonschema")
    from typer.testing import CliRunner

    from vaplan.cli.main import app

    report = tmp_path / "vaplan.sarif"
    done = CliRunner().invoke(app, ["check", str(PLAN), *(str(p) for p in EXAMPLES), "--today",
                                    TODAY.isoformat(), "--output", f"sarif:{report}"])
    assert done.exit_code == 1, done.output
    schema = DATA / "schemas" / "sarif-schema-2.1.0.json"
    valid = subprocess.run([str(checker), "--schemafile", str(schema), str(report)],
                           capture_output=True, text=True, timeout=300)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    summary = subprocess.run([str(sarif_tools), "summary", str(report)], capture_output=True,
                             text=True, timeout=300)
    assert summary.returncode == 0, summary.stderr
    expected = sum(1 for run in json.loads(report.read_text("utf-8"))["runs"]
                   for r in run["results"] if r["level"] == "error" and "suppressions" not in r)
    assert f"error: {expected}" in summary.stdout


# JUnit -------------------------------------------------------------------------------------------

def _read_junit(text: str, tmp_path: Path) -> JUnitXml:
    path = tmp_path / "report.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


WARNED = {"VP102 no-steering-committee", "VP105 missing-partner-level",
          "VP107 unreachable-member", "VP007 missing-file", "VP109 activation-gap",
          "VP705 contact-list-not-tested"}


def test_junit_fails_only_the_findings_that_fail_the_run(result: CheckResult,
                                                          tmp_path: Path) -> None:
    # Jenkins marks a build with <failure> unstable and GitLab lists failed tests: a run that
    # exits 0 (warnings under --fail-on error) must show none.
    suite = next(iter(_read_junit(render_junit(result, fail_on=Severity.error), tmp_path)))
    failing = {case.name for case in suite if case.is_failure}
    assert failing == {"VP101 missing-discipline", "VP502 agreement-expired"}
    below = {case.name: case for case in suite if case.name in WARNED}
    assert set(below) == WARNED
    for case in below.values():
        assert case.is_skipped, case.name
        assert case.result[0].message.startswith(
            "reported, not failing (warning, below --fail-on error): ")
        assert "  warning  " in case.system_out
    suite = next(iter(_read_junit(render_junit(result, fail_on=None), tmp_path)))
    assert not any(case.is_failure for case in suite)  # --exit-zero
    assert "--exit-zero" in next(c for c in suite if c.name == "VP502 agreement-expired"
                                 ).result[0].message


def test_junit_records_how_long_the_check_took(result: CheckResult, tmp_path: Path) -> None:
    xml = _read_junit(render_junit(replace(result, seconds=1.25)), tmp_path)
    assert xml.time == 1.25 and next(iter(xml)).time == 1.25


def test_a_green_run_writes_no_failure_to_its_junit_report(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from vaplan.cli.main import app

    report = tmp_path / "junit.xml"
    ran = CliRunner().invoke(app, ["check", str(PLAN), "--today", TODAY.isoformat(),
                                   "--ignore", "VP101,VP502", "--output", f"junit:{report}"])
    assert ran.exit_code == 0, ran.output
    xml = JUnitXml.fromfile(str(report))
    assert xml.failures == 0 and xml.skipped > 0 and xml.time > 0
    ran = CliRunner().invoke(app, ["check", str(PLAN), "--today", TODAY.isoformat(),
                                   "--fail-on", "warning", "--output", f"junit:{report}",
                                   "--force"])
    assert ran.exit_code == 1
    failing = {case.name for suite in JUnitXml.fromfile(str(report)) for case in suite
               if case.is_failure}
    assert failing == WARNED | {"VP101 missing-discipline", "VP502 agreement-expired"}


def test_junit_is_read_back_by_a_junit_parser(result: CheckResult, tmp_path: Path) -> None:
    xml = _read_junit(render_junit(result, fail_on=Severity.info), tmp_path)
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


# GitLab Code Quality -----------------------------------------------------------------------------

#: The fields GitLab documents for a Code Quality report ("Code Quality report format" in
#: docs.gitlab.com/ci/testing/code_quality): an array of issues, each with these, the line
#: under location.lines.begin; severity is one of GitLab's five.
CODEQUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object", "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


def test_codequality_has_the_fields_gitlab_documents(result: CheckResult) -> None:
    issues = json.loads(REPORTERS["codequality"](result))
    jsonschema.validate(issues, CODEQUALITY_SCHEMA)
    counted = [f for f in result.findings if f.counts]
    assert len(issues) == len(counted)  # the waived VP501 is left out
    assert {i["severity"] for i in issues} == {"major", "minor"}
    expired = next(i for i in issues if i["check_name"] == "VP502")
    assert expired["location"] == {"path": "tests/data/ci-plan/agreements.yaml",
                                   "lines": {"begin": 7}}
    assert expired["description"].startswith("VP502 agreement-expired: ")
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab shows one per print


def test_codequality_fingerprints_do_not_change_when_lines_move(tmp_path: Path) -> None:
    before, after = _moved(tmp_path)
    issues = [json.loads(REPORTERS["codequality"](r)) for r in (before, after)]
    assert [i["location"]["lines"]["begin"] for i in issues[0]] != [
        i["location"]["lines"]["begin"] for i in issues[1]]
    assert [i["fingerprint"] for i in issues[0]] == [i["fingerprint"] for i in issues[1]]


def test_codequality_for_several_plans_is_one_array(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from vaplan.cli.main import app

    monkeypatch.chdir(ROOT)  # as in CI: plans named from the repository root
    plans = [str(p.relative_to(ROOT)) for p in (PLAN, *EXAMPLES)]
    ran = CliRunner().invoke(app, ["check", *plans, "--today",
                                   TODAY.isoformat(), "--format", "codequality"])
    issues = json.loads(ran.stdout)
    jsonschema.validate(issues, CODEQUALITY_SCHEMA)
    assert {i["location"]["path"].split("/")[-2] for i in issues} >= {"ci-plan", "riverside-city"}


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
    assert set(REPORTERS) == {"text", "json", "github", "sarif", "junit", "codequality"}


def test_overrides_turn_rules_off_everywhere() -> None:
    quiet = check_plan(PLAN, TODAY, Overrides(ignore=["VP201", "VP101"]))
    assert not any(f.code == "VP101" for f in quiet.findings)
    assert "VP201" not in {s.code for s in quiet.skipped}
    assert {"VP201", "VP101", "VP106"} <= quiet.disabled
    only = check_plan(PLAN, TODAY, Overrides(select=["no-nontraditional-partners"]))
    assert [f.code for f in only.findings] == ["VP106"]  # the command line wins over vaplan.yaml
    assert only.skipped == []
