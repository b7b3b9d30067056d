"""What the synthetic enterprise's key results aim at, and the values their check-ins hold.

A few software metrics with realistic baselines, jittered per key result; each key result
follows an arc (where it ends by the period's close) with weekly noise on the way.
"""

from __future__ import annotations

import random

from okrs.core.checkins import Signal
from okrs.core.progress import Direction
from okrs.goals.models import KeyResult

OBJECTIVE_TITLES = [
    "Customers recommend us to their peers",
    "Releases stop surprising us",
    "The product feels instant",
    "New users find value in their first week",
    "Production is boringly reliable",
    "CI gives feedback while the change is fresh",
    "Customers get unstuck in one contact",
    "Product bets are decided by evidence",
    "Our codebase is safe to change",
    "Work flows from idea to customer without waiting",
]
# title, unit, start, target, decimals
INCREASE = [
    ("Test coverage", "%", 55.0, 75.0, 1),
    ("Weekly active accounts", "accounts", 1200.0, 1800.0, 0),
    ("NPS from the in-app survey", "score", 20.0, 40.0, 0),
    ("Support CSAT", "%", 78.0, 88.0, 1),
    ("Deploys per week", "deploys", 5.0, 20.0, 0),
    ("Day-30 retention of new signups", "%", 35.0, 45.0, 1),
]
DECREASE = [
    ("Median lead time for changes", "days", 5.0, 2.0, 1),
    ("Change failure rate", "%", 25.0, 12.0, 1),
    ("LCP p75 of the dashboard", "ms", 3400.0, 2500.0, 0),
    ("Open bugs older than 30 days", "bugs", 120.0, 60.0, 0),
    ("CI pipeline p50 duration", "min", 18.0, 8.0, 1),
]
# title, unit, low, high, start
BANDS = [
    ("Error budget consumed", "%", 0.0, 75.0, 92.0),
    ("p95 API latency", "ms", 150.0, 250.0, 310.0),
]
MILESTONES = [
    "Every service deploys through the shared pipeline",
    "The runbook for each alert is published",
    "Annual billing is live",
    "Events land in the warehouse within an hour",
]


def key_result(rng: random.Random) -> KeyResult:
    """A key result with a valid spec (not yet tied to an objective or saved)."""
    roll = rng.random()
    if roll < 0.45:
        return _linear(rng, Direction.INCREASE, rng.choice(INCREASE))
    if roll < 0.8:
        return _linear(rng, Direction.DECREASE, rng.choice(DECREASE))
    if roll < 0.9:
        title = rng.choice(MILESTONES)
        return KeyResult(title=title, direction=Direction.MILESTONE, start=0, target=1)
    title, unit, low, high, start = rng.choice(BANDS)
    return KeyResult(
        title=title,
        direction=Direction.STAY_WITHIN,
        unit_label=unit,
        start=start,
        target=(low + high) / 2,  # the history heads for the middle of the band
        low=low,
        high=high,
    )


def _linear(
    rng: random.Random, direction: Direction, template: tuple[str, str, float, float, int]
) -> KeyResult:
    title, unit, start, target, decimals = template
    jitter = rng.uniform(0.8, 1.2)
    moved = round(start * jitter, decimals), round(target * jitter, decimals)
    # Rounding a small jittered range may close it; the template's own values never do.
    start, target = moved if moved[0] != moved[1] else (start, target)
    return KeyResult(
        title=title,
        direction=direction,
        unit_label=unit,
        start=start,
        target=target,
        precision=decimals,
    )


def arc(rng: random.Random) -> float:
    """Where a key result ends, as a share of the way from start to target (over 1: beaten)."""
    return min(1.3, max(-0.1, rng.gauss(0.7, 0.3)))


def value(key_result: KeyResult, final: float, elapsed: float, rng: random.Random) -> float:
    """The value at `elapsed` (0: the first check-in, 1: the period's end) along the arc."""
    if key_result.direction == Direction.MILESTONE:
        return 1.0 if elapsed >= 1.0 - final * 0.7 else 0.0  # done earlier the better it goes
    if key_result.direction == Direction.STAY_WITHIN:
        assert key_result.low is not None
        assert key_result.high is not None
        width = key_result.high - key_result.low
        towards = key_result.start + (key_result.target - key_result.start) * min(1.0, elapsed * 2)
        return round(towards + rng.gauss(0, width * 0.2), 1)
    share = final * elapsed + rng.gauss(0, 0.03)
    decimals = key_result.precision if key_result.precision is not None else 1
    return round(key_result.start + (key_result.target - key_result.start) * share, decimals)


def signal(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.02:
        return Signal.BLOCKER
    return Signal.INSIGHT if roll < 0.05 else Signal.NONE
