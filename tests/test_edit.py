"""`vaplan confirm` and `vaplan tailor`: the file stays byte for byte as written outside the edit.

One line of PERSONS is longer than 100 characters on purpose: ruamel would fold it.
"""

from __future__ import annotations

import difflib
import os
import random
import stat
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import TODAY
from vaplan.check.checker import check_plan
from vaplan.cli.main import app
from vaplan.edit.items import EditError, confirm_item, tailor_item
from vaplan.edit.merge import merge
from vaplan.edit.starter import init_plan, starter_text

DAY = date(2026, 11, 20)

# A file a person wrote: comments everywhere, blank lines, four-space indentation under `items:`
# but dashes flush under `add:`, quotes of both kinds, `~` and `null`, a long line, a flow map.
PERSONS = """\
# Our tailoring of the checklist.   Edited by hand.

items:   # the confirmations
    # first one
    review-existing-plans:
        status: done      # confirmed at the March meeting
        date: 2026-03-12
        note: "Reviewed the county EOP and the sheriff's ICS annex with the steering committee, a long line well beyond eighty characters."

    memorial-events-protocol:
        applicable: false
        reason: 'The county memorial committee plans these.'
# between the two

add:
- id: tabletop-2027
  section: protocols
  text: >-
    Run a tabletop exercise
    of the family assistance center.
  owner: ~
  due: null
  extra_spaces:    {a: 1, b: [x, y]}
# the end
"""


def _plan(tmp_path: Path, checklist: str | bytes | None = None) -> Path:
    (tmp_path / "vaplan.yaml").write_text("community: Test County\n", encoding="utf-8")
    if checklist is not None:
        data = checklist if isinstance(checklist, bytes) else checklist.encode("utf-8")
        (tmp_path / "checklist.yaml").write_bytes(data)
    return tmp_path


def _read(plan: Path) -> str:
    return (plan / "checklist.yaml").read_bytes().decode("utf-8")


def test_confirm_a_new_item_adds_only_its_lines(tmp_path: Path) -> None:
    plan = _plan(tmp_path, PERSONS)
    confirm_item(plan, "victim-services-in-all-planning", DAY, TODAY, note="Yes: every part")
    # what followed the last item (a comment for `add:`) now follows the new one
    expected = PERSONS.replace(
        "# between the two\n\n",
        "    victim-services-in-all-planning:\n"
        "        status: done\n"
        "        date: 2026-11-20\n"
        "        note: 'Yes: every part'\n"
        "# between the two\n\n")
    assert _read(plan) == expected


def test_confirm_an_existing_item_changes_only_its_values(tmp_path: Path) -> None:
    plan = _plan(tmp_path, PERSONS)
    confirm_item(plan, "review-existing-plans", DAY, TODAY)
    assert _read(plan) == PERSONS.replace("date: 2026-03-12", "date: 2026-11-20")
    confirm_item(plan, "review-existing-plans", DAY, TODAY, note="Again in November.")
    text = _read(plan)
    lines_before, lines_after = PERSONS.splitlines(), text.splitlines()
    changed = [n for n, (a, b) in enumerate(zip(lines_before, lines_after)) if a != b]
    assert len(lines_before) == len(lines_after)
    assert [lines_after[n].strip() for n in changed] == [
        "date: 2026-11-20", 'note: "Again in November."']


def test_tailor_replaces_a_confirmation_and_says_what_it_removed(tmp_path: Path) -> None:
    plan = _plan(tmp_path, PERSONS)
    result = tailor_item(plan, "review-existing-plans", "The county has no plans yet.")
    assert result.removed == ("status", "date", "note")
    expected = PERSONS.replace(
        "        status: done      # confirmed at the March meeting\n"
        "        date: 2026-03-12\n"
        "        note: \"Reviewed the county EOP and the sheriff's ICS annex with the steering "
        "committee, a long line well beyond eighty characters.\"\n",
        "        applicable: false\n"
        "        reason: The county has no plans yet.\n")
    assert _read(plan) == expected


