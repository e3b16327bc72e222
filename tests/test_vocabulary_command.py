"""`vaplan vocabulary` prints every closed list a plan file takes, with what each word means, and
those lists are the very words the plan files accept."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from conftest import ROOT, run
from vaplan import models
from vaplan.catalogue import catalogue
from vaplan.cli.vocabulary import word_lists
from vaplan.vocabulary import vocabulary


def _words(annotation: Any) -> set[str]:
    """The words a Literal field accepts, through Optional."""
    found: set[str] = set()
    for arg in get_args(annotation) or ():
        found |= {arg} if isinstance(arg, str) else _words(arg)
    return found


ACCEPTED = {
    "disciplines": set(vocabulary().disciplines),
    "functions": set(vocabulary().functions),
    "sectors": _words(models.Member.model_fields["sector"].annotation),
    "levels": _words(models.Member.model_fields["level"].annotation),
    "jurisdiction_levels": _words(models.Jurisdiction.model_fields["level"].annotation),
    "plan_levels": _words(models.EmergencyPlan.model_fields["level"].annotation),
    "sections": {section.id for section in catalogue().sections},
    "agreement_types": _words(models.Agreement.model_fields["type"].annotation),
    "exercise_kinds": _words(models.Exercise.model_fields["kind"].annotation),
    "elements": _words(models.Improvement.model_fields["element"].annotation),
    "improvement_statuses": _words(models.Improvement.model_fields["status"].annotation),
    "gap_statuses": _words(models.Gap.model_fields["status"].annotation),
    "sources_sought": _words(models.Source),
    "site_uses": _words(models.SiteUse),
}


def test_every_list_holds_the_words_the_plan_files_accept_each_with_a_meaning() -> None:
    lists = word_lists()
    assert set(lists) == set(ACCEPTED)
    for name, (used, words) in lists.items():
        assert set(words) == ACCEPTED[name], name
        assert used and all(meaning.strip() for meaning in words.values()), name


def test_vocabulary_prints_every_list() -> None:
    result = run("vocabulary")
    assert result.exit_code == 0
    for name in ACCEPTED:
        assert f"{name}: used in " in result.output
    assert "  full_scale     an exercise with people and equipment in the field" in result.output


def test_one_list_by_name_with_meanings_and_required_marks() -> None:
    result = run("vocabulary", "disciplines")
    assert result.exit_code == 0
    assert "  faith                 Faith communities\n" in result.output
    assert "  prosecutor            Prosecutor's office (required by default)\n" in result.output
    assert "functions:" not in result.output


@pytest.mark.parametrize(("name", "shown"), [("agreement-types", "MOU       memorandum of"),
                                             ("kinds", "tabletop"), ("Sectors", "nonprofit")])
def test_a_list_by_another_spelling_or_a_part_of_its_name(name: str, shown: str) -> None:
    result = run("vocabulary", name)
    assert result.exit_code == 0 and shown in result.output


def test_an_unknown_list_gets_did_you_mean_and_the_names() -> None:
    result = run("vocabulary", "disciplne")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert 'there is no list "disciplne" (did you mean "disciplines"?); the lists are: ' \
           "disciplines, functions" in result.stderr


def test_the_files_and_rules_that_mention_the_words_name_the_command() -> None:
    starter = (ROOT / "src" / "vaplan" / "data" / "starter" / "committee.yaml").read_text()
    assert "`vaplan vocabulary disciplines` lists them" in starter
    assert "vaplan rules VP101" not in starter
    assert "`vaplan vocabulary disciplines` lists every discipline" in run(
        "rules", "VP101").output
    assert "`vaplan vocabulary functions` lists every function" in run("rules", "VP304").output
