"""`vaplan render --kind response|recovery`: the incident-day kits, golden Markdown for both
examples, tailoring in checklist.yaml, public copies, Markdown escaping and the Word kit.

UPDATE_GOLDEN=1 python -m pytest tests/test_kit_render.py rewrites the kits' golden files.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from conftest import PIMA, RIVERSIDE, ROOT, TODAY, TODAY_ARGS, assert_golden, copy_plan, run
from vaplan.catalogue import kits
from vaplan.check.checker import check_plan
from vaplan.checklist.kit import READ_IN_PART, build_kit
from vaplan.render import check_template, render_docx, render_markdown

GOLDEN = Path(__file__).parent / "golden"
PLANS = {"pima-county": PIMA, "riverside-city": RIVERSIDE}


@pytest.mark.parametrize("phase", ["response", "recovery"])
@pytest.mark.parametrize("name", sorted(PLANS))
def test_kit_markdown_matches_golden(name: str, phase: str) -> None:
    text = run("render", str(PLANS[name]), "--kind", phase, *TODAY_ARGS).stdout
    assert_golden(text, f"{name}-{phase}.md", "tests/test_kit_render.py")


def test_response_kit_opens_with_the_trigger_and_the_call_tree_in_order() -> None:
    text = run("render", str(PIMA), "--kind", "response", *TODAY_ARGS).stdout
    first_page = text.split("## Who does what")[0]
    assert "**What starts it:** Incident command or the county duty officer" in first_page
    call_down = first_page.split("## Start the call-down")[1]
    rows = [line for line in call_down.splitlines() if line.startswith("| ") and
            line.split("|")[1].strip().isdigit()]
    assert rows[0].startswith("| 1 | Pima County Office of Emergency Management | Training and "
                              "exercises, Incident command system, Family assistance center | "
                              "called first")
    assert "24 h (520) 555-0203" in rows[0] and "Rosa Lindqvist" in rows[0]
    assert len(rows) == 15  # Pima's call tree reaches every member, each once
    assert "Gaps in the call tree" not in first_page


def test_every_item_carries_its_source_and_confidence_and_the_kit_says_it_is_partial() -> None:
    for phase in ("response", "recovery"):
        result = check_plan(PIMA, TODAY)
        kit = build_kit(result, phase)
        # the kit's items are those of the protocols it shows: Pima leaves out the optional
        # family reception center, so its items are in neither the body nor the appendix
        included = result.facts_on(TODAY).protocols
        ours = [i for i in kits().phase(phase)
                if (e := included.get(i.protocol)) is not None and e.included]
        assert phase == "recovery" or len(ours) < len(kits().phase(phase))
        assert [e.id for e in kit.items] == [i.id for i in ours]
        assert not any(e.protocol == "Family reception center" for e in kit.items)
        assert all(e.sources and e.confidence for e in kit.items)
        text = render_markdown(kit)
        assert READ_IN_PART in text.replace("\\", "")
        adapted = [i.id for i in ours if i.confidence in ("partial", "related")]
        assert f"Adaptations in this kit, by item id: {', '.join(adapted)}." in text


def test_every_kit_item_sits_under_a_protocol_of_its_kit() -> None:
    """The recovery kit's "take part in the debriefing that incident command holds" was printed
    only in the appendix: incident command was not among the recovery kit's protocols, so no
    one saw it as a task with a box to tick. Each item's protocol is one its kit shows."""
    catalogue = kits()
    for phase in ("response", "recovery"):
        for item in catalogue.phase(phase):
            assert item.protocol in catalogue.protocol_phases[phase], (phase, item.id)
    text = run("render", str(PIMA), "--kind", "recovery", *TODAY_ARGS).stdout
    section = text.split("### Incident command system")[1].split("\n### ")[0]
    assert "- [ ] Take part in the debriefing that incident command holds." in section


