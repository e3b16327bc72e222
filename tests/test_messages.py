"""The mistakes people make typing a plan by hand get a message that names the mistake, the line
to edit and what to write instead, through the command line as a person sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from conftest import ROOT, TODAY_ARGS, copy_plan, run

BASE = ROOT / "tests" / "rules" / "_base"


def _plan(tmp_path: Path, name: str, text: str) -> Path:
    plan = copy_plan(tmp_path, BASE)
    (plan / name).write_text(text, encoding="utf-8")
    return plan


def _check(plan: Path) -> Result:
    result = run("check", plan, *TODAY_ARGS)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


#: (file, text, where the person must edit, words of the message, words of the advice)
YAML_MISTAKES = {
    "leftover_empty_list": (
        "committee.yaml", "reviewed: 2026-06-01\nmembers: []\n  - id: pd\n    organization: X\n",
        "committee.yaml:2:10", 'line 2 says "members: []", an empty list, but entries follow',
        'delete the "[]" on line 2, so that it reads "members:"'),
    "leftover_empty_mapping": (
        "roles.yaml", "lead_agencies: [pd]\nfunctions: {}\n  - function: contact_list\n",
        "roles.yaml:2:12", "an empty mapping, but entries follow", 'delete the "{}" on line 2'),
    "apostrophe_in_single_quotes": (
        "committee.yaml", "members:\n  - id: pd\n    organization: 'Children's Hospital'\n",
        "committee.yaml:3:28", "the apostrophe in 'Children's Hospital' ends the quoted text",
        "write the apostrophe twice: 'Children''s Hospital', or put the text in double "
        "quotes: \"Children's Hospital\""),
    "apostrophe_in_a_flow_mapping": (
        "committee.yaml", "members:\n  - {id: pd, organization: 'St. Mary's', sector: public}\n",
        "committee.yaml:2:37", "the apostrophe in 'St. Mary's' ends",
        "write the apostrophe twice: 'St. Mary''s'"),
    "double_quote_in_double_quotes": (
        "principles.yaml", 'vision: "The "Safe" Place"\n', "principles.yaml:1:14",
        'the double quote inside "The "Safe" Place" ends', "put the text in single quotes"),
    "colon_in_a_plain_value": (
        "committee.yaml", "members:\n  - id: pd\n    organization: Hospital: main campus\n",
        "committee.yaml:3:27", 'the value of "organization" contains ": "',
        'organization: "Hospital: main campus"'),
    "tab_indentation": (
        "committee.yaml", "members:\n  - id: pd\n\torganization: X\n", "committee.yaml:3:1",
        "a tab character", "replace the tab with spaces"),
    "key_under_indented": (
        "committee.yaml", "members:\n  - id: pd\n    organization: X\n   sector: public\n",
        "committee.yaml:4:4", "indented 3 spaces, but the keys it follows are indented 4",
        'indent "sector: public" by 4 spaces, like line 3'),
    "key_at_the_list_marker": (
        "committee.yaml", "members:\n  - id: pd\n    organization: X\n  sector: public\n",
        "committee.yaml:4:3", "indented 2 spaces, but the keys it follows are indented 4",
        'indent "sector: public" by 4 spaces'),
    "key_over_indented": (
        "committee.yaml", "members:\n  - id: pd\n      organization: X\n", "committee.yaml:3:7",
        "indented 6 spaces, more than the key on line 2 (4 spaces)",
        'indent "organization:" by 4 spaces, like line 2'),
    "list_item_at_the_wrong_depth": (
        "committee.yaml", "members:\n  - id: pd\n    sector: public\n - id: da\n",
        "committee.yaml:4:2", "this list item is indented 1 space, but the item on line 2 is "
        "indented 2 spaces", 'indent "- id: da" by 2 spaces, like line 2'),
}


@pytest.mark.parametrize("case", YAML_MISTAKES.values(), ids=YAML_MISTAKES.keys())
def test_a_yaml_mistake_is_named_at_the_line_to_edit(case: tuple[str, ...], tmp_path: Path
                                                     ) -> None:
    name, text, where, words, advice = case
    result = _check(_plan(tmp_path, name, text))
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "VP001" in line)
    assert where in line and words in line, result.output
    assert advice in result.output


#: (what the person typed, words of the message, what to write instead)
DATES = {
    "en_dashes": ("2026\u201306\u201301", "uses a dash (\u2013) where a date has a hyphen (-)",
                  "type it with the hyphen key: 2026-06-01"),
    "em_dashes_unpadded": ("2026\u20146\u20141", "uses a dash (\u2014)",
                           "write it 2026-06-01, with hyphens and two-digit months and days"),
    "february_30": ("2026-02-30", "is not a day: February 2026 has 28 days",
                    "write a day from 01 to 28"),
    "month_13": ("2026-13-01", "is not a day: there is no month 13",
                 "write the month as 01 to 12"),
    "us_slashes": ("06/01/2026", "is not written YYYY-MM-DD (year, month, day)",
                   "write it 2026-06-01 if you mean June 1, 2026"),
}


@pytest.mark.parametrize("case", DATES.values(), ids=DATES.keys())
def test_a_mistyped_date_in_a_plan_file_says_what_is_wrong(case: tuple[str, str, str],
                                                          tmp_path: Path) -> None:
    typed, words, advice = case
    plan = _plan(tmp_path, "committee.yaml", f"reviewed: {typed}\nmembers: []\n")
    result = _check(plan)
    line = next(line for line in result.output.splitlines() if "VP002" in line)
    assert "committee.yaml:1:11" in line and f'"reviewed": "{typed}" {words}' in line
    assert f"fix: {advice}" in result.output


@pytest.mark.parametrize("case", DATES.values(), ids=DATES.keys())
def test_a_mistyped_today_or_since_says_what_is_wrong(case: tuple[str, str, str]) -> None:
    typed, words, advice = case
    for args in (["check", ROOT / "examples" / "pima-county", "--today", typed],
                 ["render", ROOT / "examples" / "pima-county", "-k", "packet", "--since", typed,
                  *TODAY_ARGS]):
        result = run(*args)
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert words in result.output and advice in " ".join(result.output.split())


#: (file, the mistyped value in its line, words of the message, words of the advice)
VOCABULARY_MISTAKES = {
    "discipline_in_other_words": (
        "committee.yaml", ("disciplines: [law_enforcement]", "disciplines: [clergy]"),
        '"clergy" is not a known discipline (did you mean "faith"?)',
        "`vaplan vocabulary disciplines` lists with what each means, or add your own"),
    "agreement_type_in_lower_case": (
        "agreements.yaml", ("type: MOU", "type: mou"),
        '"mou" is not allowed for "type" (did you mean "MOU"?)', "use one of: MOU, MOA"),
    "sector_capitalized": (
        "committee.yaml", ("sector: private", "sector: Private"),
        '"Private" is not allowed for "sector" (did you mean "private"?)',
        "use one of: public, nonprofit, private"),
    "level_with_a_typo": (
        "committee.yaml", ("level: county", "level: countey"),
        '"countey" is not allowed for "level" (did you mean "county"?)',
        "use one of: city, county, regional, state, tribal, federal"),
    "function_in_other_spelling": (
        "roles.yaml", ("function: contact_list", "function: Contact List"),
        '"Contact List" is not a known function (did you mean "contact_list"?)',
        "`vaplan vocabulary functions` lists"),
}


@pytest.mark.parametrize("case", VOCABULARY_MISTAKES.values(), ids=VOCABULARY_MISTAKES.keys())
def test_a_word_not_in_a_list_gets_did_you_mean_and_the_allowed_words(
        case: tuple[str, tuple[str, str], str, str], tmp_path: Path) -> None:
    name, (right, wrong), words, advice = case
    text = (BASE / name).read_text(encoding="utf-8")
    assert right in text
    plan = _plan(tmp_path, name, text.replace(right, wrong, 1))
    result = _check(plan)
    assert result.exit_code == 1
    assert any(name in line and words in line for line in result.output.splitlines()), \
        result.output
    assert advice in result.output
    command = advice.split("`")[1].split() if "`" in advice else None
    if command:  # the command the advice names exists and prints the list
        assert run(*command[1:]).exit_code == 0


def test_a_phone_number_that_cannot_be_dialed_is_a_warning_saying_how_to_write_it(
        tmp_path: Path) -> None:
    text = (BASE / "committee.yaml").read_text(encoding="utf-8")
    plan = _plan(tmp_path, "committee.yaml", text.replace(
        'phone: "520-555-0101"', "phone: call front desk").replace(
        'phone: "520-555-0103"', 'phone: "555-0103"'))
    result = _check(plan)
    assert result.exit_code == 0  # a warning, not an error
    lines = [line for line in result.output.splitlines() if "VP110" in line]
    assert len(lines) == 2, result.output
    assert "committee.yaml:3:" in lines[0] and "warning" in lines[0] and \
        'the phone number of Ann Lee (pd), "call front desk", is not a phone number' in lines[0]
    assert "committee.yaml:5:" in lines[1] and '"555-0103", has no area code' in lines[1]
    assert "fix: write the number with its area code, such as +1 520 555 0100" in result.output


def test_a_misspelled_section_of_an_own_item_gets_did_you_mean(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "checklist.yaml", "add:\n  - id: radio-drill\n    section: Protocol\n"
                 "    text: Test the radio tree each quarter.\n")
    result = _check(plan)
    line = next(line for line in result.output.splitlines() if "VP602" in line)
    assert "checklist.yaml:3:5" in line and '"Protocol" is not a section of the checklist ' \
        '(did you mean "protocols"?)' in line
    assert "`vaplan vocabulary sections`" in result.output
    assert "  protocols" in run("vocabulary", "sections").output


#: (committee.yaml, where, words of the message, words of the advice): a key at the wrong depth
#: that YAML reads without complaint, so the schema finds it in a record where it does not belong
MISPLACED_KEYS = {
    "too_little_into_a_list": (
        "reviewed: 2026-06-01\nmembers:\n  - id: pd\n    organization: X\n"
        "    disciplines: [law_enforcement]\n    level: city\n    representative: {name: Ann}\n"
        "sector: public\n", "committee.yaml:8:1",
        'unknown key "sector" here; "sector" is a key of each entry of "members:" or each entry '
        'of "partners:", so it is indented too little', 'indent "sector:" like the other keys of the entry'),
    "too_little_into_a_person": (
        "members:\n  - id: pd\n    organization: X\n    disciplines: [law_enforcement]\n"
        "    sector: public\n    level: city\n    representative:\n      name: Ann\n"
        '    phone: "520-555-0101"\n', "committee.yaml:9:5",
        '"phone" is a key of "representative:" or "alternate:", so it is indented too little',
        'indent "phone:" further, under "representative:" or "alternate:"'),
    "too_much": (
        "members:\n  - id: pd\n    organization: X\n    disciplines: [law_enforcement]\n"
        "    level: city\n    representative:\n      name: Ann\n      sector: public\n",
        "committee.yaml:8:7", '"sector" is a key of the record that holds "representative:", '
        "so it is indented too much", 'indent "sector:" like "representative:"'),
}


@pytest.mark.parametrize("case", MISPLACED_KEYS.values(), ids=MISPLACED_KEYS.keys())
def test_a_key_at_the_wrong_depth_says_so(case: tuple[str, str, str, str], tmp_path: Path
                                          ) -> None:
    text, where, words, advice = case
    result = _check(_plan(tmp_path, "committee.yaml", text))
    line = next(line for line in result.output.splitlines() if "VP003" in line)
    assert where in line and words in line, result.output
    assert advice in result.output


@pytest.mark.parametrize(("text", "where", "words", "advice"), [
    ("members:\n  - id: pd\n    organization: X\n    sector:public\n    level: city\n",
     "committee.yaml:4:5", 'there is no space after the colon in "sector:public"',
     "write a space after the colon: sector: public"),
    ("members:\n  - id: pd\n    organization Pima County\n    sector: public\n",
     "committee.yaml:3:5", '"organization Pima County" on line 3 has no colon after its key',
     "write a colon and a space after the key (organization: Pima County)"),
])
def test_a_key_without_its_colon_is_named_on_its_own_line(text: str, where: str, words: str,
                                                          advice: str, tmp_path: Path) -> None:
    result = _check(_plan(tmp_path, "committee.yaml", text))
    line = next(line for line in result.output.splitlines() if "VP001" in line)
    assert where in line and words in line, result.output
    assert advice in result.output


def test_one_text_where_a_list_is_asked_for_shows_the_list_of_one(tmp_path: Path) -> None:
    text = (BASE / "committee.yaml").read_text(encoding="utf-8")
    result = _check(_plan(tmp_path, "committee.yaml", text.replace(
        "disciplines: [law_enforcement]", "disciplines: law_enforcement", 1)))
    line = next(line for line in result.output.splitlines() if "VP002" in line)
    assert '"disciplines" should be a list, but it is text ("law_enforcement")' in line
    assert "fix: put it in square brackets, as a list of one: disciplines: [law_enforcement]" \
        in result.output


def test_a_comma_inside_braces_is_named_with_the_quotes_to_add(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "checklist.yaml", "add:\n  - {id: radio-drill, section: protocols, "
                 "text: Test the radios, then the phones.}\n")
    result = _check(plan)
    line = next(line for line in result.output.splitlines() if "VP003" in line)
    assert 'checklist.yaml:2:' in line and 'unknown key "then the phones.": inside { } a comma ' \
        "ends a value" in line
    assert "fix: put the text that holds the comma in quotes" in result.output


def test_an_id_with_capitals_and_spaces_gets_the_id_to_write(tmp_path: Path) -> None:
    text = (BASE / "committee.yaml").read_text(encoding="utf-8")
    result = _check(_plan(tmp_path, "committee.yaml", text.replace("{id: pd,",
                                                                   "{id: Base PD,", 1)))
    line = next(line for line in result.output.splitlines() if "VP002" in line)
    assert "committee.yaml:3:10" in line and '"Base PD" is not a valid id for "id"' in line
    assert "start with a letter or digit: write it base-pd" in result.output
