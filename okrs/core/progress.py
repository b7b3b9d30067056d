"""Key-result progress by direction.

Raw progress keeps over-achievement visible (1.4 means 140 %); roll-ups and scores use the
clamped value in [0, 1], as Google's grading and okr-tracker do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from okrs.core.errors import FieldError


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    STAY_WITHIN = "stay_within"
    MILESTONE = "milestone"


@dataclass(frozen=True)
class KeyResultSpec:
    """What a key result aims at. `low`/`high`/`tolerance` only matter for stay-within."""

    direction: Direction
    start: float = 0.0
    target: float = 1.0
    low: float | None = None
    high: float | None = None
    tolerance: float | None = None

    @property
    def band_tolerance(self) -> float:
        """How far outside the band progress falls to 0; defaults to the band's width."""
        if self.tolerance is not None:
            return self.tolerance
        assert self.low is not None
        assert self.high is not None
        return self.high - self.low


def validate_spec(spec: KeyResultSpec) -> list[FieldError]:
    values: dict[str, float | None] = {"start": spec.start, "target": spec.target}
    values |= {"low": spec.low, "high": spec.high, "tolerance": spec.tolerance}
    errors = [
        FieldError(name, "must be a finite number")
        for name, value in values.items()
        if value is not None and not math.isfinite(value)
    ]
    if errors:
        return errors
    if spec.direction in (Direction.INCREASE, Direction.DECREASE):
        return _validate_linear(spec)
    if spec.direction is Direction.STAY_WITHIN:
        return _validate_band(spec)
    return []


def _validate_linear(spec: KeyResultSpec) -> list[FieldError]:
    if spec.start == spec.target:
        return [
            FieldError(
                "target",
                "equals the start value, so there is no change to measure; "
                "to hold a value steady use the direction 'stay within' with a band",
            )
        ]
    if spec.direction is Direction.INCREASE and spec.target < spec.start:
        return [FieldError("target", "must be above the start value for an increase")]
    if spec.direction is Direction.DECREASE and spec.target > spec.start:
        return [FieldError("target", "must be below the start value for a decrease")]
    return []


def _validate_band(spec: KeyResultSpec) -> list[FieldError]:
    if spec.low is None or spec.high is None:
        missing = [name for name in ("low", "high") if getattr(spec, name) is None]
        return [FieldError(name, "is required for 'stay within'") for name in missing]
    if spec.low > spec.high:
        return [FieldError("high", "must not be below the band's low end")]
    if spec.tolerance is not None and spec.tolerance <= 0:
        return [FieldError("tolerance", "must be above 0")]
    if spec.tolerance is None and spec.low == spec.high:
        return [FieldError("tolerance", "is required when the band is a single value")]
    return []


def raw_progress(spec: KeyResultSpec, current: float) -> float:
    """Unclamped progress; callers validate the spec first."""
    if spec.direction is Direction.MILESTONE:
        return 1.0 if current >= 1 else 0.0
    if spec.direction is Direction.STAY_WITHIN:
        return _band_progress(spec, current)
    # Both differences are negative for a decrease, so one formula serves both directions.
    # Dividing by the difference, not multiplying by its inverse, keeps current == target
    # at exactly 1.0.
    return _finite((current - spec.start) / (spec.target - spec.start))


def _band_progress(spec: KeyResultSpec, current: float) -> float:
    assert spec.low is not None
    assert spec.high is not None
    distance = max(spec.low - current, current - spec.high, 0.0)
    return _finite(max(0.0, 1.0 - distance / spec.band_tolerance))


def _finite(value: float) -> float:
    # Huge but finite inputs can overflow to inf or give nan; progress is then simply off
    # the scale in the direction of the sign.
    if math.isnan(value):
        return 0.0
    return max(min(value, 1e12), -1e12)


def clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def progress(spec: KeyResultSpec, current: float) -> float:
    """Progress in [0, 1], as used by roll-ups, health and scores."""
    return clamp(raw_progress(spec, current))
