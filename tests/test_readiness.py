"""Honest readiness: tailoring reaches check, statuses say only what the plan shows, every error
reaches every document, and check, checklist, packet and JSON agree."""

from __future__ import annotations

import shutil
from pathlib import Path

from vaplan.check.checker import check_plan

from conftest import PIMA, TODAY, TODAY_ARGS, run


def _copy(tmp_path: Path, source: Path = PIMA) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(source, plan)
    return plan


def test_tailoring_a_protocol_out_waives_its_findings_in_check(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    roles = plan / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        "\nfunctions:\n", "\nfunctions:\n  - function: memorial_events\n    support: [pima-oem]\n"),
        encoding="utf-8")
    before = run("check", str(plan), *TODAY_ARGS)
    assert before.exit_code == 0 and "VP303" in before.stdout
    assert "1 warning" in before.stdout
    reason = "Memorials are planned by the city's parks department, outside this plan."
    assert run("tailor", str(plan), "memorial-events-protocol", "--reason", reason).exit_code == 0
    result = check_plan(plan, TODAY)
    [finding] = [f for f in result.findings if f.subject == "memorial_events"]
    assert finding.waived == f"tailored out in checklist.yaml: {reason}"
    after = run("check", str(plan), *TODAY_ARGS)
    assert "0 warnings" in after.stdout and "1 waived" in after.stdout
    # other protocols' findings are not waived by it
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        "  - function: contact_list\n    lead: pima-attorney-vs\n",
        "  - function: contact_list\n"), encoding="utf-8")
    still = check_plan(plan, TODAY)
    assert [f.waived for f in still.findings if f.subject == "contact_list"] == [None]
