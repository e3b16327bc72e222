"""The loader: positions of keys and items, and every hostile file ending in a clear finding.

Each hostile test copies the clean example plan, spoils one file, and checks that `check_plan`
returns (never raises) with a finding that says what is wrong and where.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

import vaplan.load.planfile
import vaplan.load.yamlload
from conftest import TODAY, copy_plan
from vaplan.check.checker import CheckResult, check_plan
from vaplan.findings import Finding
from vaplan.load.positions import locate
from vaplan.load.yamlload import load_yaml, position

PIMA = Path(__file__).parent.parent / "examples" / "pima-county"
LOADER_CODES = {"VP001", "VP002", "VP003", "VP004", "VP007", "VP008"}

COMMITTEE = b"""\
reviewed: 2026-10-14
members:
  - id: pima-oem
    organization: Pima County Office of Emergency Management
    disciplines: [emergency_management, county_government]
    representative:
      name: Daniel Whitfield
  - id: tucson-police
    organization: Tucson Police Department
"""


# --- positions ----------------------------------------------------------------------------------

def _node(text: bytes | str):
    loaded = load_yaml(text.encode() if isinstance(text, str) else text)
    assert loaded.problems == []
    return loaded.node


def test_position_of_a_top_level_key() -> None:
    assert locate(_node(COMMITTEE), ("reviewed",)) == (1, 1)
    assert locate(_node(COMMITTEE), ("members",)) == (2, 1)


def test_position_of_a_value_with_anchor_value() -> None:
    assert locate(_node(COMMITTEE), ("reviewed",), anchor="value") == (1, 11)


def test_position_of_list_items() -> None:
    node = _node(COMMITTEE)
    assert locate(node, ("members", 0)) == (3, 5)
    assert locate(node, ("members", 1)) == (8, 5)


def test_position_of_a_key_inside_a_list_item() -> None:
    node = _node(COMMITTEE)
    assert locate(node, ("members", 1, "organization")) == (9, 5)
    assert locate(node, ("members", 1, "organization"), anchor="value") == (9, 19)
    assert locate(node, ("members", 0, "representative", "name")) == (7, 7)


def test_position_of_an_item_in_a_flow_list() -> None:
    assert locate(_node(COMMITTEE), ("members", 0, "disciplines", 1)) == (5, 41)


def test_missing_key_falls_back_to_the_deepest_key_that_exists() -> None:
    node = _node(COMMITTEE)
    assert locate(node, ("members", 0, "representative", "email")) == (6, 5)
    assert locate(node, ("members", 1, "representative")) == (8, 5)  # the item itself
    assert locate(node, ("principles",)) == (1, 1)  # the root mapping


def test_index_past_the_end_falls_back_to_the_list_key() -> None:
    assert locate(_node(COMMITTEE), ("members", 7, "id")) == (2, 1)


def test_empty_file_has_no_position() -> None:
    assert load_yaml(b"").node is None
    assert locate(None, ("members",)) is None


def test_position_is_one_based() -> None:
    assert position(_node(b"vision: x\n")) == (1, 1)


def test_columns_count_characters_not_bytes() -> None:
    node = _node('members:\n  - {name: "José Álvarez", email: a@example.org}\n')
    assert locate(node, ("members", 0, "email")) == (2, 28)


def test_positions_after_a_bom_and_crlf_line_ends() -> None:
    node = _node("\ufeffa: 1\r\nb:\r\n  - x\r\n  - y\r\n".encode())
    assert locate(node, ("a",), anchor="value") == (1, 4)
    assert locate(node, ("b", 1)) == (4, 5)


def test_numbers_keep_how_they_were_written_where_text_is_wanted() -> None:
    data = load_yaml(b"phone: +15205550101\nversion: 3.10\nid: 007\nmonths: 12\n").data
    assert [str(v) for v in data.values()] == ["+15205550101", "3.10", "007", "12"]
    assert data["months"] == 12


def test_yaml_1_2_words_stay_text() -> None:
    assert load_yaml(b"a: no\nb: yes\nc: on\nd: true\n").data == {
        "a": "no", "b": "yes", "c": "on", "d": True}


# --- hostile input ------------------------------------------------------------------------------

@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A copy of the clean example plan, to spoil one file at a time."""
    target = copy_plan(tmp_path)
    return target


