"""The rule registry: codes, names, documentation, hints, case files and the README's rule table."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from test_rule_cases import CASES_DIR, load_case_file

from vaplan.findings import Severity
from vaplan.rules import all_rules, rule_table
from vaplan.rules.registry import Rule, add

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
SECTIONS = ["Why it matters:", "Fails:", "Passes:"]
RULES = all_rules()


def _ids(rules: list[Rule]) -> list[str]:
    return [r.code for r in rules]


def test_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert [c for c in codes if not re.fullmatch(r"VP\d{3}", c)] == []


def test_names_are_unique_and_kebab_case() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert [n for n in names if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", n)] == []


@pytest.mark.parametrize("other", ["code", "name"])
def test_registering_a_code_or_name_twice_fails(other: str) -> None:
    first = RULES[0]
    clash = Rule(first.code if other == "code" else "VP999",
                 first.name if other == "name" else "no-such-rule", Severity.info, "x", "x")
    with pytest.raises(ValueError, match="registered twice"):
        add(clash)
    assert "VP999" not in _ids(all_rules())


def _sections(doc: str) -> tuple[str, list[str], dict[str, list[str]]]:
    """The summary line, the headings in order, and the body lines under each heading."""
    lines = doc.splitlines()
    headings: list[str] = []
    bodies: dict[str, list[str]] = {}
    for line in lines[2:]:
        if line and not line[0].isspace():
            headings.append(line)
            bodies[line] = []
        elif headings and line.strip():
            bodies[headings[-1]].append(line)
    return lines[0] if lines else "", headings, bodies


@pytest.mark.parametrize("entry", RULES, ids=_ids(RULES))
def test_docstring_shape(entry: Rule) -> None:
    """One-line summary, a blank line, then Why it matters / Fails / Passes, each non-empty."""
    lines = entry.doc.splitlines()
    assert len(lines) > 2 and lines[0].strip() and lines[1] == "", (
        f"{entry.code}: the docstring must open with a one-line summary and a blank line")
    summary, headings, bodies = _sections(entry.doc)
    assert headings == SECTIONS, f"{entry.code}: sections are {headings}, expected {SECTIONS}"
    empty = [h for h in SECTIONS if not bodies[h]]
    assert not empty, f"{entry.code}: empty sections {empty}"
    assert entry.summary == summary


@pytest.mark.parametrize("entry", RULES, ids=_ids(RULES))
def test_every_rule_has_a_hint(entry: Rule) -> None:
    assert entry.hint and entry.hint.strip(), f"{entry.code} has no hint"


@pytest.mark.parametrize("entry", RULES, ids=_ids(RULES))
def test_every_rule_has_pass_and_fail_cases(entry: Rule) -> None:
    path = CASES_DIR / f"{entry.code}.yaml"
    assert path.is_file(), f"{entry.code} has no case file {path.relative_to(CASES_DIR.parent)}"
    data = load_case_file(path)
    assert data.get("rule") == entry.code, f"{path.name} says rule: {data.get('rule')}"
    cases = data.get("cases") or {}
    assert any(k.startswith("fail_") for k in cases), f"{path.name} has no fail_ case"
    assert any(k.startswith("pass_") for k in cases), f"{path.name} has no pass_ case"


def test_case_files_are_consistent() -> None:
    """Ids start with fail_ or pass_; a fail_ case expects findings, a pass_ case expects none."""
    codes = set(_ids(RULES))
    problems = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = load_case_file(path)
        if path.stem not in codes:
            problems.append(f"{path.name}: no rule {path.stem} in the registry")
        for key, case in (data.get("cases") or {}).items():
            expected = (case or {}).get("expect") or []
            if key.startswith("fail_") and not expected:
                problems.append(f"{path.name}: {key} expects no finding")
            elif key.startswith("pass_") and expected:
                problems.append(f"{path.name}: {key} expects findings")
            elif not key.startswith(("fail_", "pass_")):
                problems.append(f"{path.name}: {key} starts with neither fail_ nor pass_")
    assert problems == []


def _readme_script() -> ModuleType:
    """.ci/readme.py, the command that writes the README's tables from the registries."""
    spec = importlib.util.spec_from_file_location("readme_tables", ROOT / ".ci" / "readme.py")
    assert spec and spec.loader, ".ci/readme.py is missing"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["rules", "kinds"])
def test_readme_tables_are_the_registries(name: str) -> None:
    """The README's rule table and its table of documents are written by `python
    .ci/readme.py`, never by hand: a new rule or document kind (or a changed summary, name,
    severity or help) fails here until the command is run."""
    from vaplan.render.kinds import kind_table

    made = {"rules": rule_table, "kinds": kind_table}[name]()
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert match, f"README.md has no table between <!-- {name}:start --> and <!-- {name}:end -->"
    table = match.group(1)
    stale = sorted(set(table.splitlines()) ^ set(made.splitlines()))
    assert table == made, (
        f"README.md's {name} table differs from the registry; regenerate it with "
        "`python .ci/readme.py`\n" + "\n".join(stale))


def test_the_readme_rule_table_lists_every_rule_once_in_code_order() -> None:
    rows = rule_table().splitlines()[2:]
    assert [row.split(" | ")[0].strip("| ") for row in rows] == _ids(RULES)
    assert [row.split(" | ")[1] for row in rows] == [r.name for r in RULES]


def test_the_readme_command_rewrites_a_stale_table() -> None:
    script = _readme_script()
    text = README.read_text(encoding="utf-8")
    assert script.regenerated(text) == text
    stale = text.replace("| VP502 | agreement-expired | error |", "| VP502 | agreement-old | info |")
    assert stale != text and script.regenerated(stale) == text
    with pytest.raises(SystemExit, match="no rules table"):
        script.regenerated("# no tables here\n")


def test_the_rule_context_has_the_plan_files_and_nothing_else(tmp_path: Path) -> None:
    """A misspelled file name is an error, not a silent None that a rule then trips over."""
    from datetime import date

    from vaplan.facts import plan_facts
    from vaplan.models import Checks
    from vaplan.rules.registry import Context
    from vaplan.vocabulary import vocabulary

    ctx = Context(facts=plan_facts({}, Checks(), date(2026, 11, 28)), checks=Checks(),
                  today=date(2026, 11, 28), vocabulary=vocabulary())
    assert ctx.committee is None and ctx.model("committee") is None
    assert ctx.model("facts") is None  # only plan files are models
    with pytest.raises(AttributeError):
        ctx.comittee  # type: ignore[attr-defined]  # noqa: B018


def test_every_rule_ranks_its_next_steps_from_1_to_4() -> None:
    from vaplan.rules import all_rules, get_rule

    assert all(entry.priority in (1, 2, 3, 4) for entry in all_rules())
    assert get_rule("VP109").priority == 1  # the call tree: the incident day
    assert get_rule("VP101").priority == 2  # the committee
    assert get_rule("VP305").priority == 3  # written protocols
    assert {get_rule(f"VP70{i}").priority for i in range(1, 6)} == {4}  # exercises
