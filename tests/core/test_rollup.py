import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrs.core.rollup import Part, weighted_mean

unit_floats = st.floats(min_value=0, max_value=1)
weights = st.floats(min_value=0.01, max_value=100)


def test_it_gives_the_plain_average_for_equal_weights():
    assert weighted_mean([Part(0.2), Part(0.4), Part(0.9)]) == pytest.approx(0.5)


def test_it_weights_parts():
    assert weighted_mean([Part(1.0, 3), Part(0.0, 1)]) == pytest.approx(0.75)


def test_it_knows_nothing_when_nothing_counts():
    assert weighted_mean([]) is None
    assert weighted_mean([Part(0.5, 0)]) is None


@given(unit_floats, weights, st.integers(min_value=1, max_value=30))
def test_roll_up_of_equal_children_equals_the_child(value, weight, count):
    assert weighted_mean([Part(value, weight)] * count) == value


@given(st.lists(st.tuples(unit_floats, weights), min_size=1, max_size=20))
def test_roll_up_stays_within_its_children(parts):
    result = weighted_mean([Part(p, w) for p, w in parts])
    assert min(p for p, _ in parts) <= result <= max(p for p, _ in parts)