def _check(directory: Path) -> CheckResult:
    result = check_plan(directory, TODAY)
    for finding in result.findings:
        assert finding.message and finding.hint, finding
    return result


def _only(result: CheckResult, file: str) -> list[Finding]:
    """The loader's findings, which must all be about `file`."""
    found = [f for f in result.findings if f.code in LOADER_CODES]
    assert {f.file for f in found} <= {file}, found
    return found


def _one(result: CheckResult, file: str, code: str) -> Finding:
    found = [f for f in _only(result, file) if f.code == code]
    assert len(found) == 1, result.findings
    assert found[0].severity.value == "error"
    return found[0]


def test_clean_copy_has_no_findings(plan: Path) -> None:
    assert _check(plan).findings == []


def test_malformed_yaml(plan: Path) -> None:
    (plan / "principles.yaml").write_text("vision: ok\nvalues: [a, b\nmission: x\n")
    finding = _one(_check(plan), "principles.yaml", "VP001")
    assert (finding.line, finding.column) == (3, 8)
    assert "square brackets opened on line 2" in finding.message


def test_unclosed_quote_points_at_the_opening_quote(plan: Path) -> None:
    (plan / "principles.yaml").write_text('vision: ok\nmission: "To work\ngoals: []\n')
    finding = _one(_check(plan), "principles.yaml", "VP001")
    assert (finding.line, finding.column) == (2, 10)
    assert "quote opened on line 2 is never closed" in finding.message


def test_tab_indentation(plan: Path) -> None:
    (plan / "committee.yaml").write_text("reviewed: 2026-10-14\nmembers:\n\t- id: pima-oem\n")
    finding = _one(_check(plan), "committee.yaml", "VP001")
    assert (finding.line, finding.column) == (3, 1)
    assert "tab character" in finding.message


def test_byte_order_mark_is_read_and_positions_are_unchanged(plan: Path) -> None:
    path = plan / "principles.yaml"
    path.write_bytes(b"\xef\xbb\xbfvison: typo\n" + path.read_bytes())
    finding = _one(_check(plan), "principles.yaml", "VP003")
    assert (finding.line, finding.column) == (1, 1)
    assert 'unknown key "vison" (did you mean "vision"?)' in finding.message


def test_crlf_line_ends(plan: Path) -> None:
    path = plan / "vaplan.yaml"
    text = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(text.replace(b"  state: AZ", b"  state: AZ\r\n  county: Pima"))
    finding = _one(_check(plan), "vaplan.yaml", "VP003")
    line = text.split(b"\r\n").index(b"  state: AZ") + 2
    assert (finding.line, finding.column) == (line, 3)


def test_crlf_plan_checks_clean(plan: Path) -> None:
    for path in plan.glob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert _check(plan).findings == []


def test_empty_file(plan: Path) -> None:
    (plan / "principles.yaml").write_bytes(b"")
    result = _check(plan)
    assert _only(result, "principles.yaml") == []
    assert [(f.code, f.line) for f in result.findings] == [("VP201", 1)] * 4


def test_empty_vaplan_yaml_asks_for_the_required_fields(plan: Path) -> None:
    (plan / "vaplan.yaml").write_bytes(b"# nothing yet\n")
    found = _only(_check(plan), "vaplan.yaml")
    assert sorted(f.message for f in found) == ['required field "community" is missing',
                                                 'required field "jurisdiction" is missing']
    assert {(f.line, f.column) for f in found} == {(1, 1)}


def test_invalid_utf8(plan: Path) -> None:
    (plan / "principles.yaml").write_bytes("vision: ok\nmission: Für alle\xe9\n".encode()
                                           .replace(b"\xc3\xa9", b"\xe9"))
    finding = _one(_check(plan), "principles.yaml", "VP001")
    assert (finding.line, finding.column) == (2, 18)
    assert "not valid UTF-8" in finding.message and "0xe9" in finding.message


