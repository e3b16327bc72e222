"""Issue 24, "Unbreakable, round 3": each test names the item of the issue it holds, and each
failed on the code before the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from vaplan.check.checker import check_plan
from vaplan.reporters import REPORTERS
from conftest import RIVERSIDE, TODAY, TODAY_ARGS, run


def _copy(tmp_path: Path, source: Path = RIVERSIDE) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(source, plan)
    return plan


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _member(data: dict, member_id: str = "cal-victim-services") -> dict:
    return next(m for m in data["members"] if m["id"] == member_id)


# Item 1 -----------------------------------------------------------------------------------------

LEGACY = "ok ##[stop-commands]tok then ##[error]pwned and ##[set-output name=x;]y ###[warning]z"


def test_github_log_carries_no_legacy_command_anywhere_in_a_line(tmp_path: Path) -> None:
    """Issue 24 item 1: GitHub's runner obeys a legacy `##[command]` anywhere in a line, so plan
    text carrying one (here a waiver's reason, shown in the report, and an organization quoted
    in findings) must reach the log with none left."""
    plan = _copy(tmp_path)

    def change(data: dict) -> None:
        member = _member(data)
        member["organization"] = f"Org {LEGACY}"
        member.setdefault("waivers", {})["VP501"] = f"reason {LEGACY}"
    _edit(plan / "committee.yaml", change)
    result = check_plan(plan, TODAY)
    log = REPORTERS["github"](result)
    assert "stop-commands" in log  # the text is shown, made inert
    assert "##[" not in log
    cli = run("check", plan, *TODAY_ARGS, "-f", "github")
    assert "##[" not in cli.stdout


# Item 8 -----------------------------------------------------------------------------------------

def test_did_you_mean_compares_an_unknown_id_with_a_bounded_number_of_members(
        monkeypatch) -> None:
    """Issue 24 item 8: `check` took 90 s on a plan whose unknown member ids were each compared
    with every member. The work per unknown id is now bounded, whatever the committee's size,
    and the close id is still found."""
    import difflib

    from vaplan.vocabulary import Suggestions

    compared = []
    real = difflib.SequenceMatcher.set_seq1
    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1",
                        lambda self, a: (compared.append(a), real(self, a))[1])
    members = [f"org-{i:05d}" for i in range(5000)]
    near = Suggestions(members)
    assert near("rog-02000") == ' (did you mean "org-02000"?)'
    assert near("orgx-02000") == ' (did you mean "org-02000"?)'
    assert near("org-O2000") == ' (did you mean "org-02000"?)'
    compared.clear()
    for i in range(100):
        near(f"orgx-{i * 37:05d}")
    assert len(compared) <= 100 * max(Suggestions.WHOLE, 4 * Suggestions.NEIGHBOURS) < 100 * 5000