def test_riverside_kit_names_whom_the_call_tree_misses_with_their_number() -> None:
    text = run("render", str(RIVERSIDE), "--kind", "response", *TODAY_ARGS).stdout
    assert ("- ⚠ **Not reached by the call tree, call directly: Riverside County Sheriff-Coroner, "
            "Coroner's Bureau, Lt. Gary Polanski, Coroner's Bureau Supervisor: (951) 555-0130**"
            in text)


def _copy(tmp_path: Path, plan: Path = PIMA) -> Path:
    return copy_plan(tmp_path, plan)


def test_an_item_tailored_out_in_checklist_yaml_leaves_the_kit(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    (plan / "checklist.yaml").write_text(
        "items:\n  RS-DON-02:\n    applicable: false\n"
        "    reason: The community foundation runs the fund under its own rules.\n",
        encoding="utf-8")
    check = run("check", str(plan), *TODAY_ARGS)
    assert "VP601" not in check.stdout and check.exit_code == 0
    text = run("render", str(plan), "--kind", "response", *TODAY_ARGS).stdout
    texts = {i.id: " ".join(i.text.split()) for i in kits().phase("response")}
    body = text.split("## For the plan's keeper")[0].replace("\\", "")
    assert texts["RS-DON-02"] not in body and texts["RS-DON-01"] in body
    assert "RS-DON" not in body  # item ids only in the part for the plan's keeper
    assert "- RS-DON-02: The community foundation runs the fund under its own rules." in text


def test_a_misspelled_kit_item_is_still_unknown(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    (plan / "checklist.yaml").write_text("items:\n  RS-DON-99:\n    applicable: false\n"
                                         "    reason: no\n", encoding="utf-8")
    assert "VP601" in run("check", str(plan), *TODAY_ARGS).stdout


def _personal(plan: Path) -> list[str]:
    data = yaml.safe_load((plan / "committee.yaml").read_text(encoding="utf-8"))
    values = []
    for member in data["members"]:
        for person in (member.get("representative"), member.get("alternate")):
            for key in ("name", "email", "phone", "phone_24h"):
                if person and person.get(key):
                    values.append(str(person[key]))
    return values


@pytest.mark.parametrize("phase", ["response", "recovery"])
@pytest.mark.parametrize("name", sorted(PLANS))
def test_public_kit_holds_no_personal_data_and_says_so(name: str, phase: str,
                                                       tmp_path: Path) -> None:
    text = run("render", str(PLANS[name]), "--kind", phase, "--public", *TODAY_ARGS).stdout
    assert "> Public copy:" in text
    leaked = [value for value in _personal(PLANS[name]) if value in text]
    assert leaked == []
    out = tmp_path / "kit.docx"
    assert run("render", str(PLANS[name]), "--kind", phase, "--public", "-o", str(out),
               *TODAY_ARGS).exit_code == 0
    word = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    word += "\n".join(c.text for t in docx.Document(str(out)).tables for r in t.rows
                      for c in r.cells)
    assert "Public copy:" in word
    assert [value for value in _personal(PLANS[name]) if value in word] == []


def test_plan_text_cannot_make_markdown_links_or_emphasis(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    path = plan / "committee.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    Incident command or the county duty officer declares",
        "    [Click here](https://evil.example) *now* <b>or</b> | the duty officer declares")
    path.write_text(text, encoding="utf-8")
    kit = run("render", str(plan), "--kind", "response", *TODAY_ARGS).stdout
    assert ("\\[Click here\\](https://evil.example) \\*now\\* \\<b\\>or\\</b\\> \\| the duty "
            "officer declares" in kit)


def test_word_kit_holds_the_call_tree_and_the_blanks(tmp_path: Path) -> None:
    out = tmp_path / "kit.docx"
    assert run("render", str(PIMA), "--kind", "response", "-o", str(out),
               *TODAY_ARGS).exit_code == 0
    document = docx.Document(str(out))
    # page 1: the first hour, then who leads each protocol with the number to call, before
    # the call-down itself
    first, glance = document.tables[0], document.tables[1]
    assert [c.text for c in first.rows[0].cells] == ["#", "Do this", "Who", "How to reach them"]
    assert first.rows[1].cells[1].text.startswith("Start the call-down.")
    assert glance.rows[0].cells[0].text == "Protocol"
    assert any("24\xa0h" in row.cells[2].text for row in glance.rows[1:])
    calls = document.tables[2]
    assert calls.rows[1].cells[1].text.startswith("Pima County Office of Emergency Management")
    # a phone number never breaks across lines in a narrow cell (no-break spaces)
    assert "24\xa0h\xa0(520)\xa0555\u20110203" in calls.rows[1].cells[2].text
    body = [p.text for p in document.paragraphs]
    assert any(line.startswith("Time convened: ____") for line in body)
    assert render_docx(build_kit(check_plan(PIMA, TODAY), "response")) == \
        render_docx(build_kit(check_plan(PIMA, TODAY), "response"))


def test_bundled_kit_templates_pass_their_own_check() -> None:
    templates = ROOT / "templates"
    for kind in ("response", "recovery"):
        assert check_template(templates / "kit.md.j2", kind) == []
        assert check_template(templates / "kit.docx", kind) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_both_kits(tmp_path: Path) -> None:
    for phase in ("response", "recovery"):
        out = tmp_path / f"{phase}.docx"
        run("render", str(PIMA), "--kind", phase, "-o", str(out), *TODAY_ARGS)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                        str(tmp_path), str(out)], check=True, capture_output=True, timeout=180)
        assert (tmp_path / f"{phase}.pdf").stat().st_size > 10_000


