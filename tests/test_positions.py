"""Where a finding points: the one pass over a file's parse events (`locate_in_text`, used by
`vaplan check` so that no file is composed twice) gives exactly the place the composed nodes
give (`locate`), for any path, on the examples, on YAML-ish text and on mutated examples."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PIMA, RIVERSIDE
from vaplan.load.positions import AliasOnPath, locate, locate_in_text
from vaplan.load.yamlload import _Loader

BOUNDED = settings(max_examples=60, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])
TOKENS = ["&a ", "*a", "[", "]", "{", "}", ", ", ": ", "- ", "? ", "\n", "\n  ", "\n    ",
          "a", "b", "members", "0", "1", "'a'", "!!int ", "~", "---\n", "#"]
_yamlish = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
_paths = st.lists(st.lists(st.one_of(st.sampled_from(["a", "b", "members", "0", "id", "phone",
                                                      "representative", "functions"]),
                                     st.integers(-1, 6)), max_size=5).map(tuple),
                  min_size=1, max_size=8)


def _same_as_composed(text: str, paths: list[tuple[Any, ...]]) -> None:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return  # a file that cannot be composed is not read, so nothing is located in it
    requests = [(path, anchor) for path in paths for anchor in ("key", "value")]
    try:
        found = locate_in_text(text, requests)
    except AliasOnPath:
        return  # the caller composes the file then: `locate` answers
    assert found == {r: locate(root, *r) for r in requests}


def _every_path(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [path]
    if node.id == "mapping":
        for key, value in node.value:
            if isinstance(key.value, str):
                paths += _every_path(value, (*path, key.value))
                paths.append((*path, key.value, "missing"))
    elif node.id == "sequence":
        for index, item in enumerate(node.value):
            paths += _every_path(item, (*path, index))
        paths.append((*path, len(node.value)))
    return paths


@pytest.mark.parametrize("file", sorted([*PIMA.glob("*.yaml"), *RIVERSIDE.glob("*.yaml")]),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_place_in_the_examples_is_found_as_composing_finds_it(file: Any) -> None:
    text = file.read_text(encoding="utf-8")
    _same_as_composed(text, _every_path(yaml.compose(text, Loader=_Loader)))


@BOUNDED
@given(text=_yamlish, paths=_paths)
def test_any_path_in_yamlish_text_is_found_as_composing_finds_it(text: str, paths: list) -> None:
    _same_as_composed(text, paths)


@BOUNDED
@given(data=st.data())
def test_any_path_in_a_mutated_example_is_found_as_composing_finds_it(data: st.DataObject) -> None:
    text = (RIVERSIDE / "committee.yaml").read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(TOKENS)) + text[at:]
    root = None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        pass
    paths = data.draw(st.sampled_from([_every_path(root)])) if root is not None else [()]
    _same_as_composed(text, paths[:400])


def test_a_repeated_key_points_at_its_first_place() -> None:
    text = "a: 1\nb:\n  c: 2\na: 3\n"
    assert locate_in_text(text, [(("a",), "key"), (("b", "c"), "value")]) == {
        (("a",), "key"): (1, 1), (("b", "c"), "value"): (3, 6)}


def test_a_path_through_an_alias_is_left_to_composing() -> None:
    with pytest.raises(AliasOnPath):
        locate_in_text("x: &a {b: 1}\ny: *a\n", [(("y", "b"), "key")])


@pytest.mark.parametrize("file", sorted([*PIMA.glob("*.yaml"), *RIVERSIDE.glob("*.yaml")]),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_files_places_cut_where_its_data_ends_are_the_composed_ones(file: Any) -> None:
    from vaplan.load.yamlload import load_yaml

    loaded = load_yaml(file.read_bytes())
    paths = _every_path(loaded.node)
    paths += [("nowhere",), ("nowhere", 0, "deeper"), *((*p, "nowhere", 3) for p in paths[:50])]
    requests = [(path, anchor) for path in paths for anchor in ("key", "value")]
    assert loaded.places(requests) == {r: locate(loaded.node, *r) for r in requests}
