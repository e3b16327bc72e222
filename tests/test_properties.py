"""Property tests: no input of any kind makes vaplan raise; every run ends in findings or a clear
error. Bounded in examples and per-example time so they run in CI."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import TODAY
from vaplan.check.checker import check_plan
from vaplan.cli.main import app
from vaplan.models import FILE_MODELS
from vaplan.rules import all_rules
from vaplan.vocabulary import vocabulary

CODES = {r.code for r in all_rules()}
BOUNDED = settings(max_examples=60, deadline=5000, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])
META = b"community: Test\njurisdiction: {level: city, name: Test}\n"


def _check(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in files.items():
            (Path(tmp) / name).write_bytes(content)
        result = check_plan(Path(tmp), TODAY)
    for finding in result.findings:
        assert finding.code in CODES
        assert finding.message and finding.hint
        assert finding.file in FILE_MODELS
        assert finding.line is None or (finding.line >= 1 and finding.column >= 1)
    return result


@BOUNDED
@given(content=st.binary(max_size=2000), name=st.sampled_from(sorted(FILE_MODELS)))
def test_arbitrary_bytes_end_in_findings(content: bytes, name: str) -> None:
    files = {"vaplan.yaml": META, "committee.yaml": b"members: []\n", name: content}
    result = _check(files)
    assert result.findings, "a plan made of random bytes cannot check clean"


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.text(max_size=20), st.dates().map(str))
_yaml_data = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=25)


@BOUNDED
@given(data=_yaml_data, name=st.sampled_from(sorted(FILE_MODELS)))
def test_arbitrary_yaml_never_raises(data: object, name: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True).encode()
    _check({"vaplan.yaml": META, "committee.yaml": b"members: []\n", name: text})


_ids = st.one_of(st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True), st.text(max_size=8))
_member = st.fixed_dictionaries({
    "id": _ids,
    "organization": st.text(max_size=20),
    "disciplines": st.lists(st.one_of(st.sampled_from(sorted(vocabulary().disciplines)),
                                      st.text(max_size=10)), max_size=3),
    "sector": st.sampled_from(["public", "nonprofit", "private", "other", ""]),
    "level": st.sampled_from(["city", "county", "regional", "state", "federal", "moon"]),
    "representative": st.fixed_dictionaries(
        {"name": st.text(max_size=10)},
        optional={"email": st.text(max_size=12), "phone": st.text(max_size=12)}),
}, optional={"steering": st.booleans(), "joined": st.dates().map(str),
             "waivers": st.dictionaries(st.sampled_from(["VP501", "VP9", "schema"]),
                                        st.text(max_size=8), max_size=2)})
_agreement = st.fixed_dictionaries({
    "id": _ids, "type": st.sampled_from(["MOU", "MOA", "contract"]),
    "title": st.text(max_size=10), "parties": st.lists(_ids, max_size=3),
}, optional={"expires": st.dates().map(str), "signed": st.dates().map(str),
             "document": st.sampled_from(["../../etc/passwd", "/etc/passwd", "x.pdf", ""])})


@BOUNDED
@given(members=st.lists(_member, max_size=6), agreements=st.lists(_agreement, max_size=4),
       reviewed=st.one_of(st.none(), st.dates()))
def test_wrong_but_well_formed_plans_never_raise(members, agreements, reviewed) -> None:
    committee = {"members": members, **({"reviewed": reviewed} if reviewed else {})}
    files = {"vaplan.yaml": META,
             "committee.yaml": yaml.safe_dump(committee, allow_unicode=True).encode(),
             "agreements.yaml": yaml.safe_dump({"agreements": agreements},
                                               allow_unicode=True).encode()}
    result = _check(files)
    assert result.findings, "a plan without roles.yaml or principles.yaml cannot check clean"


def _example_files() -> dict[str, bytes]:
    root = Path(__file__).parent.parent / "examples" / "riverside-city"
    if not root.is_dir():
        pytest.skip("examples/riverside-city is not there")
    return {p.name: p.read_bytes() for p in root.glob("*.yaml")}


@BOUNDED
@given(data=st.data())
def test_mutated_example_never_raises(data: st.DataObject) -> None:
    files = _example_files()
    name = data.draw(st.sampled_from(sorted(files)))
    content = bytearray(files[name])
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(content)))
        if data.draw(st.booleans()) and at < len(content):
            del content[at]
        else:
            content[at:at] = data.draw(st.sampled_from([b":", b"-", b"\t", b"[", b"'", b"&a ",
                                                         b"*a", b"\n  ", b"\xff", b"!!x "]))
    files[name] = bytes(content)
    _check(files)


@settings(max_examples=25, deadline=10000, derandomize=True)
@given(content=st.binary(max_size=500))
def test_cli_on_random_bytes_exits_1_or_2_without_traceback(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "vaplan.yaml").write_bytes(content)
        (Path(tmp) / "committee.yaml").write_bytes(content)
        result = CliRunner().invoke(app, ["check", tmp, "--today", "2026-11-28"])
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