def test_a_broken_committee_file_is_said_not_taken_for_an_empty_committee(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    (plan / "committee.yaml").write_text("members: 3\n", encoding="utf-8")
    result = run("render", str(plan), "--kind", "response", *TODAY_ARGS)
    assert result.exit_code == 0
    assert "- ⚠ **The committee list is missing or has errors" in result.stdout
    assert "### Problems in the plan files" in result.stdout
    assert "committee.yaml:1:" in result.stdout


def test_a_kit_template_checked_as_a_checklist_is_pointed_to_its_kind() -> None:
    result = run("template", "check", str(ROOT / "templates" / "kit.md.j2"))
    assert result.exit_code == 1
    assert "kit.md.j2 has no problems as a response template; check it with --kind response" \
        in result.stdout


ORLANDO = ROOT / "examples" / "orlando-florida"
_SUBAWARD = "AEAP subrecipient agreement, Florida Office of the Attorney General to the City of Orlando"


def test_an_agreement_the_committee_waived_is_no_alarm_in_the_kit(tmp_path: Path) -> None:
    """Orlando's committee waived the missing signature date of its subaward (the date is not
    in the public record): the kit says so once, calmly, and raises no warning over it; with
    the waiver taken out the warning is back on the protocol's row."""
    kit = run("render", ORLANDO, "--kind", "response", *TODAY_ARGS).stdout
    assert f"{_SUBAWARD}: not signed; the committee waived it" in kit
    assert f"The {_SUBAWARD} behind it is not signed." not in kit
    plan = _copy(tmp_path, ORLANDO)
    agreements = plan / "agreements.yaml"
    text = agreements.read_text(encoding="utf-8")
    start = text.index("  - id: aeap-subaward-orlando")
    waiver = text.index("    waivers:\n", start)
    end = text.index("\n", text.index("agreement-unsigned:", waiver)) + 1
    agreements.write_text(text[:waiver] + text[end:], encoding="utf-8")
    kit = run("render", plan, "--kind", "response", *TODAY_ARGS).stdout
    assert f"⚠ **The {_SUBAWARD} behind it is not signed.**" in kit
    assert f"{_SUBAWARD}: not signed" in kit
