"""`vaplan schema`: JSON Schemas that a standard validator and vaplan itself agree on."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from vaplan.cli.main import app
from vaplan.export.schema import dumps, plan_schemas, schema_name
from vaplan.load.yamlload import load_yaml
from vaplan.models import FILE_MODELS
from vaplan.rules import rule_refs
from vaplan.validate import validate
from vaplan.vocabulary import vocabulary

SCHEMAS = ROOT / "schemas"
EXAMPLE_FILES = sorted(p for p in (ROOT / "examples").glob("*/*.yaml") if p.name in FILE_MODELS)
FIRST_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML read as editors read a plan (YAML 1.2): dates stay text, only true/false are
    booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                                   re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


def _validator(plan_file: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / schema_name(plan_file)).read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_committed_schemas_are_the_generated_ones() -> None:
    generated = plan_schemas()
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(generated), (
        "run `vaplan schema -o schemas --force` and commit the result")
    for name, schema in generated.items():
        # compared as JSON values: pydantic versions write a float bound as 100 or 100.0
        assert json.loads((SCHEMAS / name).read_text("utf-8")) == json.loads(dumps(schema)), (
            f"schemas/{name} is stale: run `vaplan schema -o schemas --force` and commit the result")


@pytest.mark.parametrize("name", sorted(plan_schemas()))
def test_each_schema_is_a_valid_json_schema(name: str) -> None:
    schema = plan_schemas()[name]
    jsonschema.validators.validator_for(schema).check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_file_passes_its_schema(path: Path) -> None:
    document = yaml.load(path.read_text("utf-8"), Yaml12Loader)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in _validator(path.name).iter_errors(document)]
    assert errors == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_file_names_its_schema_on_the_first_line(path: Path) -> None:
    first = FIRST_LINE.match(path.read_text("utf-8"))
    assert first, f"{path} should begin with `# yaml-language-server: $schema=...`"
    assert (path.parent / first[1]).resolve() == (SCHEMAS / schema_name(path.name)).resolve()


def test_examples_exist() -> None:
    assert len(EXAMPLE_FILES) >= 6


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, dict]]:
    if isinstance(node, dict):
        for name, field in node.get("properties", {}).items():
            yield f"{path}.{name}", field
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, path)


@pytest.mark.parametrize("name", sorted(plan_schemas()))
def test_every_field_has_a_plain_title_and_a_description(name: str) -> None:
    fields = list(_walk(plan_schemas()[name]))
    assert fields
    for where, field in fields:
        assert field.get("description"), f"{name} {where} has no description"
        assert re.fullmatch(r"[A-Z][a-z ]*", field["title"]), f"{name} {where}: {field['title']}"


def test_vocabularies_are_enums() -> None:
    schemas = plan_schemas()
    member = schemas["committee.schema.json"]["$defs"]["Member"]["properties"]
    assert member["disciplines"]["items"]["enum"] == list(vocabulary().disciplines)
    role = schemas["roles.schema.json"]["$defs"]["FunctionRole"]["properties"]
    assert role["function"]["enum"] == list(vocabulary().functions)
    waivers = member["waivers"]["propertyNames"]["enum"]
    assert {"VP101", "missing-discipline"} <= set(waivers)


def test_a_plans_own_disciplines_join_the_enum() -> None:
    member = plan_schemas(["search_and_rescue"])["committee.schema.json"]["$defs"]["Member"]
    assert "search_and_rescue" in member["properties"]["disciplines"]["items"]["enum"]


# The schema and vaplan agree: what one accepts, the other accepts.
AGREEMENT_CASES = [
    ("vaplan.yaml", "community: Cedar Falls\njurisdiction: {level: city, name: Cedar Falls}\n"),
    ("vaplan.yaml", "community: X\njurisdiction: {level: city, name: X}\nplan_version: 2.1\n"),
    ("vaplan.yaml", "community: X\njurisdiction: {level: town, name: X}\n"),
    ("vaplan.yaml", "community: X\njurisdiction: {level: city, name: X}\nupdated: next spring\n"),
    ("vaplan.yaml", "community: X\njurisdiction: {level: city, name: X}\nupdated: 2026-02-30\n"),
    ("vaplan.yaml", "community: X\njurisdiction: {level: city, name: X}\n"
                    "checks: {ignore: [VP104, gap-not-raised], severity: {VP106: warning}}\n"),
    ("vaplan.yaml", "community: X\njurisdiction: {level: city, name: X}\n"
                    "checks: {ignore: [VP999]}\n"),
    ("committee.yaml", "members:\n  - id: a\n    organization: A\n    disciplines: [medical]\n"
                       "    sector: public\n    level: city\n    representative: {name: N}\n"),
    ("committee.yaml", "members:\n  - id: a\n    organization: A\n    disciplines: [medic]\n"
                       "    sector: public\n    level: city\n    representative: {name: N}\n"),
    ("committee.yaml", "members:\n  - id: A B\n    organization: A\n    disciplines: [medical]\n"
                       "    sector: public\n    level: city\n    representative: {name: N}\n"),
    ("committee.yaml", "members:\n  - id: a\n    organisation: A\n    disciplines: [medical]\n"
                       "    sector: public\n    level: city\n    representative: {name: N}\n"),
    ("committee.yaml", "reviewed: 2026-01-05\nmembers: []\nwaivers: {VP101: ''}\n"),
    ("committee.yaml", "members:\n  - id: a\n    organization: A\n    disciplines: []\n"
                       "    sector: public\n    level: city\n    representative: {name: N}\n"),
    ("principles.yaml", "vision: v\ngoals: [Train twice a year, {goal: g, measure: m}]\n"),
    ("roles.yaml", "functions:\n  - function: victim_notification\n    lead: a\n"
                   "    responsibilities: Notify families\n"),
    ("roles.yaml", "functions:\n  - function: notification\n"),
    ("resources.yaml", "gaps:\n  - id: g\n    need: Interpreters\n    status: closed\n"),
    ("agreements.yaml", "agreements:\n  - id: m\n    type: MOU\n    title: T\n    parties: [a]\n"),
    ("agreements.yaml", "agreements:\n  - id: m\n    type: MOU\n    title: T\n"
                        "    parties: [a, b]\n    expires: 2027-06-30\n"),
    ("checklist.yaml", "items:\n  assemble-committee: {status: done, date: 2026-03-01}\n"),
]


@pytest.mark.parametrize(("plan_file", "text"), AGREEMENT_CASES)
def test_the_schema_and_vaplan_agree(plan_file: str, text: str) -> None:
    context = {"rule_refs": rule_refs(), "disciplines": list(vocabulary().disciplines),
               "functions": list(vocabulary().functions)}
    model, errors = validate(FILE_MODELS[plan_file], load_yaml(text.encode()).data, context)
    vaplan_accepts = not errors
    schema_accepts = _validator(plan_file).is_valid(yaml.load(text, Yaml12Loader))
    assert schema_accepts == vaplan_accepts, (errors, text)


def test_vaplan_schema_writes_one_file_per_plan_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "vaplan.yaml").write_text("checks:\n  disciplines: [search_and_rescue]\n")
    result = CliRunner().invoke(app, ["schema", "-o", str(tmp_path / "out"), "--plan", str(plan)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(schema_name(name) for name in FILE_MODELS)
    committee = json.loads((tmp_path / "out" / "committee.schema.json").read_text("utf-8"))
    items = committee["$defs"]["Member"]["properties"]["disciplines"]["items"]
    assert "search_and_rescue" in items["enum"]
