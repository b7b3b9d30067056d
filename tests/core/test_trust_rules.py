"""Property tests for issue 12's rules, in the pure core (no database)."""

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from okrs.core.alignment import period_link_error
from okrs.core.checkins import CLOCK_SKEW, LATE_DATA_GRACE, check_in_time_error
from okrs.core.health import (
    PACED,
    Health,
    aged,
    assess_key_result,
    due_moment,
    expected_progress,
)
from okrs.core.rollup import Part, weighted_mean

START, END = date(2026, 10, 1), date(2026, 12, 31)
FIRST = datetime.combine(START, time.min, tzinfo=UTC)
AFTER_LAST = datetime.combine(END + timedelta(days=1), time.min, tzinfo=UTC)
moments = st.datetimes(
    min_value=datetime(2026, 6, 1), max_value=datetime(2027, 6, 1), timezones=st.just(UTC)
)
progress = st.floats(min_value=0, max_value=1)


@given(moments, moments)
def test_an_objective_activated_later_is_expected_to_have_done_less(on, activated):
    paced_from_start = expected_progress(START, END, on)
    paced_from_activation = expected_progress(START, END, on, activated_at=activated)
    assert 0 <= paced_from_activation <= paced_from_start <= 1
    if on >= AFTER_LAST:
        assert paced_from_activation == 1.0  # the period is over: everything was due
    if FIRST <= activated < AFTER_LAST and on <= activated:
        assert paced_from_activation == 0.0  # nothing is expected before it was set


@given(progress, moments, st.dates(min_value=START, max_value=END))
def test_a_milestone_is_off_track_only_once_its_due_date_passes_undone(done, now, due):
    value = 1.0 if done >= 0.5 else 0.0
    verdict = assess_key_result(
        "milestone", value, 0.0, now - timedelta(hours=1), now, due=due_moment(END, due)
    )
    late = now >= due_moment(END, due)
    assert verdict.health == (Health.OFF_TRACK if late and value < 1 else Health.ON_TRACK)


@given(progress, moments)
def test_a_band_is_on_track_exactly_while_inside_it(inside, now):
    verdict = assess_key_result(
        "stay_within", inside, 0.0, now - timedelta(hours=1), now, due=AFTER_LAST
    )
    expected = Health.ON_TRACK if inside >= 1 else Health.AT_RISK
    assert verdict.health == (Health.OFF_TRACK if inside == 0 else expected)


@given(st.sampled_from(list(Health)), moments, st.integers(min_value=0, max_value=60))
def test_health_ages_into_outdated_only_past_the_cadence(stored, now, days):
    last = now - timedelta(days=days, minutes=1)
    health, reason = aged(stored, "stored", last, now, timedelta(days=14))
    if stored in PACED and days >= 14:
        assert health == Health.OUTDATED
        assert f"{days} days ago" in reason
    else:
        assert (health, reason) == (stored, "stored")
    assert aged(health, reason, last, now, timedelta(days=14)) == (health, reason)


@given(moments, moments)
def test_a_check_in_is_taken_exactly_inside_its_period_and_grace(at, now):
    error = check_in_time_error(at, START, END, now)
    inside = FIRST <= at < AFTER_LAST + LATE_DATA_GRACE and at <= now + CLOCK_SKEW
    assert (error is None) == inside
    if error is not None:
        assert error.field == "checked_at"


periods = st.tuples(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=0, max_value=400),
).map(lambda pair: (pair[0], pair[0] + timedelta(days=pair[1])))


@given(periods, periods)
def test_a_child_contributes_only_inside_its_parents_period(child, parent):
    nests = parent[0] <= child[0] and child[1] <= parent[1]
    assert (period_link_error("contribute", child, parent) is None) == nests
    assert period_link_error("support", child, parent) is None


parts = st.lists(
    st.tuples(st.one_of(st.none(), progress), st.floats(min_value=0.1, max_value=10)),
    min_size=1,
    max_size=6,
)


@given(parts)
def test_unknown_parts_count_as_zero_and_all_unknown_is_unknown(given_parts):
    mean = weighted_mean(Part(value, weight) for value, weight in given_parts)
    if all(value is None for value, _ in given_parts):
        assert mean is None
        return
    total = sum(weight for _, weight in given_parts)
    by_hand = sum((value or 0) * weight for value, weight in given_parts) / total
    assert mean is not None
    assert abs(mean - by_hand) < 1e-9
