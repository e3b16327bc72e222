"""The checklist catalogue: every rule links to items it has, and items name functions of the
vocabulary."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from vaplan.catalogue import Catalogue, catalogue
from vaplan.rules import all_rules, checklist_links, item_links, links_of
from vaplan.rules.registry import Rule
from vaplan.vocabulary import vocabulary


def test_every_rule_links_to_items_the_catalogue_has() -> None:
    """`@rule(..., items=..., also=...)` names ids of data/catalogue.yaml (or a section's id,
    for every item of it); the links are resolved once, and a name it lacks fails here."""
    links = checklist_links()
    assert set(links) <= set(catalogue().ids)
    linked = {code for entry in links.values() for code in (*entry.rules, *entry.also)}
    assert linked == {r.code for r in all_rules() if r.items or r.also}


def test_a_rule_naming_an_item_the_catalogue_lacks_fails_with_the_likely_name() -> None:
    typo = Rule("VP999", "no-such-rule", all_rules()[0].severity, "x", "x",
                items=("agreements-curent",))
    with pytest.raises(ValueError, match='rule VP999 names the checklist item "agreements-curent"'
                                         r'.* \(did you mean "agreements-current"\?\)'):
        item_links(catalogue(), [*all_rules(), typo])
    wrong = Rule("VP999", "no-such-rule", all_rules()[0].severity, "x", "x",
                 also=("no-such-item",))
    with pytest.raises(ValueError, match="data/catalogue.yaml does not have"):
        item_links(catalogue(), [wrong])


def test_a_rule_linking_an_item_twice_fails_instead_of_counting_its_findings_twice() -> None:
    """A rule that names a section and one of its items, or an item in both `items` and
    `also`, would put each of its findings twice against the item (two problems where the
    plan has one): the registry refuses it, naming the rule and the item."""
    severity = all_rules()[0].severity
    twice = Rule("VP999", "no-such-rule", severity, "x", "x",
                 items=("protocols", "contact-list-protocol"))
    with pytest.raises(ValueError, match='rule VP999 links the checklist item '
                                         '"contact-list-protocol" twice'):
        item_links(catalogue(), [twice])
    both = Rule("VP999", "no-such-rule", severity, "x", "x",
                items=("contact-list-protocol",), also=("contact-list-protocol",))
    with pytest.raises(ValueError, match='"contact-list-protocol" twice'):
        item_links(catalogue(), [both])


def test_also_names_only_protocol_items() -> None:
    """`also=` is read for a protocol item only (its findings anywhere in the plan); on any
    other item it would be silently ignored, so the registry refuses it."""
    wrong = Rule("VP999", "no-such-rule", all_rules()[0].severity, "x", "x",
                 also=("steering-committee",))
    with pytest.raises(ValueError, match='rule VP999 names "steering-committee" in also=, '
                                         "which is not a protocol item"):
        item_links(catalogue(), [wrong])


def test_a_section_id_links_every_item_of_the_section() -> None:
    protocols = [item.id for item in catalogue().items if item.section == "protocols"]
    assert len(protocols) == len(vocabulary().functions)
    assert all("VP303" in links_of(item).rules for item in protocols)
    assert "VP303" not in links_of("call-tree").rules
    # the item's own rules first, the checks across the plan after them
    assert links_of("contact-list-protocol") == (
        ("VP303", "VP304", "VP305", "VP306", "VP307", "VP006", "VP010"),
        ("VP104", "VP107", "VP110"))
    assert links_of("review-existing-plans") == ((), ())  # a person confirms it


def test_one_protocol_item_per_function() -> None:
    functions = [item.function for item in catalogue().items if item.function]
    assert sorted(functions) == sorted(vocabulary().functions)


def test_function_items_name_real_functions() -> None:
    for item in catalogue().items:
        named = [item.function, getattr(item.responsible, "function", None)]
        for function in filter(None, named):
            assert function in vocabulary().functions, (item.id, function)


def test_every_checking_rule_decides_some_item() -> None:
    """A rule linked to no item (`items=`, or a protocol item in `also=`) never shows on the
    checklist; VP005, VP601 and VP602 are about the files."""
    named = {code for entry in checklist_links().values() for code in (*entry.rules, *entry.also)}
    unused = {r.code for r in all_rules() if r.check is not None} - named - {
        "VP005", "VP601", "VP602"}
    assert not unused, f"link these rules to checklist items with @rule(..., items=...): {unused}"


def test_bad_catalogue_fails_loudly() -> None:
    data = catalogue().model_dump()
    data["items"][0]["section"] = "no-such-section"
    with pytest.raises(ValidationError, match="unknown section"):
        Catalogue.model_validate(data)
    data = catalogue().model_dump()
    data["items"][-1]["function"] = "contact_lists"
    with pytest.raises(ValidationError, match="unknown function"):
        Catalogue.model_validate(data)
    data = catalogue().model_dump()
    data["items"][0]["id"] = "protocols"  # a rule linking to "protocols" means the section
    with pytest.raises(ValidationError, match="also a section's id"):
        Catalogue.model_validate(data)
    data = catalogue().model_dump()
    data["items"][0]["rules"] = ["VP101"]  # the rules name their items, not the catalogue
    with pytest.raises(ValidationError, match="rules"):
        Catalogue.model_validate(data)
