"""Roll-up of progress: key results to objectives, objectives to parents (the sums over
many objectives are in `aggregates.py`).

An objective's progress is the weighted mean of its key results and of the child objectives
that *contribute* to it; *support* links are shown but never counted. Equal weights give the
plain average the seed article describes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """One thing that counts towards a parent: its clamped progress and its weight."""

    progress: float
    weight: float = 1.0


def weighted_mean(parts: Iterable[Part]) -> float | None:
    """None when nothing counts (no parts, or every weight is 0): progress is unknown, not 0."""
    parts = list(parts)
    total_weight = 0.0
    total = 0.0
    for part in parts:
        total_weight += part.weight
        total += part.progress * part.weight
    if total_weight <= 0:
        return None
    # Equal children must give back exactly the child's value; fsum-free arithmetic can be off
    # by one ulp, so clamp the result into the children's range.
    return _within_range(total / total_weight, parts)


def _within_range(value: float, parts: list[Part]) -> float:
    counted = [part.progress for part in parts if part.weight > 0]
    return min(max(value, min(counted)), max(counted))
