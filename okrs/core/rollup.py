"""Roll-up of progress: key results to objectives, objectives to parents (the sums over
many objectives are in `aggregates.py`).

An objective's progress is the weighted mean of its key results and of the child objectives
that *contribute* to it; *support* links are shown but never counted. Equal weights give the
plain average the seed article describes.

A part with unknown progress (a key result nobody checked in on yet) counts as 0, as Perdoo
and Quantive count a key result at its start: nothing measured is nothing done. Only when
every part is unknown is the parent unknown too, rather than a confident 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """One thing that counts towards a parent: its clamped progress (None: unknown) and its
    weight."""

    progress: float | None
    weight: float = 1.0


def weighted_mean(parts: Iterable[Part]) -> float | None:
    """None when nothing counts (no parts, every weight 0, or every part unknown): progress
    is unknown, not 0. Otherwise unknown parts count as 0."""
    given = list(parts)
    if all(part.progress is None for part in given):
        return None
    parts = [Part(part.progress or 0.0, part.weight) for part in given]
    total_weight = 0.0
    total = 0.0
    for part in parts:
        total_weight += part.weight
        total += (part.progress or 0.0) * part.weight
    if total_weight <= 0:
        return None
    # Equal children must give back exactly the child's value; fsum-free arithmetic can be off
    # by one ulp, so clamp the result into the children's range.
    return _within_range(total / total_weight, parts)


def _within_range(value: float, parts: list[Part]) -> float:
    counted = [part.progress or 0.0 for part in parts if part.weight > 0]
    return min(max(value, min(counted)), max(counted))