def test_confirm_undoes_a_tailoring(tmp_path: Path) -> None:
    plan = _plan(tmp_path, PERSONS)
    result = confirm_item(plan, "memorial-events-protocol", DAY, TODAY)
    assert result.removed == ("applicable", "reason")
    expected = PERSONS.replace(
        "        applicable: false\n"
        "        reason: 'The county memorial committee plans these.'\n",
        "        status: done\n"
        "        date: 2026-11-20\n")
    assert _read(plan) == expected


def test_a_missing_checklist_is_created_from_the_starter(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    result = confirm_item(plan, "review-existing-plans", DAY, TODAY, note="Done.")
    assert result.created
    expected = starter_text("checklist.yaml").replace(
        "items: {}\n",
        "items:\n  review-existing-plans:\n    status: done\n    date: 2026-11-20\n"
        "    note: Done.\n")
    assert _read(plan) == expected


def test_a_checklist_of_comments_only_keeps_them_and_gains_items(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "# nothing yet\n# really")
    tailor_item(plan, "memorial-events-protocol", "Not ours.")
    assert _read(plan) == ("# nothing yet\n# really\nitems:\n  memorial-events-protocol:\n"
                           "    applicable: false\n    reason: Not ours.\n")


def test_items_are_added_before_add_when_the_file_has_none(tmp_path: Path) -> None:
    text = "# own items only\nadd:\n  - id: x\n    section: protocols\n    text: Do x.\n"
    plan = _plan(tmp_path, text)
    confirm_item(plan, "x", DAY, TODAY)
    assert _read(plan) == ("# own items only\nitems:\n  x:\n    status: done\n"
                           "    date: 2026-11-20\nadd:\n  - id: x\n    section: protocols\n"
                           "    text: Do x.\n")


def test_crlf_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    original = ("\ufeff" + PERSONS).replace("\n", "\r\n").encode("utf-8")
    plan = _plan(tmp_path, original)
    confirm_item(plan, "review-existing-plans", DAY, TODAY)
    assert (plan / "checklist.yaml").read_bytes() == original.replace(b"2026-03-12", b"2026-11-20")


def test_an_edited_starter_still_passes_the_schema(tmp_path: Path) -> None:
    init_plan(tmp_path, "Test County", "county", TODAY)
    confirm_item(tmp_path, "review-existing-plans", DAY, TODAY, note="Reviewed: the EOP.")
    tailor_item(tmp_path, "memorial-events-protocol", "The county memorial committee does it.")
    confirm_item(tmp_path, "victim-services-in-all-planning", TODAY, TODAY)
    result = check_plan(tmp_path, TODAY)
    assert not [f for f in result.findings if f.file == "checklist.yaml"]
    items = result.plan.checklist.items
    assert items["review-existing-plans"].date == DAY
    assert items["review-existing-plans"].note == "Reviewed: the EOP."
    assert items["memorial-events-protocol"].applicable is False
    assert list(items) == ["review-existing-plans", "memorial-events-protocol",
                           "victim-services-in-all-planning"]


# refusals: the file is never touched ----------------------------------------------------------

@pytest.mark.parametrize("broken, words", [
    ("items:\n  review-existing-plans:\n    status: done\n   date: [\n", "syntax"),
    ("items:\n  a: {status: done}\n  a: {status: done}\n", "appears twice"),
    ("items: !!python/object:os.system {}\n", "not allowed"),
    ("- just\n- a list\n", "mapping"),
    ("items: [review-existing-plans]\n", "`items:`"),
    ("items:\n  review-existing-plans: done\n", "should be a mapping"),
])
def test_a_checklist_that_does_not_parse_is_left_untouched(tmp_path: Path, broken: str,
                                                           words: str) -> None:
    plan = _plan(tmp_path, broken)
    before = os.stat(plan / "checklist.yaml")
    with pytest.raises(EditError, match=words):
        confirm_item(plan, "review-existing-plans", DAY, TODAY)
    assert _read(plan) == broken
    assert os.stat(plan / "checklist.yaml").st_mtime_ns == before.st_mtime_ns


def test_an_unknown_item_gets_a_suggestion(tmp_path: Path) -> None:
    plan = _plan(tmp_path, PERSONS)
    with pytest.raises(EditError, match='did you mean "review-existing-plans"'):
        confirm_item(plan, "review-existing-plan", DAY, TODAY)
    assert _read(plan) == PERSONS


def test_the_communitys_own_items_can_be_confirmed(tmp_path: Path) -> None:
    plan = _plan(tmp_path, PERSONS)
    confirm_item(plan, "tabletop-2027", DAY, TODAY)
    assert "    tabletop-2027:\n        status: done\n" in _read(plan)


def test_a_future_date_and_an_empty_reason_are_refused(tmp_path: Path) -> None:
    plan = _plan(tmp_path, PERSONS)
    with pytest.raises(EditError, match="future"):
        confirm_item(plan, "review-existing-plans", date(2026, 12, 1), TODAY)
    with pytest.raises(EditError, match="reason"):
        tailor_item(plan, "review-existing-plans", "  ")
    assert _read(plan) == PERSONS


def test_a_folder_that_is_not_a_plan_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EditError, match="plan directory"):
        confirm_item(tmp_path, "review-existing-plans", DAY, TODAY)
    assert not (tmp_path / "checklist.yaml").exists()


