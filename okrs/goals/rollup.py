"""Stored roll-ups: the incremental path after one change, and the full rebuild.

After a check-in only the key result, its objective, the objectives and key results it
contributes to, and the aggregate rows of those objectives (owner unit and its ancestors,
focus areas, period) are rewritten: the cost follows the depth of the tree, not the size of
the organisation. `recompute` rebuilds the same figures from the check-ins alone; the
property tests hold the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from django.db import connection, models, transaction
from django.utils import timezone

from okrs.core import aggregates as arithmetic
from okrs.core.aggregates import Contribution, Tally
from okrs.core.health import health_of
from okrs.goals import figures
from okrs.goals.models import (
    Aggregated,
    Alignment,
    FocusArea,
    KeyResult,
    Objective,
    Period,
    UnitRollup,
)
from okrs.orgs.models import Organisation, Unit

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
        focus_areas = objective.focus_areas.values_list("pk", flat=True)
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


class Propagation:
    """Walk up from a changed key result or objective, rewriting only what it feeds."""

    def __init__(self, now: datetime | None = None, *, locked: set[int] | None = None) -> None:
        self.now = now or timezone.now()
        self.aggregates = Aggregates(self.now)
        # Organisations whose write lock the transaction holds already (`change()` took it).
        self.locked: set[int] = set(locked or ())

    def _lock(self, organisation_id: int) -> None:
        """Take the organisation's write lock before reading any figure.

        Figures are read, adjusted and written back; two transactions doing that to the
        same rows at once would lose one change (PostgreSQL's READ COMMITTED lets both read
        the old value). Locking the organisation row serialises writes within one
        organisation, as SQLite's BEGIN IMMEDIATE already does for the whole file; other
        organisations and all readers carry on.
        """
        if organisation_id not in self.locked:
            lock_organisation(organisation_id)
            self.locked.add(organisation_id)

    def key_result_changed(self, key_result_id: int) -> None:
        if connection.vendor != "sqlite":
            owner = KeyResult.objects.filter(pk=key_result_id)
            self._lock(owner.values_list("objective__organisation_id", flat=True).get())
        key_result = KeyResult.objects.select_related("objective__period").get(pk=key_result_id)
        objective = key_result.objective
        figures.refresh_key_result(key_result, objective.period, objective.is_closed, self.now)
        key_result.save(update_fields=figures.KEY_RESULT_FIGURES)
        self.objective_changed(objective.pk)

    def objective_changed(self, objective_id: int) -> None:
        if connection.vendor != "sqlite":
            owner = Objective.objects.filter(pk=objective_id)
            self._lock(owner.values_list("organisation_id", flat=True).get())
        objective = Objective.objects.select_related("period").get(pk=objective_id)
        old = contribution(objective)
        self._refresh(objective, old)

    def objective_added(self, objective: Objective) -> None:
        """A new objective: it counts in its aggregates from now on."""
        self._lock(objective.organisation_id)
        self._refresh(Objective.objects.select_related("period").get(pk=objective.pk), None)

    def _refresh(self, objective: Objective, counted_as: Contribution | None) -> None:
        figures.refresh_objective(objective, self.now)
        objective.save(update_fields=figures.OBJECTIVE_FIGURES)
        self.aggregates.apply(objective, counted_as, contribution(objective))
        for link in Alignment.objects.counted().filter(child=objective):
            if link.parent_objective_id is not None:
                self.objective_changed(link.parent_objective_id)
            else:  # a link has exactly one parent (alignment_has_one_parent)
                self.key_result_changed(cast(int, link.parent_key_result_id))

    def objective_removed(self, objective: Objective) -> None:
        """Call before deleting or moving an objective: it leaves its aggregates.

        Reads the stored row, not the caller's instance, whose figures may be stale."""
        self._lock(objective.organisation_id)
        stored = Objective.objects.select_related("period").get(pk=objective.pk)
        self.aggregates.apply(stored, contribution(stored), None)

    def save(self) -> None:
        self.aggregates.save()


def lock_organisation(organisation_id: int) -> None:
    """Serialise writes to one organisation's figures (a no-op on SQLite, which serialises
    every write transaction already).

    Every write service calls this before it touches a row, so all writers queue on the
    organisation row in one order and never deadlock on the figure rows behind it. FOR NO
    KEY UPDATE still conflicts with itself, but not with the key-share lock that inserting
    a row pointing at the organisation (an audit entry) takes."""
    if connection.vendor == "sqlite":
        return  # BEGIN IMMEDIATE holds the database's write lock already: skip the query
    rows = Organisation.objects.select_for_update(no_key=True).filter(pk=organisation_id)
    list(rows.values_list("pk"))


@transaction.atomic
def recompute(organisation: Organisation | None = None, now: datetime | None = None) -> int:
    """Rebuild every stored figure from the check-ins; returns how many objectives it saw."""
    now = now or timezone.now()
    periods = Period.objects.all()
    if organisation is not None:
        lock_organisation(organisation.pk)
        periods = periods.filter(organisation=organisation)
    objectives = list(
        Objective.objects.filter(period__in=periods)
        .select_related("period")
        .prefetch_related("focus_areas")
    )
    aggregates = _empty_aggregates(periods, now)
    for objective in _children_first(objectives):
        for key_result in objective.key_results.all():
            figures.refresh_key_result(key_result, objective.period, objective.is_closed, now)
            key_result.save(update_fields=figures.KEY_RESULT_FIGURES)
        figures.refresh_objective(objective, now)
        objective.save(update_fields=figures.OBJECTIVE_FIGURES)
        aggregates.apply(objective, None, contribution(objective))
    aggregates.save()
    return len(objectives)


def _empty_aggregates(periods: models.QuerySet[Period], now: datetime) -> Aggregates:
    UnitRollup.objects.filter(period__in=periods).delete()
    aggregates = Aggregates(now)
    for row in [*periods, *FocusArea.objects.filter(period__in=periods)]:
        row.objective_count, row.progress_total, row.health_counts = 0, 0, {}
        row.last_check_in_at = None
        aggregates.add(row)
    return aggregates


def _children_first(objectives: list[Objective]) -> Iterable[Objective]:
    """Order objectives so every contributing child comes before its parent."""
    by_id = {objective.pk: objective for objective in objectives}
    parents: dict[int, list[int]] = {pk: [] for pk in by_id}
    links = Alignment.objects.counted().filter(child__in=by_id)
    for child_id, parent_id, kr_objective_id in links.values_list(
        "child_id", "parent_objective_id", "parent_key_result__objective_id"
    ):
        parents[child_id].append(parent_id or kr_objective_id)
    # Depth below the top: children sit deeper than any parent, so deepest first works.
    depth: dict[int, int] = {}

    def depth_of(pk: int) -> int:
        if pk not in depth:
            depth[pk] = 1 + max(
                (depth_of(p) for p in parents.get(pk, []) if p in by_id), default=-1
            )
        return depth[pk]

    return sorted(objectives, key=lambda objective: (-depth_of(objective.pk), objective.pk))
