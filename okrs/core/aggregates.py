"""Aggregates: what many objectives add up to (a period, a focus area, a unit's subtree).

An aggregate is kept as a count, an integer total of progress in millionths and a count per
health, so one objective's change is added to every row on its path exactly (no float
drift), and the incremental path always equals a rebuild from scratch. Plain values only:
`okrs/goals/rollup.py` reads and saves the rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from okrs.core.progress import clamp

MICRO = 1_000_000


@dataclass(frozen=True)
class Contribution:
    """What one objective adds to each aggregate it belongs to."""

    progress_micro: int
    health: str
    last_check_in_at: datetime | None


def contribution(
    progress: float | None, health: str, last_check_in_at: datetime | None, *, private: bool
) -> Contribution | None:
    """None for a private objective: it stays out of aggregates that everyone can read, as a
    count or a mean that moves when a private objective does would leak it. Unknown progress
    counts as 0: an objective nobody measures is not done."""
    if private:
        return None
    return Contribution(round(clamp(progress or 0.0) * MICRO), health, last_check_in_at)


@dataclass(frozen=True)
class Tally:
    """The stored sums of one aggregate."""

    objective_count: int = 0
    progress_total: int = 0  # millionths
    health_counts: Mapping[str, int] = field(default_factory=dict)
    last_check_in_at: datetime | None = None


@dataclass(frozen=True)
class Moved:
    """A tally after one objective's contribution changed.

    `time_stale`: the latest check-in time may have been the one leaving, so the stored row
    must look it up again (a later time replacing an earlier one needs no look)."""

    tally: Tally
    time_stale: bool


def moved(tally: Tally, old: Contribution | None, new: Contribution | None) -> Moved:
    """Take `old` out of the tally and put `new` in (either may be None: not counted)."""
    result = _shift(_shift(tally, old, -1), new, +1)
    old_time = old.last_check_in_at if old else None
    new_time = new.last_check_in_at if new else None
    stale = bool(old_time and (new_time is None or new_time < old_time))
    if new_time:
        latest = max(filter(None, [result.last_check_in_at, new_time]))
        result = replace(result, last_check_in_at=latest)
    return Moved(result, stale)


def _shift(tally: Tally, part: Contribution | None, sign: int) -> Tally:
    if part is None:
        return tally
    counts = dict(tally.health_counts)
    counts[part.health] = counts.get(part.health, 0) + sign
    return replace(
        tally,
        objective_count=tally.objective_count + sign,
        progress_total=tally.progress_total + sign * part.progress_micro,
        health_counts={health: n for health, n in sorted(counts.items()) if n},
    )


def mean_progress(objective_count: int, progress_total: int) -> float | None:
    """The mean progress of the counted objectives; None when none counts."""
    return progress_total / objective_count / MICRO if objective_count else None