def test_the_write_is_atomic_and_keeps_the_permissions(tmp_path: Path) -> None:
    plan = _plan(tmp_path, PERSONS)
    os.chmod(plan / "checklist.yaml", 0o640)
    confirm_item(plan, "review-existing-plans", DAY, TODAY)
    assert stat.S_IMODE(os.stat(plan / "checklist.yaml").st_mode) == 0o640
    assert sorted(p.name for p in plan.iterdir()) == ["checklist.yaml", "vaplan.yaml"]


def test_merge_keeps_restyled_lines_and_gives_up_where_it_cannot_place_a_change() -> None:
    assert merge("a: ~\nb: 1\n", "a:\nb: 1\n", "a:\nb: 2\n") == "a: ~\nb: 2\n"
    assert merge("a: ~\n", "a:\n", "a: 1\n") == "a: 1\n"
    assert merge("a: [1,\n  2]\n", "a: [1, 2]\n", "a: [1, 3]\n") is None
    assert merge("x:  1\ny: 2\nz: 3\n", "x: 1\ny: 2\nz: 3\n", "x: 1\ny: 2\nz: 4\n") == (
        "x:  1\ny: 2\nz: 4\n")


# command line ---------------------------------------------------------------------------------

def test_cli_confirm_and_tailor(tmp_path: Path) -> None:
    plan = _plan(tmp_path, PERSONS)
    runner = CliRunner()
    result = runner.invoke(app, ["confirm", str(plan), "victim-services-in-all-planning",
                                 "--date", "2026-11-20", "--note", "Yes.", "--today",
                                 "2026-11-28"])
    assert result.exit_code == 0, result.output
    assert "Confirmed" in result.output
    result = runner.invoke(app, ["tailor", str(plan), "review-existing-plans", "--reason",
                                 "No plans in place yet."])
    assert result.exit_code == 0, result.output
    assert "Removed status, date, note" in result.output


def test_cli_refusals_exit_2(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "items: [\n")
    runner = CliRunner()
    result = runner.invoke(app, ["confirm", str(plan), "review-existing-plans"])
    assert result.exit_code == 2
    assert "cannot be edited" in result.output
    assert _read(plan) == "items: [\n"
    (plan / "checklist.yaml").unlink()
    result = runner.invoke(app, ["confirm", str(plan), "review-existing-plan"])
    assert result.exit_code == 2
    assert 'did you mean "review-existing-plans"' in result.output
    result = runner.invoke(app, ["tailor", str(plan), "review-existing-plans"])
    assert result.exit_code == 2  # --reason is required
    result = runner.invoke(app, ["confirm", str(plan), "review-existing-plans", "--date",
                                 "March"])
    assert result.exit_code == 2
    assert not (plan / "checklist.yaml").exists()


def test_when_the_merge_cannot_place_the_change_the_rewritten_lines_are_reported(
        tmp_path: Path) -> None:
    text = ("# keep me\nitems:\n  review-existing-plans: {status: done,\n"
            "    date: 2026-03-12}\n  memorial-events-protocol: {applicable: false, reason: x}\n")
    plan = _plan(tmp_path, text)
    result = confirm_item(plan, "review-existing-plans", DAY, TODAY)
    assert result.rewritten == (3, 4)
    new = _read(plan)
    assert new.startswith("# keep me\nitems:\n")
    assert new.endswith("  memorial-events-protocol: {applicable: false, reason: x}\n")
    result = CliRunner().invoke(app, ["confirm", str(plan), "review-existing-plans",
                                      "--date", "2026-11-20", "--today", "2026-11-28"])
    assert result.exit_code == 0


