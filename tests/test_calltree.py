"""The call tree's reach: computed once from committee.yaml's `activation`, in call order."""

from __future__ import annotations

from vaplan.facts.calltree import call_tree
from vaplan.models import Committee


def _committee(activation: dict | None, ids: tuple[str, ...] = ("a", "b", "c", "d")) -> Committee:
    members = [{"id": i, "organization": i.upper(), "disciplines": ["law_enforcement"],
                "sector": "public", "level": "city", "representative": {"name": i}} for i in ids]
    return Committee.model_validate({"members": members, "activation": activation})


def test_no_activation_is_no_tree() -> None:
    assert call_tree(_committee(None)) is None


def test_call_order_follows_each_caller_with_whom_it_calls() -> None:
    tree = call_tree(_committee({"trigger": "t", "first": "a",
                                 "calls": {"a": ["b", "d"], "b": ["c"]}}))
    assert tree is not None
    assert [(c.member, c.caller, c.depth) for c in tree.order] == [
        ("a", None, 0), ("b", "a", 1), ("c", "b", 2), ("d", "a", 1)]
    assert tree.reached == {"a", "b", "c", "d"}


def test_a_circle_of_calls_reaches_each_member_once_and_ends() -> None:
    tree = call_tree(_committee({"first": "a", "calls": {"a": ["b", "a"], "b": ["a", "b"]}}))
    assert tree is not None and [c.member for c in tree.order] == ["a", "b"]


def test_unknown_ids_are_named_once_and_cut_off_whom_they_would_call() -> None:
    tree = call_tree(_committee({"first": "a", "calls": {"a": ["x"], "x": ["b"], "c": ["x"]}}))
    assert tree is not None
    assert tree.unknown == ("x",)
    assert tree.reached == {"a"}


def test_an_unknown_first_reaches_no_one() -> None:
    tree = call_tree(_committee({"first": "duty", "calls": {"duty": ["a"]}}))
    assert tree is not None and tree.order == () and tree.unknown == ("duty",)


def test_a_very_deep_tree_does_not_overflow() -> None:
    ids = tuple(f"m{i}" for i in range(3000))
    calls = {ids[i]: [ids[i + 1]] for i in range(len(ids) - 1)}
    tree = call_tree(_committee({"first": "m0", "calls": calls}, ids))
    assert tree is not None and len(tree.order) == 3000 and tree.order[-1].depth == 2999
