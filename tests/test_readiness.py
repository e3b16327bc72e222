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


def test_every_error_reaches_every_rendered_document(tmp_path: Path) -> None:
    """A duplicate-id error on a resource gap decides no checklist item, yet the checklist and
    the packet, in Markdown and in Word, both list it in their closing part."""
    import io

    import docx

    from vaplan.checklist.build import build_checklist
    from vaplan.checklist.packet import build_packet
    from vaplan.render import render_docx, render_markdown

    plan = _copy(tmp_path)
    resources = plan / "resources.yaml"
    text = resources.read_text(encoding="utf-8")
    gap_id = text.split("\ngaps:\n  - id: ", 1)[1].split("\n", 1)[0]
    resources.write_text(text.replace("\ngaps:\n", f"\ngaps:\n  - id: {gap_id}\n    need: Again\n"
                                      "    status: open\n    owner: pima-oem\n"
                                      "    raised: 2026-10-01\n"), encoding="utf-8")
    result = check_plan(plan, TODAY)
    [error] = [f for f in result.findings if f.severity.value == "error"]
    assert error.code == "VP005"
    checklist = build_checklist(result)
    for view in (checklist, build_packet(result, checklist)):
        markdown = render_markdown(view)
        closing = markdown.split("## Problems in the plan files", 1)[1]
        assert f"{error.file}:{error.line}:{error.column}: VP005" in closing
        word = docx.Document(io.BytesIO(render_docx(view)))
        paragraphs = [p.text for p in word.paragraphs]
        start = paragraphs.index("Problems in the plan files")
        assert any("VP005" in p for p in paragraphs[start:])
