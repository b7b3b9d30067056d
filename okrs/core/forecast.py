"""Forecast of a key result's value at the end of the period.

A least-squares line through the check-ins, read off at the period's end. It needs
check-ins spread over at least a day: two values minutes apart would be stretched over
weeks into an absurd figure, so they give no forecast rather than a guess.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from okrs.core.progress import Direction, KeyResultSpec, progress

MIN_SPAN = timedelta(days=1)


@dataclass(frozen=True)
class Point:
    at: datetime
    value: float


@dataclass(frozen=True)
class Forecast:
    value: float
    progress: float
    trending_off_track: bool
    explanation: str


def fit_line(points: Sequence[Point]) -> tuple[float, float] | None:
    """Slope (per second) and intercept at the first point's time, or None if undetermined."""
    if len(points) < 2:
        return None
    origin = points[0].at
    xs = [(point.at - origin).total_seconds() for point in points]
    ys = [point.value for point in points]
    mean_x = math.fsum(xs) / len(xs)
    mean_y = math.fsum(ys) / len(ys)
    spread = math.fsum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return slope, mean_y - slope * mean_x


def forecast(spec: KeyResultSpec, points: Sequence[Point], period_end: datetime) -> Forecast | None:
    if spec.direction is Direction.MILESTONE:
        return None  # done / not done has no trend to extend
    ordered = sorted(points, key=lambda point: point.at)
    if not ordered or ordered[-1].at - ordered[0].at < MIN_SPAN:
        return None
    line = fit_line(ordered)
    if line is None:
        return None
    slope, intercept = line
    seconds = (period_end - ordered[0].at).total_seconds()
    value = slope * seconds + intercept
    if not math.isfinite(value):
        return None
    expected_progress = progress(spec, value)
    off_track = expected_progress < 1.0
    verdict = "misses the target" if off_track else "reaches the target"
    return Forecast(
        value=value,
        progress=expected_progress,
        trending_off_track=off_track,
        explanation=f"At this trend the value is {value:.4g} at the end of the period: {verdict}.",
    )
