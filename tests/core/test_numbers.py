"""Values shown as people read them and typed back as the page shows them (issue 12)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrs.core.checkins import parse_check_in
from okrs.core.errors import InvalidInput
from okrs.core.numbers import (
    NumberFormatError,
    decimal_comma_for,
    decimals_for,
    format_reading,
    format_value,
    parse_number,
    plain_value,
    precision_errors,
)

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (11.111111111111107, 1, "11.1"),
        (2530.0, 1, "2,530"),
        (1234.54, 1, "1,234.5"),
        (1234567.0, 0, "1,234,567"),
        (2.675, 2, "2.68"),
        (-0.0001, 2, "0"),
        (-1234.5, 0, "-1,235"),
    ],
)
def test_it_rounds_values_for_display(value, decimals, shown):
    assert format_value(value, decimals) == shown


def test_it_keeps_a_set_precision_fixed_and_swaps_separators_for_a_decimal_comma():
    assert format_value(12.5, 2, trim=False) == "12.50"
    assert format_value(2530.5, 1, decimal_comma=True) == "2.530,5"
    assert plain_value(2530.55, 1, decimal_comma=True) == "2530,6"


@pytest.mark.parametrize(
    ("values", "precision", "decimals"),
    [
        ((0, 30, None, None), None, 1),  # an NPS target: an average still shows a tenth
        ((2000, 3000, None, None), None, 1),
        ((10, 12.75, None, None), None, 2),
        ((0.2, 0.5, None, None), None, 2),  # a ratio gets one more than it is written with
        ((0, 1, None, None), None, 2),
        ((0, 100, 0.00001, 5), None, 4),  # capped
        ((0, 30, None, None), 0, 0),  # a precision set wins
        ((0, 30, None, None), 3, 3),
    ],
)
def test_it_infers_decimals_from_the_key_results_own_values(values, precision, decimals):
    assert decimals_for(*values, precision) == decimals


@pytest.mark.parametrize(
    ("text", "decimal_comma", "number"),
    [
        ("2,530", False, 2530),
        ("2530", False, 2530),
        ("2 530", False, 2530),
        ("2\u00a0530", False, 2530),
        ("2\u202f530", False, 2530),
        ("1,234.5", False, 1234.5),
        ("1,234,567.25", False, 1234567.25),
        ("0.7", False, 0.7),
        (" -3 ", False, -3),
        ("\u22122,530", False, -2530),
        ("2.530,5", True, 2530.5),
        ("2.530", True, 2530),
        ("2 530,5", True, 2530.5),
        ("0,7", True, 0.7),
        ("2,530", True, 2.53),
    ],
)
def test_it_accepts_the_formats_pages_display(text, decimal_comma, number):
    assert parse_number(text, decimal_comma) == number


@pytest.mark.parametrize(
    ("text", "decimal_comma"),
    [
        ("1,2,3", False),
        ("1.234.5", False),
        ("12,34", False),  # 12.34 or 1,234 mistyped? we do not guess
        ("1234,567", False),
        ("1,234 567", False),  # two different separators
        ("12.34", True),
        ("1,234.5", True),
        ("", False),
        ("-", False),
        ("abc", False),
        ("1_000", False),
    ],
)
def test_it_refuses_ambiguous_or_malformed_input_naming_the_formats(text, decimal_comma):
    with pytest.raises(NumberFormatError, match="such as 2530"):
        parse_number(text, decimal_comma)


def test_it_refuses_a_value_too_large_to_be_finite():
    with pytest.raises(NumberFormatError, match="finite"):
        parse_number("1e999")


@given(finite, st.integers(min_value=0, max_value=6), st.booleans())
def test_it_parses_back_what_it_shows_within_the_rounding(value, decimals, decimal_comma):
    shown = format_value(value, decimals, decimal_comma=decimal_comma)
    parsed = parse_number(shown, decimal_comma)
    assert math.isclose(parsed, value, abs_tol=0.5 * 10**-decimals + abs(value) * 1e-12)
    typed = plain_value(value, decimals, decimal_comma=decimal_comma)
    assert parse_number(typed, decimal_comma) == parsed


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_it_parses_python_floats_as_strings_unchanged(value):
    assert parse_number(repr(value)) == value
    assert parse_number(str(value)) == value


@pytest.mark.parametrize(
    ("header", "comma"),
    [
        ("de-DE,en;q=0.8", True),
        ("fr", True),
        ("pt_BR", True),
        ("en-US,de;q=0.9", False),
        ("de-CH", False),
        ("", False),
        ("*", False),
    ],
)
def test_it_takes_a_decimal_comma_from_the_preferred_language(header, comma):
    assert decimal_comma_for(header) is comma


def test_it_parses_a_check_in_typed_as_the_page_shows_it():
    assert parse_check_in("2,530", 7).value == 2530
    assert parse_check_in("0,7", 7, decimal_comma=True).value == 0.7
    with pytest.raises(InvalidInput) as raised:
        parse_check_in("12,34", 7)
    assert "such as 2530, 2,530" in raised.value.by_field()["value"][0]


def test_it_rounds_a_reading_with_no_key_result_to_two_decimals_or_four_below_one():
    assert format_reading(33.333333333333336) == "33.33"
    assert format_reading(0.012345) == "0.0123"
    assert format_reading(9) == "9"
    assert format_reading("0-10") == "0-10"


@pytest.mark.parametrize(
    ("precision", "ok"),
    [(None, True), (0, True), (6, True), (7, False), (-1, False), (True, False), (1.5, False)],
)
def test_it_takes_a_precision_of_0_to_6_decimals_or_none(precision, ok):
    assert (precision_errors(precision) == []) is ok
