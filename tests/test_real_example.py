"""The real example (examples/orlando-florida, issue 19): the findings its README says are true
of it and no others, its first next steps, every step dated once a meeting is on the calendar,
and its Word checklist on at most ten pages."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

from conftest import EXAMPLES, copy_plan, counts_pages
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist, ranked_steps
from vaplan.render.word import render_docx

ORLANDO = EXAMPLES / "orlando-florida"
DAY = date(2026, 12, 5)

#: The findings examples/orlando-florida/README.md explains, rule by rule ("Why each
#: remaining finding is true"): open and set aside.
EXPECTED = {("VP007", True): 1, ("VP009", True): 1, ("VP101", True): 4, ("VP102", True): 1,
            ("VP104", True): 1, ("VP105", True): 1, ("VP107", True): 19, ("VP108", True): 4,
            ("VP109", True): 1, ("VP302", True): 3, ("VP303", True): 1, ("VP304", True): 6,
            ("VP306", True): 10, ("VP307", True): 1, ("VP501", True): 19,
            ("VP502", False): 2, ("VP504", False): 12, ("VP701", True): 13, ("VP705", True): 1}


def test_the_findings_are_the_ones_its_readme_explains() -> None:
    found = Counter((f.code, f.counts) for f in check_plan(ORLANDO, DAY).findings)
    assert dict(found) == EXPECTED


def test_its_first_steps_are_the_incident_day_s() -> None:
    steps = ranked_steps(check_plan(ORLANDO, DAY))
    assert [s.findings for s in steps[:5]] == [("VP107",), ("VP109",), ("VP108",), ("VP304",),
                                                ("VP304",)]
    assert all(s.priority == 1 for s in steps[:8])
    # the leads first, each named once in one step
    assert steps[0].owners == ("City of Orlando (Office of the Mayor)",
                               "Orlando Police Department",
                               "Orange County Medical Examiner's Office (District Nine)",
                               "Heart of Florida United Way")
    assert steps[1].action.startswith("write the activation")


def test_a_protocol_last_used_in_the_real_incident_says_so() -> None:
    items = {i.id: i for i in build_checklist(check_plan(ORLANDO, DAY)).items}
    assert items["victim-notification-protocol"].exercised.startswith(
        "used in a real incident on 2016-06-12")


def test_every_step_is_dated_with_a_meeting_on_the_calendar(tmp_path: Path, cli) -> None:
    plan = copy_plan(tmp_path, ORLANDO)
    (plan / "meetings.yaml").write_text("meetings:\n  - date: 2027-01-14\n"
                                        "    place: Orlando City Hall\n", encoding="utf-8")
    out = cli("render", plan, "--format", "json", "--today", DAY.isoformat()).output
    steps = json.loads(out)["next_steps"]
    assert steps and all(s["due"] for s in steps)


@counts_pages
def test_its_word_checklist_prints_on_at_most_ten_pages(tmp_path: Path) -> None:
    (tmp_path / "orlando.docx").write_bytes(render_docx(build_checklist(check_plan(ORLANDO,
                                                                                   DAY))))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "orlando.docx"], cwd=tmp_path, check=True,
                   capture_output=True, timeout=240)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", (tmp_path / "orlando.pdf").read_bytes()))
    assert 1 <= pages <= 10
