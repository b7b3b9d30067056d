from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrs.core.health import Health, Thresholds, assess, expected_progress, health_of

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)


def test_it_expects_linear_pace_through_the_period():
    start, end = date(2026, 10, 1), date(2026, 12, 31)
    assert expected_progress(start, end, datetime(2026, 10, 1, tzinfo=UTC)) == 0
    assert expected_progress(start, end, datetime(2027, 1, 1, tzinfo=UTC)) == 1
    assert expected_progress(start, end, datetime(2026, 9, 1, tzinfo=UTC)) == 0
    assert expected_progress(start, end, datetime(2026, 11, 16, tzinfo=UTC)) == 0.5  # 46 of 92 days


@pytest.mark.parametrize(
    ("progress", "health"),
    [
        (0.5, Health.ON_TRACK),
        (0.41, Health.ON_TRACK),
        (0.35, Health.AT_RISK),
        (0.2, Health.OFF_TRACK),
    ],
)
def test_it_compares_progress_with_the_expected_pace(progress, health):
    verdict = assess(progress, 0.5, NOW - timedelta(days=2), NOW)
    assert verdict.health is health
    assert "50% expected" in verdict.explanation


def test_it_is_pending_before_the_first_check_in():
    verdict = assess(0.0, 0.5, None, NOW)
    assert verdict.health is Health.PENDING
    assert verdict.explanation


def test_staleness_overrides_the_last_reported_state():
    verdict = assess(1.0, 0.5, NOW - timedelta(days=15), NOW)
    assert verdict.health is Health.OUTDATED
    assert "15 days" in verdict.explanation


def test_the_cadence_and_gaps_are_configurable():
    strict = Thresholds(at_risk_gap=0.0, off_track_gap=0.05, cadence=timedelta(days=7))
    assert (
        assess(0.45, 0.5, NOW - timedelta(days=2), NOW, thresholds=strict).health is Health.AT_RISK
    )
    assert (
        assess(0.5, 0.5, NOW - timedelta(days=8), NOW, thresholds=strict).health is Health.OUTDATED
    )


def test_a_closed_period_is_closed_whatever_its_progress():
    assert assess(0.1, 1.0, None, NOW, closed=True).health is Health.CLOSED


@given(
    st.one_of(st.none(), st.floats(0, 1)),
    st.one_of(st.none(), st.integers(0, 40).map(lambda days: NOW - timedelta(days=days))),
    st.booleans(),
)
def test_health_of_is_assess_at_the_periods_pace(progress, last_check_in, closed):
    start, end = date(2026, 10, 1), date(2026, 12, 31)
    expected = expected_progress(start, end, NOW)
    assert health_of(
        progress, last_check_in, start=start, end=end, now=NOW, closed=closed
    ) == assess(progress, expected, last_check_in, NOW, closed=closed)
