"""Property tests of reading: any bytes, any YAML-ish text (tags, anchors, aliases, brackets) and
any mutation of an example file end in findings and an exit code, never an exception out of
check_plan; a run over several plans reports every plan. Bounded so they run in CI."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import RIVERSIDE, TODAY
from vaplan.check.checker import CheckResult, check_plan
from vaplan.check.many import check_plans
from vaplan.cli.main import app
from vaplan.load.yamlload import _SEPARATORS, _Loader, load_yaml
from vaplan.models import FILE_MODELS

BOUNDED = settings(max_examples=40, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])
META = b"community: Test\njurisdiction: {level: city, name: Test}\n"
TAGS = ["!!seq ", "!!map ", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ",
        "!!timestamp ", "!!binary ", "!!set ", "!x ", "!<tag:yaml.org,2002:int> "]
TOKENS = [*TAGS, "&a ", "&b ", "*a", "*b", "[", "]", "{", "}", ", ", ": ", "- ", "? ", "\n",
          "\n  ", "\n    ", "'", '"', "#", "a", "members", "1", "1.5", "2026-11-28", "true",
          "maybe", "~", "", "|\n  x", ">\n  y", "---\n", "\t", "\\", "é"]
_yamlish = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


def _write(root: Path, files: dict[str, bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (root / name).write_bytes(content)
    return root


def _checked(files: dict[str, bytes]) -> CheckResult:
    with tempfile.TemporaryDirectory() as tmp:
        result = check_plan(_write(Path(tmp), files), TODAY)
    for finding in result.findings:
        assert finding.message and finding.hint
        assert finding.line is None or (finding.line >= 1 and finding.column >= 1)
    return result


@BOUNDED
@given(text=_yamlish, name=st.sampled_from(sorted(FILE_MODELS)))
def test_yamlish_text_ends_in_findings(text: str, name: str) -> None:
    loaded = load_yaml(text.encode())
    assert loaded.readable or loaded.problems  # an unreadable file always says why
    _checked({"vaplan.yaml": META, "committee.yaml": b"members: []\n", name: text.encode()})


@BOUNDED
@given(text=_yamlish)
def test_the_cheap_count_never_undercounts_values(text: str) -> None:
    # the loader trusts this bound to skip counting values on the event stream
    try:
        events = list(yaml.parse(text, Loader=_Loader))
    except yaml.YAMLError:
        return
    values = sum(isinstance(e, (yaml.ScalarEvent, yaml.CollectionStartEvent)) for e in events)
    assert values <= 2 * sum(text.count(c) for c in _SEPARATORS) + 2


def _examples() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in RIVERSIDE.glob("*.yaml")}


@BOUNDED
@given(data=st.data())
def test_mutated_examples_with_tags_and_aliases_never_raise(data: st.DataObject) -> None:
    files = _examples()
    name = data.draw(st.sampled_from(sorted(files)))
    content = bytearray(files[name])
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(content)))
        content[at:at] = data.draw(st.sampled_from(TOKENS)).encode()
    files[name] = bytes(content)
    _checked(files)


_plan_files = st.dictionaries(
    st.sampled_from(sorted(FILE_MODELS)),
    st.one_of(_yamlish.map(str.encode), st.binary(max_size=200),
              st.sampled_from([b"members: !!map a\n", b"x: !!int {}\n", b"!!str [a]\n"])),
    max_size=3)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(plans=st.lists(st.one_of(st.none(), _plan_files), min_size=2, max_size=3))
def test_a_run_over_several_plans_reports_every_plan(plans: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        dirs = []
        for i, files in enumerate(plans):
            if files is None:  # the clean example among broken ones
                dirs.append(_write(Path(tmp) / f"p{i}", _examples()))
            else:
                dirs.append(_write(Path(tmp) / f"p{i}", {"vaplan.yaml": META, **files}))
        outcomes = check_plans(dirs, TODAY, workers=1)
        assert len(outcomes) == len(dirs)
        assert all(isinstance(o, (str, CheckResult)) for o in outcomes)
        result = CliRunner().invoke(app, ["check", *map(str, dirs), "--today", "2026-11-28"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (1, 2), result.output
    for d in dirs:
        assert str(d) in result.output  # a header or a plain-words reason, for each plan
