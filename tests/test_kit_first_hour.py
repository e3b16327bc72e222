"""The kits as the people who hold them on the night read them (issue 21): the first hour on
page 1 with owners and numbers, every protocol the plan leads, the plan's own words under each,
gaps printed loud, a recovery kit of its own, and every item's real source."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from conftest import PIMA, RIVERSIDE, ROOT, TODAY, TODAY_ARGS, counts_pages, run
from vaplan.catalogue import kits
from vaplan.check.checker import check_plan
from vaplan.checklist.kit import build_kit
from vaplan.render import render_docx


def _kit(plan: Path, phase: str, *extra: str) -> str:
    result = run("render", str(plan), "--kind", phase, *TODAY_ARGS, *extra)
    assert result.exit_code == 0, result.output
    return result.stdout


def _page_one(text: str) -> str:
    return text.split("## Who does what")[0]


def test_the_first_hour_opens_the_response_kit_with_owners_and_24_hour_numbers() -> None:
    text = _kit(PIMA, "response")
    assert text.index("## The first hour") < text.index("## Start the call-down")
    first = text.split("## The first hour")[1].split("## Start the call-down")[0]
    rows = [line for line in first.splitlines() if line.startswith("| ") and
            line.split("|")[1].strip().isdigit()]
    assert [r.split("|")[2].strip().split(".")[0] for r in rows] == [
        "Start the call-down", "Send the victim assistance liaison to incident command",
        "Open the family reception and notification site and the family information line",
        "Send a representative to the joint information center",
        "Start one list of the victims, kept with law enforcement, the medical examiner and the "
        "hospitals"]
    # the call-down falls to the member the call tree calls first, with its 24-hour number
    assert "| Pima County Office of Emergency Management | Daniel Whitfield" in rows[0]
    assert "24 h (520) 555-0203" in rows[0]
    assert "| City of Tucson, City Manager's Office |" in rows[3]
    assert "vaplan's adaptation" in first  # the order is ours, and the kit says so


def test_a_first_hour_owner_who_cannot_be_called_at_night_is_loud() -> None:
    first = _kit(RIVERSIDE, "response").split("## Start the call-down")[0]
    jic = next(line for line in first.splitlines() if "joint information center" in line)
    assert "⚠ **Email only: no phone for the representative in the plan; call the " \
           "alternate.**" in jic
    victims = next(line for line in first.splitlines() if "list of the victims" in line)
    assert "⚠ **No 24-hour number for the representative or an alternate" in victims


def test_page_one_says_when_the_plan_has_no_place_for_the_family_assistance_center() -> None:
    """Where families go is the first question at 2 a.m.: Riverside's plan chooses no site for
    the family assistance center (VP404), and its first hour said nothing of it; Pima's names
    the fairgrounds and no warning."""
    riverside = _kit(RIVERSIDE, "response").split("## Start the call-down")[0]
    fac = next(line for line in riverside.splitlines() if "family reception" in line)
    assert "⚠ **No site chosen ahead for the family assistance center: the plan names no " \
           "place.**" in fac
    pima = _kit(PIMA, "response").split("## Start the call-down")[0]
    fac = next(line for line in pima.splitlines() if "family reception" in line)
    assert "At: Pima County Fairgrounds, exhibit hall" in fac and "⚠" not in fac
    assert "No site chosen" not in _kit(RIVERSIDE, "response", "--public")


def test_page_one_names_who_activates_and_who_does_death_notification() -> None:
    page = _page_one(_kit(PIMA, "response"))
    assert ("**Who starts it:** Pima County Office of Emergency Management: Daniel Whitfield, "
            "Planning Section Chief: 24 h (520) 555-0203") in page
    notification = next(line for line in page.splitlines()
                        if line.startswith("| Death notification"))
    assert "Pima County Office of the Medical Examiner" in notification
    # the alternate's 24-hour number is in "who leads what" too
    assert "Dr. Carla Whitehorse, Deputy Medical Examiner: 24 h (520) 555-0415" in notification


@pytest.mark.parametrize("plan", [PIMA, RIVERSIDE])
def test_every_protocol_the_plan_leads_appears_in_the_kit_of_its_phase(plan: Path) -> None:
    result = check_plan(plan, TODAY)
    facts = result.facts_on(TODAY)
    for phase in ("response", "recovery"):
        kit = build_kit(result, phase)
        shown = {p.id for p in kit.protocols}
        for function in kits().protocol_phases[phase]:
            evidence = facts.protocols.get(function)
            if evidence is not None and evidence.leads:
                assert function in shown, f"{function} is led but not in the {phase} kit"


def test_a_protocol_shows_the_plans_own_words_and_its_agreements() -> None:
    text = _kit(RIVERSIDE, "response")
    fac = text.split("### Family assistance center")[1].split("### ")[0]
    assert "**What the plan asks of the lead:**" in fac
    assert "**Agreement:** Family Assistance Center MOA: EXPIRED on 2026-06-30" in fac
    assert "⚠ **The Family Assistance Center MOA behind it expired on 2026-06-30.**" in fac
    pima = _kit(PIMA, "response").split("### Committee meeting")[1].split("### ")[0]
    assert "**Where it is written:** Pima County EOP, Annex M" in pima


def test_gaps_are_loud_and_a_protocol_without_a_lead_says_so() -> None:
    text = _kit(RIVERSIDE, "response")
    notification = text.split("### Death notification (victim notification)")[1].split("### ")[0]
    assert "**Leads:** none named" in notification
    assert "- ⚠ **No lead named in the plan: no one is expected to start this.**" in notification
    identification = text.split("### Victim identification")[1].split("### ")[0]
    assert "- ⚠ **Not in the call tree: call directly.**" in identification


def test_the_public_kit_holds_no_gap_and_says_once_what_it_leaves_out() -> None:
    text = _kit(RIVERSIDE, "response", "--public")
    assert "⚠" not in text
    assert "No lead named" not in text
    assert text.count("left out") == 1
    assert "Gaps in the call tree" not in text


def test_the_recovery_kit_is_its_own_document() -> None:
    text = _kit(PIMA, "recovery")
    assert text.startswith("# Recovery kit: Pima County, Arizona")
    assert "Start the call-down" not in text and "What starts it" not in text
    assert "Call in this order" not in text
    assert "### Steering committee" not in text
    for protocol in ("Volunteer management", "Donation management", "Emergency funding"):
        assert f"### {protocol}" in text
    riverside = _kit(RIVERSIDE, "recovery")
    # memorials are optional and not in Riverside's plan: said as the checklist says it
    assert "Optional protocols that are not part of this plan:" in riverside
    assert "Memorials and special events" in riverside.split("Optional protocols")[1]
    assert "### Memorials" not in riverside


def test_the_word_kit_is_titled_by_its_kind_and_community(tmp_path: Path) -> None:
    for phase, title in (("response", "Incident-day response kit"), ("recovery", "Recovery kit")):
        data = render_docx(build_kit(check_plan(PIMA, TODAY), phase))
        document = docx.Document(io.BytesIO(data))
        assert document.core_properties.title == f"{title}: Pima County, Arizona"


def test_the_word_kit_prints_gaps_in_bold_with_a_mark() -> None:
    data = render_docx(build_kit(check_plan(RIVERSIDE, TODAY), "response"))
    document = docx.Document(io.BytesIO(data))
    glance = document.tables[1]
    runs = [run for row in glance.rows for p in row.cells[2].paragraphs for run in p.runs
            if "⚠" in run.text]
    assert runs and all(run.bold for run in runs)
    assert any("expired on 2026-06-30" in run.text for run in runs)


def test_no_item_claims_the_checklists_when_it_was_read_elsewhere() -> None:
    catalogue = kits()
    checklists = {"ovc-response", "ovc-matrix", "ovc-recovery"}
    for entry in (*catalogue.items, *catalogue.first_hour):
        if entry.confidence == "confirmed":
            assert set(entry.sources) <= checklists, (
                f"{entry.id} says it was read in the OVC checklist or matrix but cites "
                f"{entry.sources}")
    by_id = {item.id: item for item in catalogue.items}
    for item in ("RS-VOL-01", "RS-DON-01", "RC-EFA-01"):
        assert by_id[item].confidence == "other-ovc"


@counts_pages
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("plan", ["pima-county", "riverside-city", "orlando-florida"])
def test_printed_page_one_answers_the_nights_questions(tmp_path: Path, plan: str) -> None:
    """On the printed first page of the Word kit: who starts the call-down, the family
    assistance center's lead and who does death notifications, beside the first hour."""
    out = tmp_path / "kit.docx"
    assert run("render", ROOT / "examples" / plan, "--kind", "response", "-o", out,
               *TODAY_ARGS).exit_code == 0
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=240)
    page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout",
                           str(tmp_path / "kit.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    for words in ("The first hour", "Who starts it:", "Family assistance center",
                  "Death notification"):
        assert words in page, f"{words!r} is not on page 1"


def test_a_first_hour_action_without_a_lead_names_the_protocol_in_words() -> None:
    """Orlando names no lead for the contact list: page 1 said "the plan has no lead for
    contact list", a protocol's name lower-cased into a sentence that lacks its article."""
    from conftest import EXAMPLES

    first = _kit(EXAMPLES / "orlando-florida", "response").split("## Start the call-down")[0]
    call_down = next(line for line in first.splitlines() if "| Start the call-down." in line)
    assert ("⚠ **No one is named for this: the plan names no lead for the Contact list "
            "protocol.**") in call_down
