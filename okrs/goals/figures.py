"""Compute one key result's or one objective's stored figures from what lies below it.

Used by the incremental path (`rollup.Propagation`) and by the full rebuild
(`rollup.recompute`) alike, so the two cannot disagree. Nothing here saves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from django.conf import settings

from okrs.core import forecast as forecasting
from okrs.core.health import (
    Thresholds,
    assess,
    assess_key_result,
    due_moment,
    expected_of_key_result,
    expected_progress,
    period_bounds,
)
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
    """The period's linear pace: what aggregates (units, focus areas, the period) are held to."""
    return expected_progress(period.start, period.end, now)


def objective_pace(objective: Objective, now: datetime) -> float:
    """The linear pace of one objective's window (from its activation when later)."""
    period = objective.period
    return expected_progress(period.start, period.end, now, activated_at=objective.activated_at)


def key_result_expected(key_result: KeyResult, objective: Objective, now: datetime) -> float:
    period = objective.period
    return expected_of_key_result(
        key_result.direction,
        period.start,
        period.end,
        now,
        activated_at=objective.activated_at,
        due=key_result.due,
    )


@dataclass
class Children:
    """What contributing child objectives add to a parent: weighted parts, what each is
    expected to show by now, and their latest check-in."""

    parts: list[Part] = field(default_factory=list)
    expected: list[Part] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)

    @classmethod
    def of(cls, links: AlignmentQuerySet, parent: Objective, now: datetime) -> Children:
        counted = links.counted().select_related("child__period")
        return cls.made(parent, [(link.child, link.weight) for link in counted], now)

    @classmethod
    def made(
        cls, parent: Objective, links: Iterable[tuple[Objective, float]], now: datetime
    ) -> Children:
        """From (child objective, link weight) pairs already loaded."""
        children = cls()
        public = parent.visibility == Objective.Visibility.PUBLIC
        for child, weight in links:
            if public and child.visibility == Objective.Visibility.PRIVATE:
                # A private objective moving a public parent's progress, health or last
                # check-in would show everyone what it hides: it counts only towards
                # private parents.
                continue
            children.parts.append(Part(child.progress, weight))
            children.expected.append(Part(objective_pace(child, now), weight))
            if child.last_check_in_at:
                children.times.append(child.last_check_in_at)
        return children


class Reading(Protocol):
    """What a key result's figures read of one check-in (a CheckIn, or a row of one)."""

    @property
    def value(self) -> float: ...
    @property
    def confidence(self) -> int | None: ...
    @property
    def checked_at(self) -> datetime: ...


def key_result_figures(
    key_result: KeyResult,
    period: Period,
    closed: bool,
    now: datetime,
    history: Sequence[Reading],
    children: Children,
) -> None:
    """The figures from the key result's check-ins (oldest first) and its contributing
    children, loaded by the caller: no query here."""
    latest = history[-1] if history else None
    key_result.current = latest.value if latest else None
    # The latest confidence a person gave: a measured value carries none of its own.
    given = [check_in.confidence for check_in in history if check_in.confidence is not None]
    key_result.confidence = given[-1] if given else None
    spec = key_result.spec
    objective = key_result.objective
    if children.parts:
        # A key result that aligned objectives contribute to is measured by them
        # (as in GitLab and Quantive), not by its own check-ins, which it refuses.
        key_result.progress_raw = weighted_mean(children.parts)
        times = children.times
        expected = weighted_mean(children.expected) or 0.0  # never None: links weigh > 0
        direction = "children"
    else:
        # No check-in yet: progress is unknown (a band's start value is no measurement).
        key_result.progress_raw = raw_progress(spec, latest.value) if latest else None
        times = [latest.checked_at] if latest else []
        expected = key_result_expected(key_result, objective, now)
        direction = key_result.direction
    raw = key_result.progress_raw
    key_result.progress = None if raw is None else clamp(raw)
    key_result.last_check_in_at = max(times, default=None)
    verdict = assess_key_result(
        direction,
        key_result.progress,
        expected,
        key_result.last_check_in_at,
        now,
        due=due_moment(period.end, key_result.due),
        closed=closed,
        thresholds=thresholds(),
    )
    key_result.health, key_result.health_reason = verdict.health, verdict.explanation
    points = [forecasting.Point(check_in.checked_at, check_in.value) for check_in in history]
    _, period_end = period_bounds(period.start, period.end)
    result = forecasting.forecast(spec, points, period_end) if not children.parts else None
    key_result.forecast_value = result.value if result else None
    key_result.forecast_off_track = bool(result and result.trending_off_track)
    key_result.forecast_reason = result.explanation if result else ""


