"""Next steps, ranked and dated (PLAN-FORMAT.md "Next steps, ranked and dated"): one ranking
(checklist/steps.rank, through checklist/build.ranked_steps) that the checklist, the packet and `render --format json` share."""

from __future__ import annotations

import json

from conftest import RIVERSIDE, TODAY, TODAY_ARGS
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist, ranked_steps


def test_render_json_gives_next_steps_as_the_contract_says(cli) -> None:
    result = cli("render", RIVERSIDE, "--format", "json", *TODAY_ARGS)
    steps = json.loads(result.output)["next_steps"]
    assert steps, "riverside-city has open items"
    assert [s["rank"] for s in steps] == list(range(1, len(steps) + 1))
    assert set(steps[0]) == {"rank", "priority", "owner", "action", "due", "items", "findings"}
    priorities = [s["priority"] for s in steps]
    assert priorities == sorted(priorities) and set(priorities) <= {1, 2, 3, 4}
    # the incident day first: naming a lead for victim notification is not step 40
    lead = next(s for s in steps if s["action"] == "name a lead agency for Victim notification")
    assert lead["priority"] == 1 and lead["rank"] <= 10
    assert lead["items"] == ["victim-notification-protocol"] and lead["findings"] == ["VP303"]
    # an organization's name, never an id; a date or null, never words
    assert all(s["owner"] and "-" not in s["owner"].split()[0] for s in steps)
    renewal = next(s for s in steps if s["findings"] == ["VP503"])
    assert renewal["due"] == "2027-01-15"
    assert all(s["due"] is None or len(s["due"]) == 10 for s in steps)


def test_one_ranking_for_every_consumer_and_each_step_once() -> None:
    result = check_plan(RIVERSIDE, TODAY)
    checklist = build_checklist(result)
    ranked = ranked_steps(result)
    assert ranked == list(checklist.actions)
    assert len({(a.owner, a.action) for a in ranked}) == len(ranked)
    # documents show the first ten, then the rest by the organization that does them
    assert checklist.first_steps == tuple(ranked[:10])
    later = [a for own in checklist.later_steps for a in own.actions]
    assert sorted(later, key=lambda a: a.rank) == ranked[10:]
    assert all(a.owner == own.owner for own in checklist.later_steps for a in own.actions)
    # an agreement several items rest on is one step serving them all
    renew = next(a for a in ranked if a.findings == ("VP502",))
    assert len(renew.items) == 2
