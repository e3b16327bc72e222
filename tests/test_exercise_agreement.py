"""The exercise loop as a committee runs it: recorded with the documented commands, then read
the same way by check, the checklist, the packet, the calendar and the improvement plan."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import PIMA, TODAY_ARGS, copy_plan, run


def _ok(*args: object, dated: bool = True) -> str:
    result = run(*args, *(TODAY_ARGS if dated else ()))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_tabletop_recorded_by_commands_is_read_alike_everywhere(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path, PIMA, "pima")
    (plan / "exercises.yaml").unlink()
    # no exercises at all: one VP701 per required protocol, each at that protocol's entry
    before = json.loads(run("check", plan, "--format", "json", *TODAY_ARGS).stdout)
    unexercised = [f for f in before["findings"] if f["code"] == "VP701"]
    required = 13  # the vocabulary's required protocols, all led in Pima's roles.yaml
    assert len(unexercised) == required
    assert {f["file"] for f in unexercised} == {"roles.yaml"}
    assert len({f["line"] for f in unexercised}) == required

    # the documented loop: a tabletop, its report, two corrective actions, one finished
    (plan / "exercises").mkdir(exist_ok=True)
    (plan / "exercises" / "ttx-aar.md").write_text("# After-action report\n")
    _ok("exercise", "add", plan, "--title", "FAC tabletop", "--date", "2026-10-14",
        "--kind", "tabletop", "--function", "family_assistance_center",
        "--participant", "pima-oem", "--id", "ttx")
    _ok("exercise", "after-action", "ttx", "exercises/ttx-aar.md", plan, dated=False)
    _ok("action", "add", plan, "--source", "ttx", "--function", "family_assistance_center",
        "--issue", "No interpreter in the first two hours.", "--action",
        "Add the language line to the call tree.", "--owner", "pima-oem",
        "--due", "2026-11-01", "--id", "late")
    _ok("action", "add", plan, "--source", "ttx", "--function", "family_assistance_center",
        "--issue", "Signs only in English.", "--action", "Print bilingual signs.",
        "--owner", "pima-oem", "--due", "2027-01-31", "--id", "signs")
    _ok("action", "done", "signs", plan, "--date", "2026-11-20")

    # check: the FAC protocol is exercised, the late action is overdue, nothing else new
    after = json.loads(run("check", plan, "--format", "json", *TODAY_ARGS).stdout)
    codes = [f["code"] for f in after["findings"]]
    assert codes.count("VP701") == required - 1
    assert [f for f in after["findings"] if f["code"] == "VP703"][0]["line"] > 0
    assert codes.count("VP703") == 1 and "VP702" not in codes and "VP704" not in codes

    # checklist: the protocol shows the day it was exercised
    checklist = json.loads(_ok("render", plan, "--format", "json"))
    items = {i["id"]: i for s in checklist["sections"] for i in s["items"]}
    fac = next(i for i in items.values() if i.get("last_exercised") == "2026-10-14")
    assert "Family assistance center" in fac["text"]
    assert "VP703" in items["training-exercise-protocol"]["findings"]

    # packet: held, open (overdue), completed, by organization name
    packet = _ok("render", plan, "--kind", "packet", "--since", "2026-10-01")
    part = packet[packet.index("## Exercises"):packet.index("## For the plan's keeper")]
    assert "2026-10-14 · Tabletop exercise: FAC tabletop" in part
    assert ("| Add the language line to the call tree. | Pima County Office of Emergency "
            "Management | **⚠ overdue since 2026-11-01** |") in part
    assert "Print bilingual signs. (done 2026-11-20)" in part

    # improvement plan: the same two actions, the same one overdue
    sheet = _ok("export", "improvement-plan", plan, "-f", "csv")
    assert sheet.startswith("\ufeff")  # the byte-order mark Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(sheet[1:])))
    assert [(r["id"], r["status"]) for r in rows] == [("late", "Overdue (open)"),
                                                      ("signs", "Done")]

    # calendar: the open action's due date, not the finished one's
    calendar = _ok("export", "calendar", plan)
    assert "Add the language line to the call tree" in calendar
    assert "Print bilingual signs" not in calendar
