"""Version 3 records (issue 20): partners, a national level, sites, funding, documents on the
web, the languages residents speak and the committee's meetings, checked on a plan that uses
them all (tests/data/records-plan): exactly the findings that are true of it, and no more."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from conftest import TODAY, TODAY_ARGS, run
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist

PLAN = Path(__file__).parent / "data" / "records-plan"

#: Every finding true of the plan on TODAY, and why.
EXPECTED = [
    # the AEAP grant and its subaward run out on 2027-01-31, within the 90 days' warning
    ("VP503", "agreements.yaml", 20, 5),
    ("VP503", "agreements.yaml", 29, 5),
    # no member names an alternate: the steering member and the leads of required protocols
    ("VP108", "committee.yaml", 3, 5),
    ("VP108", "committee.yaml", 4, 5),
    ("VP108", "committee.yaml", 5, 5),
    ("VP108", "committee.yaml", 6, 5),
    ("VP108", "committee.yaml", 9, 5),
    # Vietnamese (9%) is spoken by no one; Spanish (21%) by the police and a partner
    ("VP111", "vaplan.yaml", 11, 7),
]


def _copy(tmp_path: Path) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    return plan


def test_the_plan_checks_with_exactly_the_findings_true_of_it() -> None:
    result = check_plan(PLAN, TODAY)
    assert Counter((f.code, f.file, f.line, f.column) for f in result.findings) == \
        Counter(EXPECTED)
    # partners are named as parties, providers, participants, owners and attendees (VP006
    # finds nothing), a national fund and a federal office are not asked for a local MOU
    # (VP501), the grant's and subaward's web documents count as existing (VP505), the real
    # incident has a year for its report and the call-down owes none (VP702)
    assert not result.skipped or all("checklist.yaml" in s.reason for s in result.skipped)


def test_the_language_no_one_speaks_is_named_with_its_share_and_the_covered_one_is_not() -> None:
    messages = [f.message for f in check_plan(PLAN, TODAY).findings if f.code == "VP111"]
    assert messages == ["Vietnamese is spoken at home by 9% of residents, and no member, "
                        "partner or resource on the plan speaks it"]


def test_a_partner_that_speaks_the_language_covers_it(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    path = plan / "committee.yaml"
    path.write_text(path.read_text().replace("    languages: [spanish]",
                                             "    languages: [spanish, VIETNAMESE]"))
    assert not [f for f in check_plan(plan, TODAY).findings if f.code == "VP111"]


def test_the_checklist_shows_the_site_the_funding_and_the_languages() -> None:
    checklist = build_checklist(check_plan(PLAN, TODAY))
    site, = checklist.sites
    assert (site.name, site.address, site.capacity, site.provider, site.agreement) == (
        "Base Civic Center", "100 Main St, Base City, AZ 85000", "300 people",
        "Base City Manager", "Civic center MOA, in force until 2028-01-14")
    grant, subaward = checklist.funding
    assert (grant.applicant, grant.recipient, grant.source, grant.amount) == (
        "Base City Manager", "Base City Manager", "Office for Victims of Crime", "$1,500,000")
    assert (subaward.applicant, subaward.recipient, subaward.amount, subaward.purpose) == (
        "Base City Manager", "Base Legal Aid", "$250,000.50",
        "Civil legal help for victims and families")
    assert [(row.language, row.share, row.covered) for row in checklist.languages] == [
        ("Spanish", "21%", True), ("Vietnamese", "9%", False)]
    items = {item.id: item for item in checklist.items}
    assert items["language-access"].status == "gap"
    assert items["sites-chosen"].status == "met"
    assert items["sites-chosen"].shown == (
        "Base Civic Center, 100 Main St, Base City, AZ 85000, family assistance center, "
        "family reception center, 300 people, secured by the Civic center MOA, in force until "
        "2028-01-14",)


def test_the_rendered_checklist_names_partners_and_the_site_address() -> None:
    result = run("render", PLAN, "--format", "md", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert "| Base Civic Center | 100 Main St, Base City, AZ 85000 |" in result.stdout
    assert "Office for Victims of Crime" in result.stdout  # a partner, by name
    assert "Vietnamese | 9% | ✖ no one on the plan" in result.stdout


def test_the_next_meeting_is_the_earliest_dated_today_or_later() -> None:
    meeting = check_plan(PLAN, TODAY).facts.next_meeting
    assert meeting is not None
    assert (str(meeting.day), meeting.place, meeting.index) == (
        "2026-12-10", "Emergency Operations Center", 2)


def test_a_duplicated_id_is_an_error_and_action_done_refuses_to_guess(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    path = plan / "exercises.yaml"
    text = path.read_text()
    path.write_text(text + """  - id: vietnamese-interpreters
    source: fac-tabletop
    issue: The interpreters' roster is out of date.
    action: Update the roster.
    owner: red-cross
