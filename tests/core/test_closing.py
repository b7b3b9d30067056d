"""Scores at close: the weighted mean, typed scores, and the quarter after a period."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrs.core.closing import next_quarter, objective_score, parse_score, quarter_of
from okrs.core.errors import FieldError


def test_it_weighs_key_result_scores():
    assert objective_score([(0.5, 1), (1.0, 3)]) == 0.88
    assert objective_score([(0.4, 0), (0.8, 0)]) == 0.6  # all weights 0: a plain mean
    assert objective_score([]) is None


@pytest.mark.parametrize(
    ("typed", "score"), [("0.7", 0.7), (" .7 ", 0.7), ("0,7", 0.7), ("1", 1.0)]
)
def test_it_reads_typed_scores(typed, score):
    assert parse_score(typed, "kr") == score


@pytest.mark.parametrize("typed", ["", "seven", "1.01", "-0.1", "nan", "inf"])
def test_it_refuses_what_is_no_score(typed):
    error = parse_score(typed, "kr")
    assert isinstance(error, FieldError)
    assert error.field == "kr"


def test_it_names_the_next_quarter():
    assert next_quarter(date(2026, 12, 31)) == ("Q1 2027", date(2027, 1, 1), date(2027, 3, 31))
    assert next_quarter(date(2026, 6, 30)) == ("Q3 2026", date(2026, 7, 1), date(2026, 9, 30))
    name, start, end = next_quarter(date(2026, 11, 14))
    assert (start, end) == (date(2026, 11, 15), date(2027, 2, 14))
    assert name == "15 Nov 2026 – 14 Feb 2027"


def test_it_names_the_quarter_holding_a_day():
    assert quarter_of(date(2026, 12, 4)) == ("Q4 2026", date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_of(date(2027, 1, 1)) == ("Q1 2027", date(2027, 1, 1), date(2027, 3, 31))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_the_quarter_of_a_day_holds_it_and_starts_a_quarter(day):
    name, start, end = quarter_of(day)
    assert start <= day <= end
    assert start.day == 1
    assert start.month in (1, 4, 7, 10)
    assert name == f"Q{(start.month - 1) // 3 + 1} {start.year}"
