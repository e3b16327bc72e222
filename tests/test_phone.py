"""The quick answer for the usual forms of a U.S. phone number says what phonenumbers' full
reading says (rule VP110's behaviour is held by tests/rules/VP110.yaml; this holds the shortcut
to it on many numbers)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaplan.facts.committee import _plain_us_number, _read_phone, phone_fault

_digits = st.text("0123456789", min_size=3, max_size=3)
_FORMS = ["+1 {a} {b} {c}", "({a}) {b}-{c}", "({a}){b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}",
          "{a}{b}{c}", "+1{a}{b}{c}", "+1-{a}-{b}-{c}", "{a} {b}{c}", "+1 ({a}) {b}-{c}"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(form=st.sampled_from(_FORMS), area=_digits, exchange=_digits,
       line=st.text("0123456789", min_size=4, max_size=4))
def test_the_quick_answer_is_the_full_readings(form: str, area: str, exchange: str,
                                               line: str) -> None:
    text = form.format(a=area, b=exchange, c=line)
    assert phone_fault(text) == _read_phone(text, "US")


def test_usual_forms_of_a_valid_number_take_the_quick_way() -> None:
    for form in _FORMS:
        text = form.format(a="520", b="555", c="0142")
        assert _plain_us_number(text), text
        assert _read_phone(text, "US") is None


def test_what_the_quick_way_does_not_know_is_read_in_full() -> None:
    assert not _plain_us_number("555-0101")
    assert phone_fault("555-0101") == "has no area code"
    assert phone_fault("123-456-7890") == ("is not a number that can be dialed in the United "
                                           "States; check its area code")
    assert phone_fault("+44 20 7946 0958") is None
