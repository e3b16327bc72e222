"""One cause, one line (PLAN-FORMAT.md "What a committee is shown"): a rule firing for many
organizations is said once in the documents, with the names it concerns; `vaplan check` keeps
every location and ends with what they amount to; the keeper's part keeps every file:line."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import TODAY, TODAY_ARGS
from vaplan.check.checker import check_plan
from vaplan.checklist.build import build_checklist


def _without_contacts(plan: Path, count: int) -> list[str]:
    """Remove the email and phone lines of the first `count` representatives (not their
    alternates); return the organizations they belong to."""
    path = plan / "committee.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept, names, removed, in_rep = [], [], 0, False
    organization = ""
    for line in lines:
        if m := re.match(r"\s+organization: (.*)", line):
            organization = m.group(1).strip().strip('"')
        if re.match(r"\s+representative:", line):
            in_rep = removed < count
            if in_rep:
                removed += 1
                names.append(organization)
        elif re.match(r"\s+(alternate|disciplines|sector|level|steering|chair|joined):", line):
            in_rep = False
        if in_rep and re.match(r"\s+(email|phone|phone_24h):", line):
            continue
        kept.append(line)
    path.write_text("".join(kept), encoding="utf-8")
    return names


def test_many_members_without_contacts_are_one_line_naming_them(plan_copy: Path, cli) -> None:
    names = _without_contacts(plan_copy, 5)
    result = check_plan(plan_copy, TODAY)
    assert sum(f.code == "VP107" for f in result.findings) == 5
    checklist = build_checklist(result)
    item = next(i for i in checklist.items if i.id == "members-reachable")
    lines = [e.text for e in item.evidence if e.code == "VP107"]
    assert lines == [f"5 members have no phone or email: {names[0]}, {names[1]}, {names[2]} "
                     "and 2 more"]
    # the contact list protocol points at that line instead of saying it again
    protocol = next(i for i in checklist.items if i.id == "contact-list-protocol")
    assert not any("phone or email" in e.text or "neither an email" in e.text
                   for e in protocol.evidence)
    assert any("listed under “Every member's representative can be reached" in e.text
               for e in protocol.evidence)
    # vaplan check keeps each place and ends with the cause counted once
    out = cli("check", plan_copy, *TODAY_ARGS).output
    assert out.count("VP107  ") >= 5
    by_cause = out.split("By cause")[1]
    assert "VP107  unreachable-member: 5 members have no phone or email" in by_cause


def test_a_rule_firing_a_few_times_gets_no_summary(plan_copy: Path, cli) -> None:
    _without_contacts(plan_copy, 2)
    out = cli("check", plan_copy, *TODAY_ARGS).output
    assert "By cause" not in out