def test_utf16_file_is_named_as_such(plan: Path) -> None:
    (plan / "principles.yaml").write_bytes("vision: ok\n".encode("utf-16"))
    finding = _one(_check(plan), "principles.yaml", "VP001")
    assert "UTF-16" in finding.message and (finding.line, finding.column) == (1, 1)


def test_binary_junk(plan: Path) -> None:
    (plan / "roles.yaml").write_bytes(bytes(range(256)) * 40)
    finding = _one(_check(plan), "roles.yaml", "VP001")
    assert "binary" in finding.message and (finding.line, finding.column) == (1, 1)


def test_control_character(plan: Path) -> None:
    (plan / "principles.yaml").write_bytes(b"vision: ok\nmission: a\x07b\n")
    finding = _one(_check(plan), "principles.yaml", "VP001")
    assert "U+0007" in finding.message and (finding.line, finding.column) == (2, 11)


def test_python_tag_is_refused_and_never_run(plan: Path, tmp_path: Path) -> None:
    canary = tmp_path / "pwned"
    (plan / "principles.yaml").write_text(
        f'vision: !!python/object/apply:builtins.open ["{canary}", "w"]\n')
    result = _check(plan)
    finding = _one(result, "principles.yaml", "VP008")
    assert (finding.line, finding.column) == (1, 9)
    assert '"!!python/object/apply:builtins.open" is not allowed' in finding.message
    assert not canary.exists()


