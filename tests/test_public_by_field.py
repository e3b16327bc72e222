"""Public copies by field, never by cutting text (issue 23): organizations' names and vaplan's
own words stay whole; people go; a public copy says once what it leaves out and lists no
weaknesses (no to-do list, no problems, no protocol said to have no lead)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, PIMA, RIVERSIDE, TODAY_ARGS, run
from vaplan.public import LEFT_OUT, personal_texts, scrub_text
from vaplan.text import markdown_text

KINDS = ("checklist", "packet", "response", "recovery")


def _public(plan: Path, kind: str) -> str:
    result = run("render", plan, "--kind", kind, "--public", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    return result.stdout


def _people(plan: Path) -> set[str]:
    committee = yaml.safe_load((plan / "committee.yaml").read_text(encoding="utf-8"))
    return {person["name"] for member in committee["members"]
            for person in (member.get("representative"), member.get("alternate"))
            if person and person.get("name")}


@pytest.mark.parametrize("plan", [PIMA, RIVERSIDE, EXAMPLES / "orlando-florida"],
                         ids=lambda p: p.name)
@pytest.mark.parametrize("kind", KINDS)
def test_a_public_copy_could_be_posted(plan: Path, kind: str) -> None:
    text = _public(plan, kind)
    assert markdown_text(LEFT_OUT) not in text  # nothing cut out of a sentence or a name
    assert text.count("Public copy:") == 1  # said once, at the top
    assert not [name for name in _people(plan) if name in text]
    assert "## Next steps" not in text and "no lead named" not in text


def test_organization_names_and_vaplans_own_words_stay_whole() -> None:
    checklist = _public(PIMA, "checklist")
    assert "Ramos & Whitaker LLP (pro bono program)" in checklist  # Jonathan Ramos's firm
    response = _public(PIMA, "response")
    assert "Ramos & Whitaker LLP (pro bono program)" in response
    assert "the National Park Service" in response  # Helen Park sits on the committee


def test_free_text_quoting_a_person_is_still_scrubbed() -> None:
    personal = personal_texts({"committee.yaml": {"members": [
        {"id": "law", "organization": "Ramos & Whitaker LLP",
         "representative": {"name": "Jonathan Ramos"}}]}})
    assert scrub_text("Ramos & Whitaker LLP signed.", personal) == "Ramos & Whitaker LLP signed."
    assert scrub_text("Call Mr. Ramos about it.", personal) == f"Call Mr. {LEFT_OUT} about it."
    assert scrub_text("Jonathan Ramos of Ramos & Whitaker LLP", personal) == (
        f"{LEFT_OUT} of Ramos & Whitaker LLP")


def test_the_lower_case_words_of_a_capitalized_name_name_no_one() -> None:
    personal = personal_texts({"committee.yaml": {"members": [
        {"id": "a", "organization": "A", "representative": {
            "name": "Representative (placeholder, not named in the public record)"}},
        {"id": "b", "organization": "B", "representative": {"name": "Maria de la Cruz"}},
        {"id": "c", "organization": "C", "representative": {"name": "dana ocampo"}}]}})
    assert scrub_text("The plan's file is public.", personal) == "The plan's file is public."
    assert scrub_text("Ask Ms. Cruz, de la Torre's deputy.", personal) == (
        f"Ask Ms. {LEFT_OUT}, de la Torre's deputy.")
    assert scrub_text("Dana will call.", personal) == f"{LEFT_OUT} will call."  # all lower case
