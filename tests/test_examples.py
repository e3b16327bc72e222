"""Acceptance tests over examples/: the command a committee runs, and what it must report."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from vaplan.cli.main import app

EXAMPLES = Path(__file__).parent.parent / "examples"
TODAY = "2026-11-28"

CAL_OES_WAIVER = ("State agencies do not sign local MOUs; Cal OES support comes through the "
                  "state mutual aid system and the county's emergency plan.")

#: Every finding `vaplan check examples/riverside-city --today 2026-11-28` reports:
#: (code, file, line, column, severity, waived). Each one is a gap the example's comments name.
RIVERSIDE = [
    ("VP502", "agreements.yaml", 24, 5, "error", None),     # MOA expired 2026-06-30
    ("VP503", "agreements.yaml", 34, 5, "warning", None),   # MOU expires 2027-01-15
    ("VP504", "agreements.yaml", 39, 5, "warning", None),   # legal services MOU unsigned
    ("VP505", "agreements.yaml", 56, 5, "warning", None),   # signed PDF not in the folder
    ("VP104", "committee.yaml", 14, 1, "warning", None),    # reviewed 2025-06-30
    ("VP101", "committee.yaml", 16, 1, "error", None),      # no education member
    ("VP101", "committee.yaml", 16, 1, "error", None),      # no private legal services
    ("VP103", "committee.yaml", 16, 1, "warning", None),    # 8 on the steering committee
    ("VP108", "committee.yaml", 114, 5, "warning", None),   # legal aid has no alternate
    ("VP107", "committee.yaml", 149, 5, "warning", None),   # clergy council unreachable
    ("VP501", "committee.yaml", 154, 5, "warning", CAL_OES_WAIVER),
    ("VP108", "committee.yaml", 186, 5, "warning", None),   # coroner has no alternate
    ("VP501", "committee.yaml", 186, 5, "warning", None),   # coroner has no agreement
    ("VP109", "committee.yaml", 202, 3, "warning", None),   # call tree misses legal aid
    ("VP109", "committee.yaml", 202, 3, "warning", None),   # call tree misses the coroner
    ("VP705", "committee.yaml", 199, 1, "warning", None),   # no call-down drill ever
    ("VP702", "exercises.yaml", 11, 5, "warning", None),    # tabletop without its report
    ("VP703", "exercises.yaml", 27, 5, "warning", None),    # backup FAC site overdue
    ("VP704", "exercises.yaml", 30, 5, "warning", None),    # interpreter roster: no owner
    ("VP201", "principles.yaml", 7, 1, "warning", None),    # no goals
    ("VP404", "resources.yaml", 5, 1, "warning", None),     # no site chosen for the FAC
    ("VP402", "resources.yaml", 32, 5, "warning", None),    # interpreters gap, no owner
    ("VP403", "resources.yaml", 40, 5, "warning", None),    # reunification site never raised
    ("VP304", "roles.yaml", 11, 1, "warning", None),        # no donation_management
    ("VP304", "roles.yaml", 11, 1, "warning", None),        # no emergency_funding
    ("VP306", "roles.yaml", 23, 5, "warning", None),        # training not written down
    ("VP305", "roles.yaml", 34, 5, "warning", None),        # communications: only a lead
    ("VP306", "roles.yaml", 34, 5, "warning", None),        # communications not written down
    ("VP306", "roles.yaml", 44, 5, "warning", None),        # identification not written down
    ("VP303", "roles.yaml", 49, 5, "warning", None),        # victim_notification has no lead
    # every required protocol but the family assistance center never exercised
    ("VP701", "roles.yaml", 11, 1, "warning", None),        # donation_management (no entry)
    ("VP701", "roles.yaml", 11, 1, "warning", None),        # emergency_funding (no entry)
    *(("VP701", "roles.yaml", line, 5, "warning", None)
      for line in (12, 17, 23, 28, 34, 44, 49, 53, 58, 64)),
]


def _check_json(plan: str, *options: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["check", str(EXAMPLES / plan), "--format", "json",
                                      "--today", TODAY, *options])
    return result.exit_code, json.loads(result.stdout)


def test_pima_county_checks_clean() -> None:
    code, report = _check_json("pima-county")
    assert report["findings"] == []
    assert code == 0


def test_pima_county_checks_clean_until_mid_2027() -> None:
    for day in ("2027-03-01", "2027-06-01"):
        result = CliRunner().invoke(app, ["check", str(EXAMPLES / "pima-county"), "--format",
                                          "json", "--today", day])
        assert json.loads(result.stdout)["findings"] == [], day
        assert result.exit_code == 0


def test_pima_county_fails_on_nothing() -> None:
    code, _ = _check_json("pima-county", "--fail-on", "info")
    assert code == 0


def test_riverside_city_reports_exactly_its_known_gaps() -> None:
    code, report = _check_json("riverside-city")
    found = [(f["code"], f["file"], f["line"], f["column"], f["severity"], f["waived"])
             for f in report["findings"]]
    assert Counter(found) == Counter(RIVERSIDE)
    assert code == 1


def test_riverside_city_has_no_schema_errors_so_every_rule_ran() -> None:
    _, report = _check_json("riverside-city")
    assert not [f for f in report["findings"] if f["code"] < "VP100"]
    # only the rules about the optional checklist.yaml may be left out
    assert [s for s in report.get("skipped", []) if "checklist.yaml" not in s["reason"]] == []


def test_riverside_city_summary_counts_the_waived_finding_apart() -> None:
    _, report = _check_json("riverside-city")
    summary = report["summary"]
    # 38 warnings: VP404, no site chosen for the family assistance center, is true of it
    assert (summary["error"], summary["warning"], summary["info"]) == (3, 38, 0)
    assert summary["waived"] == 1


def test_every_agreement_document_in_pima_county_exists() -> None:
    text = (EXAMPLES / "pima-county" / "agreements.yaml").read_text()
    documents = [line.split("document:")[1].strip() for line in text.splitlines()
                 if line.strip().startswith("document:")]
    assert len(documents) == 4
    for document in documents:
        assert (EXAMPLES / "pima-county" / document).is_file(), document
