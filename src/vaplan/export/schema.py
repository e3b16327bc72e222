"""JSON Schemas of the plan files, made from the models, so editors complete and underline."""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

from vaplan.models import FILE_MODELS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: Plain-words titles for the records; any other record gets its class name split into words.
TITLES = {
    "PlanMeta": "Plan", "Checks": "Check settings", "Member": "Committee member",
    "Committee": "Planning committee", "Value": "Core value", "Principles": "Guiding principles",
    "FunctionRole": "Function", "Roles": "Roles and emergency plans", "Gap": "Resource gap",
    "Resources": "Resources, sites and gaps", "Agreement": "Agreement (MOU, MOA, grant or subaward)",
    "Partner": "Partner (not a committee member)", "LanguageShare": "Language spoken at home",
    "ItemStatus": "Checklist item", "OwnItem": "Own checklist item",
    "Checklist": "Checklist tailoring",
}
FILES = {
    "vaplan.yaml": "the community, its jurisdiction and the check settings",
    "committee.yaml": "the planning committee: who sits on it and how to reach them",
    "principles.yaml": "vision, core values, mission and goals",
    "roles.yaml": "lead agencies, who leads each protocol, and the emergency plans",
    "resources.yaml": "the resources and sites the community has and the gaps it works on",
    "agreements.yaml": "MOUs, MOAs, grants and subawards",
    "checklist.yaml": "confirmations and tailoring of the checklist",
    "exercises.yaml": "exercises, real incidents and the improvement plan",
    "meetings.yaml": "the committee's meetings: when, where, who came and what was decided",
}
#: Field titles an editor shows that the field's name alone would spell badly.
_TITLES = {"phone_24h": "Phone at any hour"}
_PERSONAL = " (personal data: left out of public copies)"
_DAY = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def schema_name(plan_file: str) -> str:
    """committee.yaml -> committee.schema.json"""
    return plan_file.removesuffix(".yaml") + ".schema.json"


def plan_schemas(extra_disciplines: Iterable[str] = ()) -> dict[str, dict[str, Any]]:
    """Schema file name -> schema, one for each plan file. `extra_disciplines` are those a plan
    adds under `checks.disciplines`, so the editor accepts them too."""
    lists = _vocabularies(list(extra_disciplines))
    return {schema_name(name): file_schema(name, lists) for name in FILE_MODELS}


def file_schema(plan_file: str, lists: dict[str, tuple[list[str], list[str]]]) -> dict:
    model = FILE_MODELS[plan_file]
    body = _rewrite(model.model_json_schema(), lists)
    for name, record in body.get("$defs", {}).items():
        record["title"] = _title(name)
        record.pop("description", None)  # a class docstring, written for developers
    about = FILES[plan_file]
    return {"$schema": DIALECT, "title": f"{_title(model.__name__)} ({plan_file})",
            "description": f"{about[0].upper()}{about[1:]}: one file of a victim assistance plan "
                           "that `vaplan check` checks.",
            **{k: v for k, v in body.items() if k not in ("title", "description")}}


def dumps(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _vocabularies(extra: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Vocabulary name -> (values, their plain-words labels)."""
    from vaplan.rules import all_rules
    from vaplan.vocabulary import vocabulary

    vocab = vocabulary()
    disciplines = {**vocab.disciplines, **{d: d.replace("_", " ") for d in extra}}
    # The always-on rules cannot be waived, ignored or re-ranked: `vaplan check` refuses them,
    # so the editor does not offer them either.
    rules = [r for r in all_rules() if not r.always_on]
    return {"disciplines": (list(disciplines), list(disciplines.values())),
            "functions": (list(vocab.functions), list(vocab.functions.values())),
            "rules": ([r.code for r in rules] + [r.name for r in rules]
                      + [old for r in rules for old in r.former],
                      [f"{r.name}: {r.summary}" for r in rules] + [r.summary for r in rules]
                      + [f"the former name of {r.name}" for r in rules for _ in r.former])}


def _rewrite(node: Any, lists: dict[str, tuple[list[str], list[str]]]) -> Any:
    """Vocabulary markers become enums, field titles plain words, and plain text fields also
    take numbers (the models turn `plan_version: 2.1` into text); dates are YYYY-MM-DD."""
    if isinstance(node, list):
        return [_rewrite(item, lists) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _rewrite(value, lists) for key, value in node.items()}
    kind = node.pop("vocabulary", None)
    if kind:
        node["enum"], node["enumDescriptions"] = lists[kind]
    if node.pop("personal", False):
        node["description"] = node.get("description", node.get("title", "")) + _PERSONAL
    text_only = node.pop("text_only", False)
    if text_only:  # its children were widened to take numbers (below); a number never fits
        for choice in node.get("anyOf", ()):
            if choice.get("type") == ["string", "number"]:
                choice["type"] = "string"
    if node.get("format") == "date":
        node["pattern"] = _DAY  # the models take no other form of date
    elif node.get("type") == "string" and not text_only and not {"enum", "const"} & node.keys():
        node["type"] = ["string", "number"]
    for name, field in node.get("properties", {}).items():
        field["title"] = _TITLES.get(name) or name.replace("_", " ").capitalize()
        if name not in node.get("required", ()) and field.get("type") in ("array", "object"):
            # `members:` with nothing after it is an empty list to `vaplan check` (Record's
            # _empty_lists), so the editor takes it too.
            field["type"] = [field["type"], "null"]
    return node


def _title(name: str) -> str:
    return TITLES.get(name) or re.sub(r"(?<!^)([A-Z])", r" \1", name).capitalize()
