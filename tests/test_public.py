"""Public copies: personal fields come from the models' marking, and never reach public output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TODAY
from vaplan.checklist.roster import build_roster, normalize_phone
from vaplan.cli.main import app
from vaplan.export.calendar import collect_deadlines, to_ics
from vaplan.export.common import checked_plan
from vaplan.export.roster_formats import FORMATS
from vaplan.load.yamlload import load_yaml
from vaplan.models import FILE_MODELS, Committee, Member, Person
from vaplan.public import is_personal, iter_personal_fields, personal_fields_note, redact

#: Every plan with people's contact details to hide: examples/orlando-florida records none (its
#: sources name no one's phone or email, and the example makes none up).
PLANS = sorted(p.parent for p in (ROOT / "examples").glob("*/committee.yaml")
               if p.parent.name != "orlando-florida") + [
    ROOT / "tests" / "data" / "year-plan"]
EMAIL = re.compile(r"[^@\s\"'<>{},]+@[^@\s\"'<>{},]+\.[A-Za-z]+")


def test_the_models_mark_peoples_contact_fields_as_personal() -> None:
    assert {name for name, f in Person.model_fields.items() if is_personal(f)} == {
        "name", "title", "email", "phone", "phone_24h"}
    assert not any(is_personal(f) for f in Member.model_fields.values())
    paths = set(iter_personal_fields(Committee))
    assert ("members", "representative", "phone") in paths
    assert ("members", "alternate", "email") in paths
    # a partner's representative is personal data too
    assert ("partners", "representative", "name") in paths
    assert all(p[0] in ("members", "partners") for p in paths)


def test_only_committee_the_improvement_plan_and_meetings_hold_personal_fields() -> None:
    holders = {name for name, model in FILE_MODELS.items() if list(iter_personal_fields(model))}
    assert holders == {"committee.yaml", "exercises.yaml", "meetings.yaml"}
    # a meeting's guests are people, named
    assert list(iter_personal_fields(FILE_MODELS["meetings.yaml"])) == [("meetings", "guests")]


def test_the_marking_does_not_change_validation() -> None:
    with pytest.raises(ValueError):
        Person.model_validate({"name": ""})
    with pytest.raises(ValueError):
        Person.model_validate({"title": "Director"})
    with pytest.raises(ValueError):
        Person.model_validate({"name": "A", "email": "not an email"})
    assert Person.model_validate({"name": "A"}).phone is None


def test_the_schema_says_which_fields_are_personal() -> None:
    schema = Committee.model_json_schema()
    person = schema["$defs"]["Person"]["properties"]
    assert person["email"]["personal"] is True
    assert "personal" not in schema["$defs"]["Member"]["properties"]["organization"]


def test_redact_blanks_personal_fields_and_leaves_the_original_alone() -> None:
    committee = checked_plan(ROOT / "tests/data/year-plan", TODAY, ("committee",)).plan.committee
    public = redact(committee)
    assert isinstance(public, Committee)
    for member in public.members:
        assert member.organization
        for person in (member.representative, member.alternate):
            if person is not None:
                assert (person.name, person.title, person.email, person.phone) == (
                    None, None, None, None)
    assert committee.members[0].representative.name == "Sam Lee"
    assert redact("text") == "text"


def test_the_note_names_what_was_left_out() -> None:
    note = personal_fields_note([Committee])
    assert note.startswith("Public copy:")
    for word in ("names", "titles", "email addresses", "phone numbers", "representatives",
                 "alternates"):
        assert word in note


def _secrets(plan: Path) -> set[str]:
    """Every email address, phone number (as written and as normalized) and person's name."""
    raw = (plan / "committee.yaml").read_bytes()
    found = set(EMAIL.findall(raw.decode("utf-8")))
    for member in load_yaml(raw).data.get("members", []):
        for role in ("representative", "alternate"):
            person = member.get(role) or {}
            if person.get("phone"):
                phone = str(person["phone"])
                found |= {phone, normalize_phone(phone)}
                digits = re.sub(r"\D", "", phone)
                if len(digits) >= 7:
                    found.add(digits)
            if person.get("email"):
                found.add(person["email"])
            if person.get("name"):
                found.add(person["name"])
    return {s for s in found if s}


def _public_outputs(plan: Path) -> dict[str, str]:
    result = checked_plan(plan, TODAY, ("vaplan", "committee"))
    roster = build_roster(result, TODAY,
                          public=True)
    outputs = {}
    for name, render in FORMATS.items():
        data = render(roster)
        outputs[name] = _docx_text(data) if isinstance(data, bytes) else data
    outputs["ics"] = to_ics(collect_deadlines(result.plan, result.checks, TODAY,
                                              result.facts_on(TODAY)),
                            result.community, TODAY).decode("utf-8")
    return outputs


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(texts)


def _unfolded(text: str) -> str:
    """vCard and iCalendar fold long lines and escape commas; undo both before searching."""
    return text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")


@pytest.mark.parametrize("plan", PLANS, ids=[p.name for p in PLANS])
def test_no_contact_detail_of_the_plan_appears_in_any_public_output(plan: Path) -> None:
    secrets = _secrets(plan)
    assert any("@" in s for s in secrets)
    for name, text in _public_outputs(plan).items():
        text = _unfolded(text)
        leaked = sorted(s for s in secrets if s in text)
        assert not leaked, f"the public {name} output holds {leaked}"


@pytest.mark.parametrize("plan", PLANS, ids=[p.name for p in PLANS])
def test_every_public_roster_says_it_is_a_public_copy(plan: Path) -> None:
    outputs = _public_outputs(plan)
    for name in FORMATS:
        assert "Public copy" in _unfolded(outputs[name]), name


def test_public_export_through_the_command_line(tmp_path: Path) -> None:
    plan = ROOT / "tests/data/year-plan"
    out = tmp_path / "roster.md"
    result = CliRunner().invoke(app, ["export", "roster", str(plan), "-f", "md", "--public",
                                      "-o", str(out), "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Public copy" in text
    assert not any(s in text for s in _secrets(plan))
