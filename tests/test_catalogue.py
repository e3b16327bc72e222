"""The checklist catalogue: every item names rules that exist and functions of the vocabulary."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from vaplan.catalogue import Catalogue, catalogue
from vaplan.rules import all_rules
from vaplan.vocabulary import vocabulary


def test_every_named_rule_exists() -> None:
    codes = {r.code for r in all_rules()}
    for item in catalogue().items:
        assert set(item.rules) <= codes, (item.id, set(item.rules) - codes)
        assert set(item.also) <= codes, (item.id, set(item.also) - codes)


def test_one_protocol_item_per_function() -> None:
    functions = [item.function for item in catalogue().items if item.function]
    assert sorted(functions) == sorted(vocabulary().functions)


def test_function_items_name_real_functions() -> None:
    for item in catalogue().items:
        named = [item.function, getattr(item.responsible, "function", None)]
        for function in filter(None, named):
            assert function in vocabulary().functions, (item.id, function)


def test_every_checking_rule_decides_some_item() -> None:
    """A rule no item names (in `rules`, or in a protocol item's `also`) never shows on the
    checklist; VP005, VP601 and VP602 are about the files."""
    named = {code for item in catalogue().items for code in (*item.rules, *item.also)}
    unused = {r.code for r in all_rules() if r.check is not None} - named - {
        "VP005", "VP601", "VP602"}
    assert not unused


def test_bad_catalogue_fails_loudly() -> None:
    data = catalogue().model_dump()
    data["items"][0]["section"] = "no-such-section"
    with pytest.raises(ValidationError, match="unknown section"):
        Catalogue.model_validate(data)
    data = catalogue().model_dump()
    data["items"][-1]["function"] = "contact_lists"
    with pytest.raises(ValidationError, match="unknown function"):
        Catalogue.model_validate(data)
