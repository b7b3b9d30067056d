import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrs.core.progress import (
    Direction,
    KeyResultSpec,
    clamp,
    progress,
    raw_progress,
    validate_spec,
)

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
any_finite = st.floats(allow_nan=False, allow_infinity=False)


def linear(direction, start, target):
    return KeyResultSpec(direction, start=start, target=target)


def test_it_measures_an_increase_from_the_start_value():
    spec = linear(Direction.INCREASE, 62, 75)
    assert raw_progress(spec, 62) == 0
    assert raw_progress(spec, 75) == 1
    assert raw_progress(spec, 68.5) == pytest.approx(0.5)


def test_it_measures_a_decrease_with_the_same_formula():
    # okr-method.md §5: cost 450k -> 350k at 400k is half way
    assert raw_progress(linear(Direction.DECREASE, 450, 350), 400) == pytest.approx(0.5)


def test_it_keeps_over_achievement_in_raw_progress_but_clamps_for_roll_ups():
    spec = linear(Direction.INCREASE, 100, 200)
    assert raw_progress(spec, 240) == pytest.approx(1.4)
    assert progress(spec, 240) == 1.0
    assert progress(spec, 50) == 0.0


def test_it_scores_a_band_as_full_inside_and_falling_to_zero_at_the_tolerance():
    spec = KeyResultSpec(Direction.STAY_WITHIN, low=99.5, high=99.9, tolerance=0.5)
    assert progress(spec, 99.7) == 1.0
    assert progress(spec, 99.25) == pytest.approx(0.5)
    assert progress(spec, 98.9) == 0.0
    assert progress(spec, 100.4) == 0.0


def test_it_scores_a_milestone_as_done_or_not():
    spec = KeyResultSpec(Direction.MILESTONE)
    assert progress(spec, 0) == 0.0
    assert progress(spec, 1) == 1.0


def test_it_rejects_start_equal_to_target_and_points_to_stay_within():
    errors = validate_spec(linear(Direction.INCREASE, 5, 5))
    assert [error.field for error in errors] == ["target"]
    assert "stay within" in errors[0].message


def test_it_rejects_a_target_on_the_wrong_side_of_the_start():
    assert validate_spec(linear(Direction.INCREASE, 10, 5))[0].field == "target"
    assert validate_spec(linear(Direction.DECREASE, 5, 10))[0].field == "target"


def test_it_requires_a_band_for_stay_within():
    fields = {error.field for error in validate_spec(KeyResultSpec(Direction.STAY_WITHIN))}
    assert fields == {"low", "high"}


def test_it_rejects_non_finite_numbers():
    assert validate_spec(linear(Direction.INCREASE, 0, math.inf))[0].field == "target"


@given(finite, finite, finite, finite)
def test_progress_is_monotone_in_the_current_value_for_an_increase(start, target, a, b):
    if target <= start:
        start, target = target, start
    if start == target:
        return
    spec = linear(Direction.INCREASE, start, target)
    low, high = sorted((a, b))
    assert raw_progress(spec, low) <= raw_progress(spec, high)
    assert progress(spec, low) <= progress(spec, high)


@given(finite, finite, finite, finite)
def test_progress_is_antitone_in_the_current_value_for_a_decrease(start, target, a, b):
    if target >= start:
        start, target = target, start
    if start == target:
        return
    spec = linear(Direction.DECREASE, start, target)
    low, high = sorted((a, b))
    assert raw_progress(spec, low) >= raw_progress(spec, high)
    assert progress(spec, low) >= progress(spec, high)


specs = st.one_of(
    st.builds(
        linear, st.sampled_from([Direction.INCREASE, Direction.DECREASE]), any_finite, any_finite
    ),
    st.builds(
        lambda low, width, tolerance: KeyResultSpec(
            Direction.STAY_WITHIN, low=low, high=low + width, tolerance=tolerance
        ),
        finite,
        st.floats(min_value=0, max_value=1e6),
        st.floats(min_value=1e-6, max_value=1e6),
    ),
    st.just(KeyResultSpec(Direction.MILESTONE)),
)


@given(specs, any_finite)
def test_progress_is_finite_and_clamped_for_every_valid_spec(spec, current):
    if validate_spec(spec):
        return
    raw = raw_progress(spec, current)
    assert math.isfinite(raw)
    assert 0.0 <= progress(spec, current) <= 1.0


@given(any_finite)
def test_clamp_stays_in_the_unit_interval(value):
    assert 0.0 <= clamp(value) <= 1.0
