from datetime import UTC, datetime, timedelta

import pytest

from okrs.core.forecast import Point, forecast
from okrs.core.progress import Direction, KeyResultSpec

START = datetime(2026, 10, 1, tzinfo=UTC)
END = START + timedelta(days=90)
COVERAGE = KeyResultSpec(Direction.INCREASE, start=60, target=75)


def weekly(values):
    return [Point(START + timedelta(weeks=i), value) for i, value in enumerate(values)]


def test_it_extends_a_straight_trend_to_the_end_of_the_period():
    # +1 point a week: 90 days are 12.86 weeks
    result = forecast(COVERAGE, weekly([60, 61, 62, 63]), END)
    assert result.value == pytest.approx(60 + 90 / 7)
    assert result.trending_off_track
    assert "misses the target" in result.explanation


def test_it_says_when_the_trend_reaches_the_target():
    result = forecast(COVERAGE, weekly([60, 62, 64]), END)
    assert not result.trending_off_track


def test_it_gives_no_forecast_from_one_point_or_for_a_milestone():
    assert forecast(COVERAGE, weekly([60]), END) is None
    assert forecast(KeyResultSpec(Direction.MILESTONE), weekly([0, 1]), END) is None


def test_it_gives_no_forecast_from_check_ins_minutes_apart():
    # Two quick check-ins would be stretched over the whole period into a wild figure.
    spec = KeyResultSpec(Direction.INCREASE, 0, 100)
    quick = [Point(START, 10), Point(START + timedelta(minutes=5), 40)]
    assert forecast(spec, quick, END) is None
    spread = [Point(START, 10), Point(START + timedelta(days=2), 12)]
    assert forecast(spec, spread, END) is not None