# property: whatever the person's layout, only the edited item's lines change ------------------

_KEYS = ("status:", "date:", "note:", "applicable:", "reason:")


def _random_checklist(rnd: random.Random, ids: list[str]) -> str:
    ind, dash = rnd.choice([2, 4]), rnd.choice([0, 2])
    lines = ["# header"] if rnd.random() < .5 else []
    lines += [""] if rnd.random() < .3 else []
    lines.append("items:" + ("  # confirmations" if rnd.random() < .3 else ""))
    for key in rnd.sample(ids, rnd.randint(0, 4)):
        if rnd.random() < .3:
            lines.append(" " * ind + "# about " + key)
        lines.append(" " * ind + key + ":" + ("  # eol" if rnd.random() < .2 else ""))
        deeper = " " * 2 * ind
        if rnd.random() < .5:
            lines.append(deeper + "status: done" + ("   # yes" if rnd.random() < .3 else ""))
            lines.append(deeper + f"date: 2026-01-0{rnd.randint(1, 9)}")
            if rnd.random() < .5:
                lines.append(deeper + rnd.choice(["note: plain", "note: 'single'",
                                                  'note: "double"', "note: ~"]))
        else:
            lines += [deeper + "applicable: false",
                      deeper + "reason: " + rnd.choice(["x", "'y'", '"because: z"'])]
        lines += [rnd.choice(["", "# trailing", "  # indented"]) for _ in range(rnd.randint(0, 2))]
    if lines[-1].startswith("items:"):
        lines[-1] = "items: {}"
    if rnd.random() < .6:
        lines += ["add:", " " * dash + "- id: own-item", " " * (dash + 2) + "section: protocols",
                  " " * (dash + 2) + "text: Do it."]
    lines += ["# end"] if rnd.random() < .3 else []
    return "\n".join(lines) + ("\n" if rnd.random() < .9 else "")


@pytest.mark.slow
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_only_the_edited_items_lines_change(tmp_path: Path, seed: int) -> None:
    from vaplan.catalogue import catalogue

    rnd = random.Random(seed)
    ids = list(catalogue().ids[:8])
    text = _random_checklist(rnd, ids)
    plan = _plan(tmp_path, text)
    item = rnd.choice(ids + ["own-item"] if "own-item" in text else ids)
    if rnd.random() < .5:
        result = confirm_item(plan, item, DAY, TODAY, note=rnd.choice([None, "n: 1", "plain"]))
    else:
        result = tailor_item(plan, item, rnd.choice(["why", "a: b", "#hash"]))
    assert result.rewritten == ()
    new = _read(plan)
    ops = difflib.SequenceMatcher(None, text.splitlines(), new.splitlines(), autojunk=False)
    gone = [line for tag, i1, i2, _, _ in ops.get_opcodes() if tag in ("replace", "delete")
            for line in text.splitlines()[i1:i2]]
    assert all(line.strip().startswith(_KEYS) or line.strip() in ("items: {}", f"{item}:")
               for line in gone), (text, new)
    data = check_plan(plan, TODAY).plan.checklist.items[item]
    assert (data.status == "done") != (data.applicable is False)


def test_a_tab_before_a_comment_does_not_stop_confirm(tmp_path: Path) -> None:
    """`check` (libyaml) accepts `items: {}<TAB># c`; ruamel, the editor's parser, did not."""
    plan = _plan(tmp_path, "# mine\titself\nitems: {}\t# c\n# end\n")
    confirm_item(plan, "review-existing-plans", DAY, TODAY)
    new = _read(plan)
    assert new.startswith("# mine\titself\nitems:") and "\n# end\n" in new
    assert check_plan(plan, TODAY).plan.checklist.items["review-existing-plans"].status == "done"


_SEPARATORS = st.sampled_from([" ", "  ", "\t", " \t", "\t "])
_COMMENTS = st.one_of(st.just(""), st.builds(lambda sep, text: f"{sep}# {text}", _SEPARATORS,
                                              st.sampled_from(["c", "a\tb", "é", "#", ""])))
