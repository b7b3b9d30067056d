"""Health: is this on pace to land by the end of the period?

Progress is compared with the expected pace, a straight line from 0 on the period's first day
to 1 on its last. Staleness overrides the last reported state: a key result nobody checked
in on for longer than the cadence is *outdated*, whatever its last value said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum


class Health(StrEnum):
    PENDING = "pending"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    OUTDATED = "outdated"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class Thresholds:
    """How far behind the expected pace (in progress points) each state begins."""

    at_risk_gap: float = 0.10
    off_track_gap: float = 0.25
    cadence: timedelta = timedelta(days=14)


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Assessment:
    health: Health
    explanation: str


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """A period runs from the start of its first day to the end of its last (UTC)."""
    first = datetime.combine(start, time.min, tzinfo=UTC)
    after_last = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    return first, after_last


def expected_progress(start: date, end: date, on: datetime) -> float:
    """Linear pace through the period: 0 before it starts, 1 once it has ended."""
    first, after_last = period_bounds(start, end)
    elapsed = (on - first) / (after_last - first)
    return min(1.0, max(0.0, elapsed))


def assess(
    progress: float | None,
    expected: float,
    last_check_in: datetime | None,
    now: datetime,
    *,
    closed: bool = False,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Assessment:
    if closed:
        return Assessment(Health.CLOSED, "The period is closed; see the final score.")
    if last_check_in is None or progress is None:
        return Assessment(Health.PENDING, "No check-in yet.")
    age = now - last_check_in
    if age > thresholds.cadence:
        return Assessment(
            Health.OUTDATED,
            f"Last check-in {age.days} days ago, more than the "
            f"{thresholds.cadence.days}-day cadence.",
        )
    return _pace(progress, expected, thresholds)


def health_of(
    progress: float | None,
    last_check_in: datetime | None,
    *,
    start: date,
    end: date,
    now: datetime,
    closed: bool = False,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Assessment:
    """The health of a key result, an objective or an aggregate in the period from `start`
    to `end`: its progress against the period's expected pace by `now`."""
    expected = expected_progress(start, end, now)
    return assess(progress, expected, last_check_in, now, closed=closed, thresholds=thresholds)


def _pace(progress: float, expected: float, thresholds: Thresholds) -> Assessment:
    gap = expected - progress
    summary = f"{_pct(progress)} done, {_pct(expected)} expected by now"
    if gap <= thresholds.at_risk_gap:
        return Assessment(Health.ON_TRACK, f"{summary}: on pace.")
    if gap <= thresholds.off_track_gap:
        return Assessment(Health.AT_RISK, f"{summary}: {_points(gap)} behind pace.")
    return Assessment(Health.OFF_TRACK, f"{summary}: {_points(gap)} behind pace.")


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def _points(gap: float) -> str:
    return f"{round(gap * 100)} points"
