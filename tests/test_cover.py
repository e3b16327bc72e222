"""`vaplan render --kind cover` (a newcomer's dummy kind)."""

from __future__ import annotations

from conftest import PIMA, TODAY_ARGS, assert_golden, run


def test_the_cover_names_the_lead_agencies() -> None:
    result = run("render", PIMA, "--kind", "cover", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    assert_golden(result.stdout, "cover-pima.md", "tests/test_cover.py")
