"""Compute one key result's or one objective's stored figures from what lies below it.

Used by the incremental path (`rollup.Propagation`) and by the full rebuild
(`rollup.recompute`) alike, so the two cannot disagree. Nothing here saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings

from okrs.core import forecast as forecasting
from okrs.core.health import Thresholds, expected_progress, health_of, period_bounds
from okrs.core.progress import clamp, raw_progress
from okrs.core.rollup import Part, weighted_mean
from okrs.goals.models import Alignment, AlignmentQuerySet, KeyResult, Objective, Period

KEY_RESULT_FIGURES = [
    "current",
    "confidence",
    "last_check_in_at",
    "progress_raw",
    "progress",
    "health",
    "health_reason",
    "forecast_value",
    "forecast_off_track",
    "forecast_reason",
]
OBJECTIVE_FIGURES = ["progress", "last_check_in_at", "health", "health_reason"]


def thresholds() -> Thresholds:
    return Thresholds(cadence=timedelta(days=settings.CHECK_IN_CADENCE_DAYS))


def expected_for(period: Period, now: datetime) -> float:
    return expected_progress(period.start, period.end, now)


@dataclass
class Children:
    """What contributing child objectives add to a parent: weighted parts, latest check-in."""

    parts: list[Part] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)

    @classmethod
    def of(cls, links: AlignmentQuerySet, parent: Objective) -> Children:
        children = cls()
        counted = links.counted().select_related("child")
        if parent.visibility == Objective.Visibility.PUBLIC:
            # A private objective moving a public parent's progress, health or last check-in
            # would show everyone what it hides: it counts only towards private parents.
            counted = counted.exclude(child__visibility=Objective.Visibility.PRIVATE)
        for link in counted:
            children.parts.append(Part(link.child.progress or 0.0, link.weight))
            if link.child.last_check_in_at:
                children.times.append(link.child.last_check_in_at)
        return children


def refresh_key_result(key_result: KeyResult, period: Period, closed: bool, now: datetime) -> None:
    """Latest value, progress, health and forecast of one key result."""
    history = list(key_result.check_ins.order_by("checked_at", "id"))
    latest = history[-1] if history else None
    key_result.current = latest.value if latest else None
    key_result.confidence = latest.confidence if latest else None
    spec = key_result.spec
    children = Children.of(
        Alignment.objects.filter(parent_key_result=key_result), key_result.objective
    )
    if children.parts:
        # A key result that aligned objectives contribute to is measured by them
        # (as in GitLab and Quantive), not by its own check-ins.
        key_result.progress_raw = weighted_mean(children.parts)
        times = children.times
    else:
        key_result.progress_raw = raw_progress(spec, latest.value if latest else spec.start)
        times = [latest.checked_at] if latest else []
    key_result.progress = clamp(key_result.progress_raw or 0.0)
    key_result.last_check_in_at = max(times, default=None)
    verdict = health_of(
        key_result.progress,
        key_result.last_check_in_at,
        start=period.start,
        end=period.end,
        now=now,
        closed=closed,
        thresholds=thresholds(),
    )
    key_result.health, key_result.health_reason = verdict.health, verdict.explanation
    points = [forecasting.Point(check_in.checked_at, check_in.value) for check_in in history]
    _, period_end = period_bounds(period.start, period.end)
    result = forecasting.forecast(spec, points, period_end)
    key_result.forecast_value = result.value if result else None
    key_result.forecast_off_track = bool(result and result.trending_off_track)
    key_result.forecast_reason = result.explanation if result else ""


def refresh_objective(objective: Objective, now: datetime) -> None:
    """Progress (weighted mean of key results and contributing children) and health."""
    key_results = list(objective.key_results.all())
    children = Children.of(Alignment.objects.filter(parent_objective=objective), objective)
    parts = [Part(kr.progress or 0.0, kr.weight) for kr in key_results] + children.parts
    objective.progress = weighted_mean(parts)
    times = [kr.last_check_in_at for kr in key_results if kr.last_check_in_at] + children.times
    objective.last_check_in_at = max(times, default=None)
    verdict = health_of(
        objective.progress,
        objective.last_check_in_at,
        start=objective.period.start,
        end=objective.period.end,
        now=now,
        closed=objective.is_closed,
        thresholds=thresholds(),
    )
    objective.health, objective.health_reason = verdict.health, verdict.explanation
