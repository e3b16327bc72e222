"""The editor schemas and `vaplan check` say the same of each value: one decision per case,
held on both sides by mutating a plan and asking both (jsonschema over the file as an editor
reads it, YAML 1.2, and vaplan's own check).

The decisions (issue 25):
- an email address has the form name@place.domain, on both sides;
- an always-on rule (VP001-VP004, VP008) cannot be waived, ignored or re-ranked: the schema
  does not offer it;
- a checklist item `status: done` needs a `date:`, `applicable: false` needs a `reason:`, and
  an item cannot be both done and not applicable;
- true and false are the only booleans: YAML 1.1's `yes`, `no`, `on` and `off` are refused by
  `vaplan check` as they are by an editor (YAML 1.2 reads them as text), so a plan means the
  same in both;
- a number is written as a number: `"90"` for a number of days is refused on both sides;
- a key with nothing after it (`members:`) is an empty list on both sides.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from test_schema import Yaml12Loader

from conftest import PIMA, TODAY
from vaplan.check.checker import check_plan
from vaplan.export.schema import plan_schemas, schema_name

FORM = {"VP001", "VP002", "VP003", "VP004", "VP005"}
CHECKLIST = "items:\n  review-existing-plans:\n"

#: (name, file, replace this, with this, accepted by both?)
MUTATIONS = [
    ("email-without-at", "committee.yaml", "email: mocampo@pcao.example.gov",
     "email: mocampo.pcao.example.gov", False),
    ("email-without-domain-dot", "committee.yaml", "email: mocampo@pcao.example.gov",
     "email: mocampo@pcao", False),
    ("email-with-space", "committee.yaml", "email: mocampo@pcao.example.gov",
     'email: "m ocampo@pcao.example.gov"', False),
    ("email-as-number", "committee.yaml", "email: mocampo@pcao.example.gov", "email: 5", False),
    ("email-fine", "committee.yaml", "email: mocampo@pcao.example.gov",
     "email: m.ocampo+plan@pcao.example.gov", True),
    ("waive-always-on", "committee.yaml", "members:\n", "waivers:\n  VP002: we know\nmembers:\n",
     False),
    ("waive-always-on-by-name", "committee.yaml", "members:\n",
     "waivers:\n  schema: we know\nmembers:\n", False),
    ("waive-ordinary-rule", "committee.yaml", "members:\n",
     "waivers:\n  VP102: the board is the steering committee\nmembers:\n", True),
    ("done-without-date", "checklist.yaml", None, CHECKLIST + "    status: done\n", False),
    ("done-with-null-date", "checklist.yaml", None,
     CHECKLIST + "    status: done\n    date:\n", False),
    ("done-with-date", "checklist.yaml", None,
     CHECKLIST + "    status: done\n    date: 2026-10-01\n", True),
    ("not-applicable-without-reason", "checklist.yaml", None,
     CHECKLIST + "    applicable: false\n", False),
    ("not-applicable-blank-reason", "checklist.yaml", None,
     CHECKLIST + "    applicable: false\n    reason: ' '\n", False),
    ("not-applicable-with-reason", "checklist.yaml", None,
     CHECKLIST + "    applicable: false\n    reason: the state does this\n", True),
    ("done-and-not-applicable", "checklist.yaml", None,
     CHECKLIST + "    status: done\n    date: 2026-10-01\n    applicable: false\n"
                 "    reason: the state does this\n", False),
    ("yaml11-yes", "committee.yaml", "steering: true", "steering: yes", False),
    ("yaml11-on", "committee.yaml", "chair: true", "chair: on", False),
    ("yaml11-no", "checklist.yaml", None, CHECKLIST + "    applicable: no\n    reason: x\n",
     False),
    ("boolean-true", "committee.yaml", "steering: true", "steering: True", True),
    ("quoted-number", "vaplan.yaml", "expiry_warning_days: 90", 'expiry_warning_days: "90"',
     False),
    ("number", "vaplan.yaml", "expiry_warning_days: 90", "expiry_warning_days: 60", True),
    ("word-for-number", "vaplan.yaml", "expiry_warning_days: 90", "expiry_warning_days: ninety",
     False),
    ("empty-members", "committee.yaml", "members:\n", "members:\nold_members:\n", None),
    ("unknown-key", "vaplan.yaml", "community:", "comunity:", False),
]


def _mutated(tmp_path: Path, file: str, old: str | None, new: str) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(PIMA, plan)
    path = plan / file
    if old is None:
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the example no longer holds {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return plan


def _editor_accepts(plan: Path, file: str) -> bool:
    data = yaml.load((plan / file).read_text(encoding="utf-8"), Yaml12Loader)
    schema = plan_schemas()[schema_name(file)]
    validator = jsonschema.Draft202012Validator
    return validator(schema, format_checker=validator.FORMAT_CHECKER).is_valid(data)


def _check_accepts(plan: Path, file: str) -> bool:
    result = check_plan(plan, TODAY)
    return not [f for f in result.findings if f.file == file and f.code in FORM]


@pytest.mark.parametrize("name, file, old, new, accepted",
                         [m for m in MUTATIONS if m[4] is not None], ids=lambda v: v
                         if isinstance(v, str) and "\n" not in v and len(v) < 40 else "")
def test_schema_and_check_agree(tmp_path: Path, name: str, file: str, old: str | None,
                                new: str, accepted: bool) -> None:
    plan = _mutated(tmp_path, file, old, new)
    editor, check = _editor_accepts(plan, file), _check_accepts(plan, file)
    assert (editor, check) == (accepted, accepted), f"{name}: editor {editor}, check {check}"


def test_an_empty_members_key_is_an_empty_list_on_both_sides(tmp_path: Path) -> None:
    plan = _mutated(tmp_path, "committee.yaml", None, "members:\n")
    assert _editor_accepts(plan, "committee.yaml")
    assert _check_accepts(plan, "committee.yaml")
    result = check_plan(plan, TODAY)
    assert result.plan.committee is not None and result.plan.committee.members == []


@pytest.mark.slow
def test_check_jsonschema_agrees_on_the_examples_and_a_mutation(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    program = Path(sys.executable).parent / "check-jsonschema"
    if not program.exists():
        pytest.skip("check-jsonschema is not installed (pip install check-jsonschema)")
    schemas = ROOT / "schemas"
    for example in ("pima-county", "riverside-city"):
        files = [str(p) for p in (ROOT / "examples" / example).glob("committee.yaml")]
        done = subprocess.run([str(program), "--schemafile", str(schemas / "committee.schema.json"),
                               *files], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    plan = _mutated(tmp_path, "committee.yaml", "steering: true", "steering: yes")
    done = subprocess.run([str(program), "--schemafile", str(schemas / "committee.schema.json"),
                           str(plan / "committee.yaml")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1 and not _check_accepts(plan, "committee.yaml")