""")
    found = [f for f in check_plan(plan, TODAY).findings if f.code == "VP005"]
    assert [(f.severity.value, f.file, f.line) for f in found] == [("error", "exercises.yaml", 31)]
    result = run("action", "done", "vietnamese-interpreters", plan, *TODAY_ARGS)
    assert result.exit_code == 2, result.output
    assert 'have the id "vietnamese-interpreters"' in result.output
    assert "vaplan cannot tell which one you mean" in result.output
    assert path.read_text() == text + """  - id: vietnamese-interpreters
    source: fac-tabletop
    issue: The interpreters' roster is out of date.
    action: Update the roster.
    owner: red-cross
"""


def test_a_document_sent_in_the_clear_is_refused_in_plain_words(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    path = plan / "agreements.yaml"
    path.write_text(path.read_text().replace("https://example.org/aeap/award-letter.pdf",
                                             "http://example.org/aeap/award-letter.pdf"))
    result = run("check", plan, "--format", "json", *TODAY_ARGS)
    schema = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "VP002"]
    assert [(f["file"], f["line"]) for f in schema] == [("agreements.yaml", 23)]
    assert '"http://example.org/aeap/award-letter.pdf" starts with http://; a document on the ' \
        "web is written with its https:// address" in schema[0]["message"]


def test_partner_representatives_and_meeting_guests_are_personal_data() -> None:
    """What every public copy leaves out (vaplan.public) includes them."""
    from vaplan.load.plan import load_plan
    from vaplan.public import personal_texts

    personal = personal_texts({name: loaded.data for name, loaded in load_plan(PLAN).files.items()
                               if loaded is not None})
    assert {"ivy", "tran", "quinn", "okafor"} <= personal.tokens


def test_the_public_checklist_shows_partners_but_not_their_people() -> None:
    result = run("render", PLAN, "--format", "md", "--public", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    for word in ("Ivy", "Tran", "Quinn", "Okafor", "520-555-0110"):
        assert word not in result.stdout
    assert "partners" in result.stdout  # the public note names whose details are left out


def test_the_response_kit_names_the_site_its_address_and_the_languages() -> None:
    result = run("render", PLAN, "--kind", "response", "--format", "md", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert ("**Site:** Base Civic Center, 100 Main St, Base City, AZ 85000; for 300 people; "
            "secured by Civic center MOA (in force until 2028-01-14)") in result.stdout
    assert "- Vietnamese (9%): no one on the plan" in result.stdout


def test_the_recovery_kit_names_the_emergency_funding() -> None:
    result = run("render", PLAN, "--kind", "recovery", "--format", "md", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    text = result.stdout.replace("\\", "")  # Markdown escapes, such as \$
    assert ("Base City Manager applies for and receives $1,500,000 from Office for Victims of "
            "Crime") in text
    assert ("Base City Manager passes $250,000.50 on to Base Legal Aid, for: Civil legal help "
            "for victims and families") in text


def test_editors_underline_a_document_sent_in_the_clear() -> None:
    """The schema `vaplan schema` writes takes a path or an https:// address, as check does."""
    import jsonschema

    from vaplan.export.schema import plan_schemas

    schema = plan_schemas()["agreements.schema.json"]
    def valid(document: str) -> bool:
        record = {"agreements": [{"id": "a", "type": "grant", "title": "A", "parties": ["x", "y"],
                                  "document": document}]}
        return jsonschema.Draft202012Validator(schema).is_valid(record)

    assert valid("agreements/award.pdf") and valid("https://example.org/award.pdf")
    assert not valid("http://example.org/award.pdf") and not valid("ftp://example.org/a.pdf")


def test_the_after_action_command_takes_a_web_address_and_refuses_http(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    refused = run("exercise", "after-action", "main-street-shooting",
                  "http://example.org/aar.pdf", plan)
    assert refused.exit_code == 2
    assert '"http://example.org/aar.pdf" starts with http://' in refused.output
    taken = run("exercise", "after-action", "main-street-shooting",
                "https://example.org/base-city/shooting-aar.pdf", plan)
    assert taken.exit_code == 0, taken.output
    assert "after_action: https://example.org/base-city/shooting-aar.pdf" in \
        (plan / "exercises.yaml").read_text()