def test_billion_laughs(plan: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (plan / "principles.yaml").write_text("\n".join(lines) + "\n")
    start = time.monotonic()
    finding = _one(_check(plan), "principles.yaml", "VP008")
    assert time.monotonic() - start < 10
    assert "billion laughs" in finding.message and finding.line is not None


def test_100000_nested_brackets(plan: Path) -> None:
    (plan / "principles.yaml").write_text("vision: " + "[" * 100_000 + "]" * 100_000 + "\n")
    finding = _one(_check(plan), "principles.yaml", "VP008")
    assert "nests more than" in finding.message and finding.line == 1


@pytest.mark.parametrize("text", ["[" * 100_000, "- " * 100_000 + "x", "{a: " * 100_000])
def test_deep_nesting_is_measured_before_composing_where_libyaml_has_no_limit(
        plan: Path, monkeypatch, text: str) -> None:
    # libyaml 0.2.5 (PyYAML 6.0.1-6.0.3 wheels) composes any depth and crashes the process
    monkeypatch.setattr(vaplan.load.yamlload, "NESTING_LIMITED", False)
    (plan / "principles.yaml").write_text(text)
    finding = _one(_check(plan), "principles.yaml", "VP008")
    assert finding.message.startswith("this file nests more than 1,000 levels deep")


def test_oversized_file_refused_before_reading(plan: Path, monkeypatch) -> None:
    # the limit is above every other file of the example plan
    monkeypatch.setattr(vaplan.load.planfile, "MAX_FILE_BYTES", 10_000)
    monkeypatch.setattr(vaplan.load.yamlload, "MAX_FILE_BYTES", 10_000)
    (plan / "principles.yaml").write_text("vision: " + "x" * 20_000 + "\n")
    result = _check(plan)
    assert "principles.yaml" not in result.raw.files  # refused from its size, never read
    finding = _one(result, "principles.yaml", "VP008")
    assert "20,009 bytes, more than the 10,000 bytes" in finding.message
    assert (finding.line, finding.column) == (1, 1)


def test_oversized_bytes_refused_by_the_parser(monkeypatch) -> None:
    monkeypatch.setattr(vaplan.load.yamlload, "MAX_FILE_BYTES", 100)
    loaded = load_yaml(b"vision: " + b"x" * 200 + b"\n")
    assert not loaded.readable
    assert [(p.code, p.line) for p in loaded.problems] == [("VP008", 1)]
    assert "209 bytes, more than the 100 bytes" in loaded.problems[0].message


def test_duplicate_keys(plan: Path) -> None:
    (plan / "principles.yaml").write_text("vision: a\nmission: b\nvision: c\ngoals: [g]\n"
                                          "values: [{name: v}]\n")
    finding = _one(_check(plan), "principles.yaml", "VP004")
    assert (finding.line, finding.column) == (3, 1)
    assert 'the key "vision" appears twice' in finding.message and "line 1" in finding.message


def test_two_yaml_documents(plan: Path) -> None:
    path = plan / "principles.yaml"
    path.write_bytes(path.read_bytes() + b"---\nvision: second\n")
    finding = _one(_check(plan), "principles.yaml", "VP001")
    assert finding.line == path.read_text().splitlines().index("---") + 1
    assert "more than one YAML document" in finding.message


def test_symlink_outside_the_plan_is_not_followed(plan: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("members: []\nsecret_key: do-not-read\n")
    (plan / "committee.yaml").unlink()
    (plan / "committee.yaml").symlink_to(outside)
    result = _check(plan)
    finding = _one(result, "committee.yaml", "VP008")
    assert "link to a file outside the plan directory" in finding.message
    assert "secret_key" not in str(result.findings)
    assert result.plan.committee is None


def test_symlink_inside_the_plan_is_followed(plan: Path) -> None:
    (plan / "principles.yaml").rename(plan / "principles-2026.yaml")
    (plan / "principles.yaml").symlink_to("principles-2026.yaml")
    assert _check(plan).findings == []


def test_dangling_symlink(plan: Path) -> None:
    (plan / "roles.yaml").unlink()
    (plan / "roles.yaml").symlink_to("roles-old.yaml")
    finding = _one(_check(plan), "roles.yaml", "VP007")
    assert "link to a file that does not exist" in finding.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_not_opened(plan: Path) -> None:
    (plan / "roles.yaml").unlink()
    os.mkfifo(plan / "roles.yaml")
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(_check(plan)), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert outcome, "vaplan blocked on a FIFO"
    finding = _one(outcome[0], "roles.yaml", "VP007")
    assert "named pipe" in finding.message and finding.line is None


def test_directory_named_like_a_plan_file(plan: Path) -> None:
    (plan / "committee.yaml").unlink()
    (plan / "committee.yaml").mkdir()
    finding = _one(_check(plan), "committee.yaml", "VP007")
    assert "committee.yaml is a directory" in finding.message


def test_top_level_list_instead_of_mapping(plan: Path) -> None:
    (plan / "principles.yaml").write_text("- vision: x\n- mission: y\n")
    finding = _one(_check(plan), "principles.yaml", "VP002")
    assert (finding.line, finding.column) == (1, 1)
    assert 'should be a mapping of keys such as "vision:", but it is a list' in finding.message


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root reads any file")
def test_unreadable_file(plan: Path) -> None:
    (plan / "roles.yaml").chmod(0)
    finding = _one(_check(plan), "roles.yaml", "VP007")
    assert "cannot be read" in finding.message


# --- schema messages in plain words ---------------------------------------------------------

def test_a_number_is_not_a_date(plan: Path) -> None:
    path = plan / "agreements.yaml"
    path.write_text(path.read_text().replace("expires: 2028-11-17", "expires: 0"))
    finding = _one(_check(plan), "agreements.yaml", "VP002")
    assert finding.message == '"expires" should be a date written YYYY-MM-DD, not "0"'


def test_too_few_parties_says_how_many(plan: Path) -> None:
    path = plan / "agreements.yaml"
    path.write_text(path.read_text().replace(
        "parties: [pima-attorney-vs, desert-legal-aid, ramos-whitaker-law]",
        "parties: [pima-attorney-vs]"))
    finding = _one(_check(plan), "agreements.yaml", "VP002")
    assert finding.message == '"parties" has only 1 entry; it needs at least 2'


# --- a tag that does not fit its node ---------------------------------------------------------

MISFITS = [("x: !!seq a", "a list", '"a"'), ("x: !!map a", "a mapping", '"a"'),
           ("x: !!bool [a]", "true or false", "a list"),
           ("x: !!int {}", "a whole number", "a mapping"),
           ("x: !!float {a: 1}", "a number", "a mapping"), ("x: !!str [a]", "text", "a list"),
           ("x: !!null {}", "empty", "a mapping"), ("x: !!timestamp [a]", "a date", "a list"),
           ("x: !!bool maybe", "true or false", '"maybe"'),
           ("x: !!int 1.5", "a whole number", '"1.5"')]


@pytest.mark.parametrize("text,holds,but", MISFITS)
def test_a_tag_that_does_not_fit_its_value_is_a_finding_at_its_place(text: str, holds: str,
                                                                     but: str) -> None:
    loaded = load_yaml(f"vision: ok\n{text}\n".encode())
    [problem] = loaded.problems
    assert (problem.code, problem.line, problem.column) == ("VP002", 2, 4)
    assert f"says this value is {holds}, but it is {but}" in problem.message.replace(
        " of keys and values", "")
    assert not loaded.readable and loaded.data is None  # never a guess at what was meant


def test_a_tag_on_the_whole_file_or_a_key() -> None:
    assert [p.message for p in load_yaml(b"!!str {a: 1}\n").problems] == [
        'the tag "!!str" says this value is text, but it is a mapping of keys and values']
    assert [p.code for p in load_yaml(b"? !!int {}\n: 1\n").problems] == ["VP002"]


def test_tags_that_fit_are_read() -> None:
    assert load_yaml(b"a: !!float 1\nb: !!int 0x1F\nc: !!str 12\nd: !!null\ne: !!bool true\n"
                     b"f: !!seq [x]\ng: !!map {k: v}\n").data == {
        "a": 1.0, "b": 31, "c": "12", "d": None, "e": True, "f": ["x"], "g": {"k": "v"}}


@pytest.mark.parametrize("command", [
    ["check", "{plan}"], ["render", "{plan}", "--kind", "checklist"],
    ["render", "{plan}", "--kind", "packet"], ["export", "calendar", "{plan}"],
    ["export", "roster", "{plan}"], ["confirm", "{plan}", "contact-list-protocol"],
    ["schema", "-o", "{tmp}/schemas", "--plan", "{plan}"]])
def test_every_command_explains_a_misfit_tag(plan: Path, tmp_path: Path,
                                             command: list[str]) -> None:
    from conftest import TODAY_ARGS, run

    path = plan / "vaplan.yaml"
    path.write_text(path.read_text() + "extra: !!int {}\n")
    (plan / "checklist.yaml").write_text("items: !!seq a\n")
    args = [a.replace("{tmp}", str(tmp_path)).replace("{plan}", str(plan)) for a in command]
    result = run(*args, *(TODAY_ARGS if command[0] != "schema" else []))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    if command[0] in ("check", "confirm"):
        assert result.exit_code in (1, 2)
        assert 'the tag "!!' in result.output


def test_git_history_reads_a_misfit_tag_as_a_broken_file(tmp_path: Path) -> None:
    from vaplan.checklist.changes import _models_of

    # before, the loader raised out of every `--since REV` read of such a revision
    models, broken, _ = _models_of(tmp_path, {"committee.yaml": b"reviewed: !!bool [a]\n"
                                           b"members: !!map a\n"})
    assert broken == ["committee"] and not models.has("committee")


def test_an_export_refuses_a_file_whose_tag_does_not_fit(plan: Path, tmp_path: Path) -> None:
    from conftest import TODAY_ARGS, run

    path = plan / "committee.yaml"
    path.write_text(path.read_text().replace("members:\n", "members: !!map a\nold:\n", 1))
    result = run("export", "roster", plan, "-o", tmp_path / "roster.md", *TODAY_ARGS)
    assert result.exit_code == 2 and "committee.yaml has errors" in result.output
    assert not (tmp_path / "roster.md").exists()  # not a roster of "0 members"


def test_one_plan_with_a_misfit_tag_does_not_hide_the_other_plans(plan: Path) -> None:
    from vaplan.check.many import check_plans

    (plan / "principles.yaml").write_text("vision: !!float {a: 1}\n")
    outcomes = check_plans([plan, PIMA, plan], TODAY, workers=2)
    assert [o.findings == [] for o in outcomes] == [False, True, False]
    assert any("!!float" in f.message for f in outcomes[0].findings)


def test_an_unexpected_fault_in_one_plan_is_that_plans_outcome(plan: Path, monkeypatch) -> None:
    import vaplan.check.many as many

    real = many.check_plan

    def faulty(directory: Path, *args):
        if directory == plan:
            raise KeyError("boom")
        return real(directory, *args)

    monkeypatch.setattr(many, "check_plan", faulty)
    outcomes = many.check_plans([plan, PIMA], TODAY, workers=1)
    assert isinstance(outcomes[0], str) and "fault it did not expect (KeyError)" in outcomes[0]
    assert outcomes[1].findings == []


# --- budgets: what aliases expand to, and how much one file may hold -------------------------

def test_a_long_text_aliased_many_times_is_refused(plan: Path) -> None:
    # 20 kB aliased 100 times is 2 MB of text from a 21 kB file; before, 1 MB aliased 500 times
    # went on to 500 MB reports
    (plan / "principles.yaml").write_text(
        f'vision: &v "{"x" * 20_000}"\nmission: ok\nvalues: [{", ".join(["*v"] * 100)}]\n')
    result = _check(plan)
    finding = _one(result, "principles.yaml", "VP008")
    assert "expand to more than 1,000,000 characters of text" in finding.message
    assert finding.line == 3 and result.plan.principles is None


def test_a_few_aliases_of_short_values_are_read() -> None:
    loaded = load_yaml(b"a: &rep {name: Ana Ruiz, phone: 520-555-0100}\nb: *rep\nc: [*rep, *rep]\n")
    assert loaded.problems == [] and loaded.data["c"] == [loaded.data["a"]] * 2


def test_a_file_with_too_many_values_is_refused_before_composing(plan: Path,
                                                                 monkeypatch) -> None:
    monkeypatch.setattr(vaplan.load.yamlload, "MAX_NODES", 1_000)
    (plan / "principles.yaml").write_text("vision: ok\nvalues: [" + "a," * 1_000 + "a]\n")
    composed = []
    real = vaplan.load.yamlload.yaml.compose
    monkeypatch.setattr(vaplan.load.yamlload.yaml, "compose",
                        lambda *a, **k: composed.append(1) or real(*a, **k))
    result = _check(plan)
    finding = _one(result, "principles.yaml", "VP008")
    assert "holds more than 1,000 values" in finding.message and finding.line == 2
    assert result.plan.principles is None
    assert len(composed) == len(result.raw.files) - 1  # every file but that one


def test_a_file_just_under_the_value_limit_is_read(monkeypatch) -> None:
    monkeypatch.setattr(vaplan.load.yamlload, "MAX_NODES", 1_000)
    loaded = load_yaml(("values: [" + "a," * 996 + "a]\n").encode())  # 1,000 values in all
    assert loaded.problems == [] and len(loaded.data["values"]) == 997


def test_findings_on_every_key_of_a_wide_mapping_find_each_key_once() -> None:
    # positions were a linear search per finding: 40,000 findings took 43 s
    text = "items:\n" + "".join(f"  k{i:05d}: x\n" for i in range(3_000))
    node = _node(text)
    assert [locate(node, ("items", f"k{i:05d}")) for i in (0, 1500, 2999)] == [
        (2, 3), (1502, 3), (3001, 3)]
    assert hasattr(node.value[0][1], "vaplan_keys")  # indexed once, then looked up


def test_a_repeated_key_in_a_wide_mapping_names_the_first_line() -> None:
    text = "".join(f"k{i}: x\n" for i in range(2_000)) + "k1999: again\nk0: again\n"
    messages = [p.message for p in load_yaml(text.encode()).problems]
    assert messages == ['the key "k1999" appears twice in this mapping (first on line 2000)',
                        'the key "k0" appears twice in this mapping (first on line 1)']


def test_a_misfit_tag_is_placed_even_where_a_rule_looks_inside_it() -> None:
    node = load_yaml(b"a: !!map x\nb: !!seq y\n")
    assert node.problems and not node.readable
    tree = _compose_anyway(b"a: !!map x\nb: !!seq y\n")
    assert locate(tree, ("a", "key")) == (1, 1) and locate(tree, ("b", 0)) == (2, 1)


def _compose_anyway(text: bytes):
    from vaplan.load.yamlload import _compose

    return _compose(text.decode())[0]
