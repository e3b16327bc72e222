"""Every next step has a date once a meeting is on the calendar (meetings.yaml); the checklist
shows a call-down drill's result and a protocol last used in a real incident as such."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RIVERSIDE, TODAY, TODAY_ARGS, copy_plan
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist

_MEETINGS = """meetings:
  - date: 2026-10-08
    place: Riverside City Hall
  - date: 2027-01-14
    place: Riverside City Hall
  - date: 2026-12-10
    place: Emergency Operations Center
"""


def test_every_step_is_dated_once_a_meeting_is_on_the_calendar(tmp_path: Path, cli) -> None:
    plan = copy_plan(tmp_path, RIVERSIDE)
    before = json.loads(cli("render", plan, "--format", "json", *TODAY_ARGS).output)
    assert any(s["due"] is None for s in before["next_steps"])
    (plan / "meetings.yaml").write_text(_MEETINGS, encoding="utf-8")
    steps = json.loads(cli("render", plan, "--format", "json", *TODAY_ARGS).output)["next_steps"]
    assert steps and all(s["due"] for s in steps)
    # a step with no date of its own is due at the next meeting (the earliest from today on,
    # not the first listed nor one already held); one with its own date keeps it
    undated = [s for s in before["next_steps"] if s["due"] is None]
    dated = {(s["owner"], s["action"]): s["due"] for s in steps}
    assert {dated[(s["owner"], s["action"])] for s in undated} == {"2026-12-10"}
    renewal = next(s for s in steps if s["findings"] == ["VP503"])
    assert renewal["due"] == "2027-01-15"
    text = cli("render", plan, *TODAY_ARGS).output
    assert "by the next committee meeting" not in text and "by 2026-12-10" in text


def test_a_call_down_result_and_a_real_incident_are_shown_as_such(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, RIVERSIDE)
    path = plan / "exercises.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("exercises:\n", """exercises:
  - id: call-down-2026-10
    date: 2026-10-02
    kind: call_down
    title: Call-down drill of the contact list
    functions: [contact_list]
    reached: 11
    of: 13
    minutes: 42
  - id: stadium-incident
    date: 2026-08-15
    kind: real_incident
    title: Crowd crush at the stadium
    functions: [victim_notification]
""", 1), encoding="utf-8")
    items = {i.id: i for i in build_checklist(check_plan(plan, TODAY)).items}
    contact = items["contact-list-protocol"]
    assert contact.exercised == ("exercised 2026-10-02; call-down drill 2026-10-02: reached 11 "
                                 "of 13 in 42 minutes")
    assert items["victim-notification-protocol"].exercised == (
        "used in a real incident on 2026-08-15")
