"""The aggregate rows one change touches (a period, its focus areas, the owner unit and
its ancestors), adjusted in memory by exact integer arithmetic (okrs.core.aggregates) and
saved once; and what an objective adds to them."""

from __future__ import annotations

from datetime import datetime

from django.db import models

from okrs.core import aggregates as arithmetic
from okrs.core.aggregates import Contribution, Tally
from okrs.core.health import health_of
from okrs.goals import figures
from okrs.goals.models import Aggregated, FocusArea, Objective, Period, UnitRollup
from okrs.orgs.models import Unit

AGGREGATE_FIGURES = [
    "objective_count",
    "progress_total",
    "health_counts",
    "progress",
    "health",
    "health_reason",
    "last_check_in_at",
]


def contribution(objective: Objective) -> Contribution | None:
    """What the objective adds to its aggregate rows (None when private), by the health it
    was stored with (a read ages `health`; the rows counted the stored one)."""
    return arithmetic.contribution(
        objective.progress,
        getattr(objective, "stored_health", objective.health),
        objective.last_check_in_at,
        private=objective.visibility == Objective.Visibility.PRIVATE,
    )


RowKey = tuple[type[Aggregated], int, int]


def _key(row: Aggregated) -> RowKey:
    if isinstance(row, UnitRollup):
        return (UnitRollup, row.unit_id, row.period_id)
    return (type(row), row.pk, 0)


class Aggregates:
    """The aggregate rows touched by one change, adjusted in memory and saved once."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.rows: dict[RowKey, Aggregated] = {}
        self.stale_times: set[RowKey] = set()
        self.parents: dict[int, dict[int, int | None]] = {}  # organisation -> unit -> parent

    def add(self, row: Aggregated) -> None:
        self.rows[_key(row)] = row

    def rows_of(self, objective: Objective) -> list[Aggregated]:
        rows = [self._row((Period, objective.period_id, 0))]
        if "focus_areas" in getattr(objective, "_prefetched_objects_cache", {}):
            focus_areas = [area.pk for area in objective.focus_areas.all()]  # recompute's
        else:
            focus_areas = list(objective.focus_areas.values_list("pk", flat=True))
        rows += [self._row((FocusArea, pk, 0)) for pk in focus_areas]
        if objective.owner_unit_id is not None:
            rows += self._unit_rows(objective)
        for row in rows:
            if isinstance(row, FocusArea | UnitRollup):  # the rows with a period
                row.period = objective.period  # already loaded: saves a query per row
        return rows

    def _unit_rows(self, objective: Objective) -> list[Aggregated]:
        """The roll-up rows of the owner unit and its ancestors: two queries, not two per
        level (plus one insert per row that does not exist yet)."""
        if objective.organisation_id not in self.parents:
            units = Unit.objects.filter(organisation_id=objective.organisation_id)
            self.parents[objective.organisation_id] = dict(units.values_list("pk", "parent_id"))
        parents = self.parents[objective.organisation_id]
        chain, unit_id = [], objective.owner_unit_id
        while unit_id is not None:
            chain.append(unit_id)
            unit_id = parents[unit_id]
        keys = [(UnitRollup, unit_id, objective.period_id) for unit_id in chain]
        missing = [key[1] for key in keys if key not in self.rows]
        if missing:
            found = UnitRollup.objects.filter(unit_id__in=missing, period_id=objective.period_id)
            for row in found:
                self.add(row)
        return [self._row(key) for key in keys]

    def _row(self, key: RowKey) -> Aggregated:
        if key not in self.rows:
            model, pk, period_id = key
            if model is UnitRollup:
                self.rows[key], _ = UnitRollup.objects.get_or_create(
                    unit_id=pk, period_id=period_id
                )
            else:
                self.rows[key] = model._default_manager.get(pk=pk)
        return self.rows[key]

    def apply(
        self, objective: Objective, old: Contribution | None, new: Contribution | None
    ) -> None:
        if old == new:
            return
        for row in self.rows_of(objective):
            tally = Tally(
                row.objective_count, row.progress_total, row.health_counts, row.last_check_in_at
            )
            result = arithmetic.moved(tally, old, new)
            row.objective_count = result.tally.objective_count
            row.progress_total = result.tally.progress_total
            row.health_counts = dict(result.tally.health_counts)
            row.last_check_in_at = result.tally.last_check_in_at
            if result.time_stale:  # the leaving time may have been the latest: look again
                self.stale_times.add(_key(row))

    def save(self) -> None:
        # One UPDATE per row: bulk_update's CASE expressions cost more to build in Python
        # (about 9 ms for a handful of rows) than the few statements they save.
        for key, row in self.rows.items():
            if key in self.stale_times:
                row.last_check_in_at = _latest_check_in(row)
            _assess(row, self.now)
            row.save(update_fields=AGGREGATE_FIGURES)


def _period_of(row: Aggregated) -> Period:
    if isinstance(row, Period):
        return row
    assert isinstance(row, FocusArea | UnitRollup)
    return row.period


def _assess(row: Aggregated, now: datetime) -> None:
    row.progress = arithmetic.mean_progress(row.objective_count, row.progress_total)
    period = _period_of(row)
    verdict = health_of(
        row.progress,
        row.last_check_in_at,
        start=period.start,
        end=period.end,
        now=now,
        closed=period.is_closed,
        thresholds=figures.thresholds(),
    )
    row.health, row.health_reason = verdict.health, verdict.explanation


def _objectives_of(row: Aggregated) -> models.QuerySet[Objective]:
    public = Objective.objects.exclude(visibility=Objective.Visibility.PRIVATE)
    if isinstance(row, Period):
        return public.filter(period=row)
    if isinstance(row, FocusArea):
        return public.filter(focus_areas=row)
    assert isinstance(row, UnitRollup)
    return public.filter(period_id=row.period_id, owner_unit__in=_subtree(row.unit))


def _subtree(unit: Unit) -> list[int]:
    ids, frontier = [unit.pk], [unit.pk]
    while frontier:
        frontier = list(Unit.objects.filter(parent__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def _latest_check_in(row: Aggregated) -> datetime | None:
    return _objectives_of(row).aggregate(latest=models.Max("last_check_in_at"))["latest"]
