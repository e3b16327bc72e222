"""build_checklist: statuses, responsible agencies, tailoring and the readiness score."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import RIVERSIDE, TODAY, copy_plan
from vaplan.check.checker import check_plan
from vaplan.check.many import check_plans
from vaplan.checklist.build import Checklist, build_checklist, checklist_progress

PLAN = Path(__file__).parent / "data" / "render-plan"


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return build_checklist(check_plan(PLAN, TODAY))


def _items(checklist: Checklist) -> dict:
    return {item.id: item for item in checklist.items}


def test_every_status_appears(checklist: Checklist) -> None:
    items = _items(checklist)
    assert items["committee-assembled"].status == "met"
    assert items["committee-minimum-disciplines"].status == "gap"
    assert items["review-existing-plans"].status == "confirmed"
    assert items["review-existing-plans"].detail.startswith("on 2026-03-12: Reviewed")
    assert items["victim-services-in-all-planning"].status == "to_confirm"
    assert items["memorial-events-protocol"].status == "not_applicable"
    assert "memorial committee" in items["memorial-events-protocol"].detail
    assert items["mission-statement"].status == "waived"


def test_gap_carries_its_findings(checklist: Checklist) -> None:
    gap = _items(checklist)["committee-minimum-disciplines"]
    # one cause, one line: the rule's two findings said once, with what they concern
    assert [e.code for e in gap.evidence] == ["VP101"]
    assert gap.evidence[0].plain == ("2 required disciplines are missing from the committee "
                                     "or lack a sector: Legal services and City government")
    assert "city_government" in gap.evidence[0].message
    assert all(e.place.startswith("committee.yaml:") for e in gap.evidence)


def test_a_waived_finding_beside_an_open_one_is_still_a_gap(checklist: Checklist) -> None:
    item = _items(checklist)["partners-have-agreements"]
    assert item.status == "gap"
    assert item.detail == "1 problem, 1 more set aside"


def test_protocol_findings_stay_with_their_function(checklist: Checklist) -> None:
    items = _items(checklist)
    assert items["communications-protocol"].status == "gap"
    # its status says "no lead named"; the finding is not listed a second time under it
    assert "no lead named" in items["communications-protocol"].detail
    assert [e.code for e in items["communications-protocol"].evidence] == []
    assert items["volunteer-management-protocol"].status == "gap"
    # the contact list's own entry is complete, but a member cannot be reached or the
    # membership review is overdue: findings of other records that its sentence promises
    contact = items["contact-list-protocol"]
    assert contact.status == "partial"
    assert {e.code for e in contact.evidence} <= {"VP104", "VP107"}
    # optional protocols the plan does not have are not held against it
    assert items["first-responder-support-protocol"].status == "optional"
    assert items["behavioral-health-protocol"].status == "met"


def test_responsible_agencies(checklist: Checklist) -> None:
    items = _items(checklist)
    assert items["steering-committee"].responsible == (
        "Harbor County District Attorney | Victim Assistance")
    assert items["contact-list-protocol"].responsible == "Harbor County Emergency Management"
    assert items["communications-protocol"].responsible == "Not assigned"
    assert items["in-emergency-plans"].responsible == "Harbor County Emergency Management"


def test_own_items_join_their_section_or_start_one(checklist: Checklist) -> None:
    sections = {s.title: s for s in checklist.sections}
    protocols = sections["Have victim assistance protocols in place before an incident"]
    assert protocols.items[-1].id == "tabletop-2027"
    assert protocols.items[-1].status == "to_confirm"
    overdue = sections["Language access"].items[0]
    assert (overdue.id, overdue.status, overdue.responsible) == (
        "translate-plan", "gap", "Coast Legal Aid")


def test_readiness_formula(checklist: Checklist) -> None:
    items = checklist.items
    applicable = [i for i in items if i.status not in ("not_applicable", "optional")]
    ready = [i for i in applicable if i.status in ("met", "confirmed", "waived")]
    assert (checklist.score.ready, checklist.score.applicable) == (len(ready), len(applicable))
    assert checklist.score.percent == len(ready) * 100 // len(applicable)
    for section in checklist.sections:
        assert section.score.applicable == sum(
            1 for i in section.items if i.status not in ("not_applicable", "optional"))


def test_roster_coverage_gaps_and_agreements(checklist: Checklist) -> None:
    coverage = {c.discipline: c for c in checklist.coverage}
    assert not coverage["city_government"].covered
    assert coverage["legal_services"].note == "no private-sector member"
    assert coverage["prosecutor"].covered
    assert [g.id for g in checklist.gaps] == ["interpreters", "crisis-counselors", "childcare"]
    assert [(a.id, a.state) for a in checklist.agreements] == [
        ("legal-aid-moa", "expired"), ("da-oem-mou", "expiring")]
    assert checklist.roster[1].role == "Chair, Steering"


def test_unknown_item_id_is_a_finding_with_did_you_mean() -> None:
    result = check_plan(PLAN, TODAY)
    [finding] = [f for f in result.findings if f.code == "VP601"]
    assert finding.file == "checklist.yaml" and finding.line == 6
    assert 'did you mean "emergency-management-coordinates"' in finding.message


def test_missing_file_makes_its_items_gaps_that_say_why(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, PLAN)
    (plan / "principles.yaml").unlink()
    items = _items(build_checklist(check_plan(plan, TODAY)))
    vision = items["guiding-vision"]
    assert vision.status == "gap"
    # said once, by the file's own finding: not again in the status's detail
    assert vision.detail == ""
    assert [(e.code, e.plain) for e in vision.evidence] == [
        ("VP007", "the plan has no principles file yet")]


def test_ignored_rule_makes_the_item_not_checked_and_says_which(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, PLAN)
    meta = plan / "vaplan.yaml"
    meta.write_text(meta.read_text().replace("  expiry_warning_days: 90",
                                             "  expiry_warning_days: 90\n"
                                             "  ignore: [VP104, VP010]"))
    item = _items(build_checklist(check_plan(plan, TODAY)))["membership-reviewed-annually"]
    assert item.status == "not_checked"
    assert ("the checks behind it (membership review overdue, date in future) are turned off"
            in item.detail)
    assert "nothing in the plan can show this" not in item.summary


def test_checklist_is_a_pure_function_of_plan_and_day() -> None:
    first = build_checklist(check_plan(PLAN, TODAY))
    assert build_checklist(check_plan(PLAN, TODAY)) == first
    later = build_checklist(check_plan(PLAN, date(2027, 4, 1)))
    assert _items(later)["tabletop-2027"].status == "gap"


def test_check_reports_the_checklist_progress(checklist: Checklist) -> None:
    """`vaplan check --format json` carries the same done/total as the rendered checklist."""
    result = check_plans([PLAN], TODAY, summarize=checklist_progress)[0]
    assert not isinstance(result, str)
    assert result.progress == {"done": checklist.score.ready,
                                         "total": checklist.score.applicable} == {
        # 42: version 3's language-access (no population listed: a gap), sites-chosen (no
        # site: a gap) and funding-arranged (to confirm) items are applicable
        "done": 12, "total": 42}


def test_a_contact_list_is_not_met_while_a_member_cannot_be_reached() -> None:
    """Its sentence promises every member's contact details, kept current: an unreachable
    member (VP107) and an overdue membership review (VP104) stand against it; a committee
    meeting protocol without a small steering committee is not met either."""
    from conftest import RIVERSIDE

    items = {i.id: i for i in build_checklist(check_plan(RIVERSIDE, TODAY)).items}
    contact = items["contact-list-protocol"]
    assert contact.status == "partial"
    assert {e.code for e in contact.evidence} >= {"VP104", "VP107"}
    meeting = items["committee-meeting-protocol"]
    assert meeting.status == "partial" and "VP103" in {e.code for e in meeting.evidence}


def test_each_next_step_carries_the_priority_of_the_rule_behind_it() -> None:
    """The rules give their steps and priorities (PLAN-FORMAT.md "Next steps, ranked and
    dated"): the call tree and an expired agreement a required protocol rests on come first,
    the committee second, exercises last; an agreement no required protocol rests on waits."""
    actions = build_checklist(check_plan(RIVERSIDE, TODAY)).actions
    priority = {a.action: a.priority for a in actions}
    assert priority["add Inland Valley Legal Aid to the call tree"] == 1
    assert priority["renew the MOA “Family Assistance Center MOA”"] == 1
    assert priority["renew the MOU “Crisis Counseling Mutual Support MOU”"] == 3
    assert priority["make the steering committee smaller"] == 2
    assert priority["hold a call-down drill of the contact list and record it"] == 4
    assert {a.priority for a in actions} == {1, 2, 3, 4}


def test_a_missing_file_is_said_once_under_an_item() -> None:
    """Orlando's plan has no principles file: each principles item read "Gap: the plan's
    principles file is missing" and, below it, "the plan has no principles file yet"."""
    from conftest import EXAMPLES, run

    out = run("render", EXAMPLES / "orlando-florida", "--today", "2026-12-05").stdout
    vision = next(line for line in out.splitlines() if line.startswith("| A guiding vision"))
    assert vision.endswith("| ✖ **Gap**<br>• the plan has no principles file yet |")
    assert "principles file is missing<br>" not in out
