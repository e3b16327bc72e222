"""One source for every plan fact: check, checklist, packet and calendar agree on generated
plans, and a protocol is never Met unless the plan shows it."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TODAY
from vaplan.check.checker import CheckResult, check_plan
from vaplan.checklist.build import build_checklist
from vaplan.checklist.packet import build_packet
from vaplan.export.calendar import collect_deadlines
from vaplan.facts.documents import document_problem
from vaplan.vocabulary import vocabulary

BASE = Path(__file__).parent / "rules" / "_base"
FUNCTIONS = list(vocabulary().functions)
MEMBERS = ["pd", "da", "city", "legal-aid", "law-firm", "hospital", "schools"]


def _plan(directory: Path, **files: Any) -> Path:
    """The complete base plan of the rule cases, with whole files replaced by `files`."""
    shutil.copytree(BASE, directory, dirs_exist_ok=True)
    for stem, data in files.items():
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        (directory / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return directory


def _meta(checks: dict[str, Any]) -> dict[str, Any]:
    return {"community": "Base City", "jurisdiction": {"level": "city", "name": "Base City"},
            "updated": date(2026, 11, 1), "checks": checks}


def _protocols(result: CheckResult) -> dict[str, Any]:
    return {item.id: item for item in build_checklist(result).items
            if item.section == "Have victim assistance protocols in place before an incident"}


# the measured bug --------------------------------------------------------------------------

def test_no_required_functions_and_no_roles_met_nothing(tmp_path: Path) -> None:
    """`required_functions: []` and an empty roles.yaml printed all 13 protocols as Met."""
    plan = _plan(tmp_path, vaplan=_meta({"required_functions": []}), roles="")
    result = check_plan(plan, TODAY)
    assert not [f for f in result.findings if f.code in ("VP303", "VP304")]
    statuses = {item.status for item in _protocols(result).values()}
    assert statuses == {"optional"}


def test_a_protocol_is_not_met_when_the_rules_that_would_say_so_are_off(tmp_path: Path) -> None:
    roles = {"lead_agencies": ["da"], "functions": [{"function": "contact_list"}]}
    plan = _plan(tmp_path, vaplan=_meta({"ignore": ["VP303", "VP304"]}), roles=roles)
    items = _protocols(check_plan(plan, TODAY))
    assert items["contact-list-protocol"].status == "gap"
    assert items["contact-list-protocol"].detail == (
        "no lead named; no responsibilities; not written down")
    assert items["communications-protocol"].status == "gap"
    assert items["communications-protocol"].detail == "the plan does not describe it yet"
    assert not [i for i in items.values() if i.status == "met"]


def test_no_required_disciplines_leaves_the_coverage_table_empty(tmp_path: Path) -> None:
    """`required_disciplines: []` is a choice: VP101 is silent, and the checklist no longer
    lists the nine default disciplines as uncovered beside it."""
    committee = {"reviewed": date(2026, 6, 1), "members": [
        {"id": m, "organization": m, "disciplines": ["faith"], "sector": "public",
         "level": "city", "representative": {"name": "A B", "phone": "555"}} for m in MEMBERS]}
    plan = _plan(tmp_path, vaplan=_meta({"required_disciplines": []}), committee=committee)
    result = check_plan(plan, TODAY)
    assert not [f for f in result.findings if f.code == "VP101"]
    assert build_checklist(result).coverage == ()


def test_a_protocol_finding_is_matched_by_its_subject_not_its_message(tmp_path: Path) -> None:
    """The rule names the function it reports; the checklist files the finding under it."""
    roles = {"lead_agencies": ["da"], "functions": [
        {"function": f, "lead": "da", "responsibilities": "Leads it.", "written_in": "EOP"}
        for f in vocabulary().required_functions if f != "communications"]}
    plan = _plan(tmp_path, roles=roles)
    result = check_plan(plan, TODAY)
    [missing] = [f for f in result.findings if f.code == "VP304"]
    assert missing.subject == "communications"
    items = _protocols(result)
    # its status says what the finding says ("does not describe it yet"), so the item does
    # not list it again; its next step serves that item and no other
    assert items["communications-protocol"].detail.startswith("the plan does not describe it")
    from vaplan.checklist.build import ranked_steps

    [step] = [s for s in ranked_steps(result) if "VP304" in s.findings]
    assert step.items == ("communications-protocol",)
    assert items["contact-list-protocol"].status == "met"


# generated plans ---------------------------------------------------------------------------

_offset = st.integers(min_value=-500, max_value=500)
_required = st.one_of(st.just(None), st.just([]),
                      st.lists(st.sampled_from(FUNCTIONS), max_size=5, unique=True))
_function = st.fixed_dictionaries(
    {"function": st.sampled_from(FUNCTIONS)},
    optional={"lead": st.sampled_from(MEMBERS)})
_gap = st.fixed_dictionaries(
    {"status": st.sampled_from(["open", "in_progress", "resolved"])},
    optional={"owner": st.sampled_from(MEMBERS), "raised": st.just(date(2026, 5, 14))})
#: an own checklist item: its due date's offset from today, and how checklist.yaml marks it
_own = st.tuples(_offset, st.sampled_from(["none", "done", "tailored_out"]))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(reviewed=st.one_of(st.none(), _offset), months=st.integers(1, 24),
       warning=st.sampled_from([0, 1, 30, 90]),
       expires=st.lists(st.one_of(st.none(), _offset), max_size=4),
       required=_required, functions=st.lists(_function, max_size=6),
       ignore=st.lists(st.sampled_from(["VP303", "VP304"]), max_size=2, unique=True),
       gaps=st.lists(_gap, max_size=4), own=st.lists(_own, max_size=3))
def test_check_checklist_packet_and_calendar_agree(
        reviewed: int | None, months: int, warning: int, expires: list[int | None],
        required: list[str] | None, functions: list[dict[str, str]], ignore: list[str],
        gaps: list[dict[str, Any]], own: list[tuple[int, str]]) -> None:
    checks: dict[str, Any] = {"review_interval_months": months, "expiry_warning_days": warning,
                              "ignore": ignore}
    if required is not None:
        checks["required_functions"] = required
    committee = yaml.safe_load((BASE / "committee.yaml").read_text(encoding="utf-8"))
    committee["reviewed"] = None if reviewed is None else TODAY + timedelta(days=reviewed)
    if reviewed is None:
        del committee["reviewed"]
    agreements = {"agreements": [
        {"id": f"a{i}", "type": "MOU", "title": f"Agreement {i}", "parties": ["da", "pd"],
         "signed": date(2024, 1, 1),
         **({} if days is None else {"expires": TODAY + timedelta(days=days)})}
        for i, days in enumerate(expires)]}
    roles = {"lead_agencies": ["da"], "functions": functions}
    resources = {"resources": [{"id": "line", "name": "Crisis line", "provider": "da"}],
                 "gaps": [{"id": f"g{i}", "need": f"Need {i}", **gap}
                          for i, gap in enumerate(gaps)]}
    marks = {"done": {"status": "done", "date": date(2026, 1, 5)},
             "tailored_out": {"applicable": False, "reason": "not here"}}
    tailoring = {"add": [{"id": f"own{i}", "section": "Our own", "text": f"Task {i}",
                          "due": TODAY + timedelta(days=days)}
                         for i, (days, _) in enumerate(own)],
                 "items": {f"own{i}": marks[mark] for i, (_, mark) in enumerate(own)
                           if mark in marks}}
    with tempfile.TemporaryDirectory() as tmp:
        plan = _plan(Path(tmp) / "plan", vaplan=_meta(checks), committee=committee,
                     agreements=agreements, roles=roles, resources=resources,
                     checklist=tailoring)
        result = check_plan(plan, TODAY)
        checklist = build_checklist(result)
        packet = build_packet(result, checklist)
        deadlines = collect_deadlines(result.plan, result.checks, TODAY,
                                      result.facts_on(TODAY))

    by_code: dict[str, list[Any]] = {}
    for finding in result.findings:
        by_code.setdefault(finding.code, []).append(finding)

    # the membership review: overdue in the rule iff the packet and the calendar say so
    [review] = packet.reviews
    [event] = [d for d in deadlines if d.kind == "membership-review"]
    in_future = reviewed is not None and reviewed > 0
    # a review dated after today is date-in-future's (VP010) finding alone: one fact, one finding
    assert bool(by_code.get("VP104")) == (review.overdue and not in_future)
    assert in_future == any(f.path[:2] == ("committee", "reviewed")
                            for f in by_code.get("VP010", []))
    # an overdue deadline is an event today, saying since when it is overdue
    assert review.overdue == (event.overdue_since is not None or reviewed is None)
    assert event.day >= TODAY
    if reviewed is not None:
        assert review.due == (event.overdue_since or event.day).isoformat()

    # agreements: expired in VP502 iff the checklist and the calendar say so; likewise expiring
    alerts = {a.id: a.state for a in checklist.agreements}
    ends = {d.record: d.overdue_since or d.day for d in deadlines
            if d.kind == "agreement-expires"}
    notices = {d.record: d.overdue_since or d.day for d in deadlines
               if d.kind == "agreement-renewal-notice"}
    expired = {f.subject for f in by_code.get("VP502", [])}
    expiring = {f.subject for f in by_code.get("VP503", [])}
    assert expired == {i for i, s in alerts.items() if s == "expired"}
    assert expired == {i for i, day in ends.items() if day < TODAY}
    assert expiring == {i for i, s in alerts.items() if s == "expiring"}
    assert expiring == {i for i, day in ends.items()
                        if day >= TODAY and notices.get(i, day) <= TODAY}

    # gaps: the checklist and packet list those not resolved; VP402 those of them without owner
    assert [g.id for g in checklist.gaps] == [g.id for g in packet.gaps] == [
        f"g{i}" for i, gap in enumerate(gaps) if gap["status"] != "resolved"]
    assert {f.subject for f in by_code.get("VP402", [])} == {
        g.id for g in checklist.gaps if g.owner == "no owner"}

    # own items: on the calendar iff the checklist neither confirms nor tailors them out
    own_items = {i.id: i for i in checklist.items if i.own}
    assert {d.record for d in deadlines if d.kind == "item-due"} == {
        key for key, item in own_items.items()
        if item.status not in ("confirmed", "not_applicable")}

    # protocols: required means the setting when given, else the vocabulary's thirteen
    wanted = vocabulary().required_functions if required is None else required
    present = {f["function"] for f in functions}
    led = {f["function"] for f in functions if f.get("lead")}
    if "VP304" not in ignore:
        assert {f.subject for f in by_code.get("VP304", [])} == set(wanted) - present
    for item in checklist.items:
        function = next((f for f in FUNCTIONS if item.id == f.replace("_", "-") + "-protocol"),
                        None)
        if function is None:
            continue
        assert (item.status == "optional") == (function not in wanted and
                                                      function not in present)
        if item.status == "met":
            assert function in led


def test_dates_at_the_end_of_the_calendar_are_checked_not_failed(tmp_path: Path) -> None:
    """A review or an agreement whose window runs past 9999-12-31 made VP104 and VP503 fail
    with an exception ("please report this"); the facts clamp instead."""
    committee = yaml.safe_load((BASE / "committee.yaml").read_text(encoding="utf-8"))
    committee["reviewed"] = date(9999, 6, 1)
    agreements = yaml.safe_load((BASE / "agreements.yaml").read_text(encoding="utf-8"))
    agreements["agreements"][0]["expires"] = date(9999, 12, 31)
    # an exercise on the calendar's last days: its report and its next drill fall past the end
    exercises = {"exercises": [{"id": "call", "date": date(9999, 12, 29), "kind": "call_down",
                                "title": "Call-down", "functions": ["contact_list"]}],
                 "improvements": [{"id": "fix", "issue": "A gap.", "action": "Close it.",
                                   "owner": "da", "due": date(9999, 12, 31)}]}
    plan = _plan(tmp_path, committee=committee, agreements=agreements, exercises=exercises)
    result = check_plan(plan, date(9999, 12, 30))
    assert result.skipped == []
    # the base plan was last updated in 2026: its review (VP009) is long overdue by then; it
    # has neither alternates nor a call tree (VP108, VP109), whatever the date; only the
    # contact list was exercised (VP701 for the other twelve protocols)
    assert {f.code for f in result.findings} == {"VP009", "VP108", "VP109", "VP503", "VP701"}
    assert len([f for f in result.findings if f.code == "VP701"]) == 12
    assert [f.subject for f in result.findings if f.code == "VP503"] == ["committee-mou"]


def test_a_document_that_is_no_file_is_named_for_what_it_is(tmp_path: Path) -> None:
    """A document path that exists but is a folder, a pipe or a link out of the plan is not
    said to be missing: the person who sees it in the folder would not know what to fix."""
    plan = tmp_path / "plan"
    (plan / "meetings" / "2026-09").mkdir(parents=True)
    (plan / "meetings" / "minutes.md").write_text("minutes\n", encoding="utf-8")
    (tmp_path / "elsewhere.md").write_text("minutes\n", encoding="utf-8")
    (plan / "meetings" / "out.md").symlink_to(tmp_path / "elsewhere.md")
    assert document_problem(plan, "meetings/minutes.md") is None
    assert document_problem(plan, "meetings/2026-09") == "is a folder, not a file"
    assert document_problem(plan, "meetings/none.md") == "does not exist in the plan directory"
    assert "outside the plan directory" in (document_problem(plan, "meetings/out.md") or "")
    assert "file name" in (document_problem(plan, "meetings/a\0b.md") or "")
    assert "file name" in (document_problem(plan, "m/" + "a" * 5000 + ".md") or "")
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(plan / "meetings" / "pipe.md")
    assert document_problem(plan, "meetings/pipe.md") == (
        "is a named pipe or a device, not a file")