def refresh_objective(objective: Objective, now: datetime) -> None:
    """Progress (weighted mean of key results and contributing children) and health: that
    progress against the weighted mean of what the same parts expect by now."""
    key_results = list(objective.key_results.all())
    children = Children.of(Alignment.objects.filter(parent_objective=objective), objective, now)
    objective_figures(objective, now, key_results, children, _measured_by_children(objective))


def objective_figures(
    objective: Objective,
    now: datetime,
    key_results: list[KeyResult],
    children: Children,
    by_children: set[int],
) -> None:
    """The figures from its key results (figures fresh), contributing children and the ids
    of its key results children measure, loaded by the caller: no query here."""
    parts = [Part(kr.progress, kr.weight) for kr in key_results] + children.parts
    objective.progress = weighted_mean(parts)
    times = [kr.last_check_in_at for kr in key_results if kr.last_check_in_at] + children.times
    objective.last_check_in_at = max(times, default=None)
    verdict = assess(
        objective.progress,
        _expected_now(objective, key_results, children, by_children, now),
        objective.last_check_in_at,
        now,
        closed=objective.is_closed,
        thresholds=thresholds(),
    )
    objective.health, objective.health_reason = verdict.health, verdict.explanation
    objective.stored_health = objective.health  # what its aggregate rows now count


def _measured_by_children(objective: Objective) -> set[int]:
    links = Alignment.objects.counted().filter(parent_key_result__objective=objective)
    return set(links.values_list("parent_key_result_id", flat=True))


def expected_of_objectives(objectives: Sequence[Objective], now: datetime) -> dict[int, float]:
    """What each objective should show by `now` (the figure its health compares with), for
    pages that explain a stored health: three queries for the whole list."""
    ids = [objective.pk for objective in objectives]
    key_results: dict[int, list[KeyResult]] = {pk: [] for pk in ids}
    for key_result in KeyResult.objects.filter(objective__in=ids).order_by("position", "id"):
        key_results[key_result.objective_id].append(key_result)
    links = Alignment.objects.counted().filter(parent_objective__in=ids)
    under: dict[int, list[tuple[Objective, float]]] = {pk: [] for pk in ids}
    for link in links.select_related("child__period"):
        under[link.parent_objective_id or 0].append((link.child, link.weight))
    measured = Alignment.objects.counted().filter(parent_key_result__objective__in=ids)
    by_children = set(measured.values_list("parent_key_result_id", flat=True))
    return {
        objective.pk: _expected_now(
            objective,
            key_results[objective.pk],
            Children.made(objective, under[objective.pk], now),
            by_children,
            now,
        )
        for objective in objectives
    }


def _expected_now(
    objective: Objective,
    key_results: list[KeyResult],
    children: Children,
    by_children: set[int],
    now: datetime,
) -> float:
    """The weighted mean of what its parts expect by now; its own line when it has none."""
    expected = [
        Part(_expected_of(kr, objective, now, kr.pk in by_children), kr.weight)
        for kr in key_results
    ] + children.expected
    mean = weighted_mean(expected)
    return objective_pace(objective, now) if mean is None else mean


def _expected_of(
    key_result: KeyResult, objective: Objective, now: datetime, by_children: bool
) -> float:
    if by_children:
        return objective_pace(objective, now)  # measured by its children: the line
    return key_result_expected(key_result, objective, now)
