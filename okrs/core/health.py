"""Health: is this on pace to land by the end of the period?

What "on pace" means depends on the key result (README, "How the numbers work"):
- *increase* / *decrease*: progress against a straight line from 0 when the objective's
  window opens (the period's first day, or the objective's activation if later) to 1 on the
  period's last day, as Perdoo and Quantive pace expected progress;
- *milestone*: on track until its due date (the period's last day unless set), off track
  once the date passes undone;
- *stay within*: on track inside the band, at risk outside it but within the tolerance, off
  track beyond it;
- an objective: its progress against the weighted mean of what its parts expect by now.
Staleness overrides the last reported state: a key result nobody checked in on for longer
than the cadence is *outdated*, whatever its last value said, and `aged` applies that at
read time, so a stored figure never waits for a write to go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from okrs.core.progress import Direction


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


def expected_progress(
    start: date, end: date, on: datetime, *, activated_at: datetime | None = None
) -> float:
    """Linear pace through the objective's window: 0 until it opens (the period's first day,
    or the activation when later), 1 once the period has ended."""
    first, after_last = window(start, end, activated_at)
    if on >= after_last:
        return 1.0
    elapsed = (on - first) / (after_last - first)
    return min(1.0, max(0.0, elapsed))


def window(start: date, end: date, activated_at: datetime | None) -> tuple[datetime, datetime]:
    """When an objective's pace opens and ends. An objective activated in week 8 has the
    weeks left to it, not the whole period (an activation after the period's end leaves
    one day, so the pace is still a line, not a division by zero)."""
    first, after_last = period_bounds(start, end)
    if activated_at is not None and activated_at > first:
        first = min(activated_at, after_last - timedelta(days=1))
    return first, after_last


def due_moment(end: date, due: date | None) -> datetime:
    """A milestone is due by the end of its due day (the period's last day unless set)."""
    return datetime.combine((due or end) + timedelta(days=1), time.min, tzinfo=UTC)


def expected_of_key_result(
    direction: str,
    start: date,
    end: date,
    on: datetime,
    *,
    activated_at: datetime | None,
    due: date | None,
) -> float:
    """What a key result of this direction should show by `on`: a band should be kept all
    along (1), a milestone is 0 until its due date and 1 after, the others follow the line."""
    if direction == Direction.STAY_WITHIN:
        return 1.0
    if direction == Direction.MILESTONE:
        return 1.0 if on >= due_moment(end, due) else 0.0
    return expected_progress(start, end, on, activated_at=activated_at)


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
        return Assessment(Health.OUTDATED, _outdated(age, thresholds.cadence))
    return _pace(progress, expected, thresholds)


def assess_key_result(
    direction: str,
    progress: float | None,
    expected: float,
    last_check_in: datetime | None,
    now: datetime,
    *,
    due: datetime,
    closed: bool = False,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Assessment:
    """A key result's health by the rule that fits its direction (module docstring)."""
    verdict = assess(progress, expected, last_check_in, now, closed=closed, thresholds=thresholds)
    if progress is None or verdict.health not in PACED:
        return verdict
    if direction == Direction.MILESTONE:
        return _milestone(progress, now, due)
    if direction == Direction.STAY_WITHIN:
        return _band(progress)
    return verdict


def _milestone(progress: float, now: datetime, due: datetime) -> Assessment:
    due_day = f"{(due - timedelta(days=1)):%-d %b %Y}"
    if progress >= 1:
        return Assessment(Health.ON_TRACK, "Done.")
    if now < due:
        return Assessment(Health.ON_TRACK, f"Not done yet; due {due_day}.")
    return Assessment(Health.OFF_TRACK, f"Due {due_day} and not done.")


def _band(progress: float) -> Assessment:
    if progress >= 1:
        return Assessment(Health.ON_TRACK, "Inside the band.")
    if progress > 0:
        return Assessment(
            Health.AT_RISK, f"Outside the band, {_pct(1 - progress)} of the tolerance away."
        )
    return Assessment(Health.OFF_TRACK, "Outside the band by more than the tolerance.")


# The states a pace (or a band, or a due date) decides; staleness overrides only these.
PACED = frozenset({Health.ON_TRACK, Health.AT_RISK, Health.OFF_TRACK})


def aged(
    health: str, reason: str, last_check_in: datetime | None, now: datetime, cadence: timedelta
) -> tuple[str, str]:
    """A stored health as it reads at `now`: a paced state whose last check-in is older
    than the cadence has gone *outdated* since it was stored."""
    if health not in PACED or last_check_in is None or now - last_check_in <= cadence:
        return health, reason
    return Health.OUTDATED, _outdated(now - last_check_in, cadence)


def _outdated(age: timedelta, cadence: timedelta) -> str:
    return f"Last check-in {age.days} days ago, more than the {cadence.days}-day cadence."


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
