"""The statistics the web benchmark reports: medians, percentiles, ratios of medians.

Plain functions over lists of floats, tested in tests/test_bench_smoke.py without a database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    """The middle value (the mean of the two middle ones for an even count)."""
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), interpolated linearly between the closest ranks
    (numpy's default, "linear"): percentile(v, 50) == median(v)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0-100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(value: float, baseline: float) -> float | None:
    """value / baseline, None when the baseline is zero (nothing to compare with)."""
    return value / baseline if baseline else None


def median_ratio(values: Sequence[float], baselines: Sequence[float]) -> float | None:
    """The median of the per-round ratios: each round's figure over the baseline measured
    in the same round, so a round the machine slowed down slows both sides."""
    ratios = [r for v, b in zip(values, baselines, strict=True) if (r := ratio(v, b)) is not None]
    return median(ratios) if ratios else None


def spread(values: Sequence[float]) -> float | None:
    """How far the largest and smallest values are from the first one, as the larger of
    the two relative differences (0.2 means within ±20 % of the first)."""
    if not values or not values[0]:
        return None
    first = values[0]
    return max(abs(value - first) / first for value in values)