_VALUES = st.sampled_from(["done", "'done'", '"done"', "in-progress"])


@st.composite
def _checklists(draw: st.DrawFn) -> tuple[str, str, set[int]]:
    """A checklist.yaml text in varied styles, an item to edit, and the indexes of the lines
    that belong to that item (or to `items:`), which the edit may change."""
    from vaplan.catalogue import catalogue

    ids = list(catalogue().ids[:5])
    item = draw(st.sampled_from(ids))
    ind = draw(st.sampled_from([1, 2, 4]))
    lines: list[str] = []
    mine: set[int] = set()
    for _ in range(draw(st.integers(0, 2))):
        lines.append(draw(st.sampled_from(["", "# header", "\t# tabbed", "  # indented"])))
    present = draw(st.lists(st.sampled_from(ids), unique=True, max_size=4))
    if not present:
        mine.add(len(lines))
        lines.append(draw(st.sampled_from(["items: {}", "items:", "items: {}", "items: ~"]))
                     + draw(_COMMENTS))
    else:
        mine.add(len(lines))
        lines.append("items:" + draw(_COMMENTS))
        for key in present:
            start = len(lines)
            sep = draw(st.sampled_from([" ", "\t", " \t"]))
            if draw(st.booleans()):
                lines.append(" " * ind + f"{key}:{sep}{{status: {draw(_VALUES)}, date: "
                             f"2026-01-02}}" + draw(_COMMENTS))
            else:
                lines.append(" " * ind + f"{key}:" + draw(_COMMENTS))
                lines.append(" " * 2 * ind + f"status:{sep}{draw(_VALUES)}" + draw(_COMMENTS))
                lines.append(" " * 2 * ind + f"date:{sep}2026-01-02" + draw(_COMMENTS))
                if draw(st.booleans()):
                    lines.append(" " * 2 * ind + f"note:{sep}'a\tb'" + draw(_COMMENTS))
            if key == item:
                mine.update(range(start, len(lines)))
            for _ in range(draw(st.integers(0, 1))):
                lines.append(draw(st.sampled_from(["", "# between", "\t# tab"])))
    if draw(st.booleans()):
        lines += ["add:", "- id: own-item", "  section: protocols", "  text: 'Do\tit.'"]
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines) + (ending if draw(st.booleans()) else "")
    return text, item, mine


@pytest.mark.slow
@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(case=_checklists(), bom=st.booleans(), tailor=st.booleans())
def test_confirm_on_any_accepted_checklist_edits_only_its_item_or_says_why(
        tmp_path_factory: pytest.TempPathFactory, case: tuple[str, str, set[int]], bom: bool,
        tailor: bool) -> None:
    """For checklist.yaml texts `check` reads without a problem, confirm/tailor either keeps
    every byte outside the edited item, or refuses in plain words; never a traceback."""
    from hypothesis import assume

    from vaplan.load.yamlload import load_yaml

    text, item, mine = case
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    assume(not load_yaml(raw).problems)
    plan = _plan(tmp_path_factory.mktemp("plan"), raw)
    assume(check_plan(plan, TODAY).plan.has("checklist"))  # what `check` accepts
    try:
        if tailor:
            result = tailor_item(plan, item, "not here")
        else:
            result = confirm_item(plan, item, DAY, TODAY)
    except EditError as err:
        assert "Traceback" not in str(err) and str(err).strip()
        assert (plan / "checklist.yaml").read_bytes() == raw
        return
    new = (plan / "checklist.yaml").read_bytes()
    assert new.startswith(b"\xef\xbb\xbf") == bom
    new_text = new.decode("utf-8-sig")
    old_lines, new_lines = text.splitlines(), new_text.splitlines()
    ops = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
    changed = {i for tag, i1, i2, _, _ in ops if tag in ("replace", "delete")
               for i in range(i1, i2)}
    allowed = mine | {n - 1 for n in result.rewritten}
    assert changed <= allowed, (text, new_text)
    entry = check_plan(plan, TODAY).plan.checklist.items[item]
    assert (entry.applicable is False) if tailor else (entry.status == "done")
