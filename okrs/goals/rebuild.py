"""`okrs recompute`: every stored figure rebuilt from the check-ins, in set-based passes.

A constant number of reads whatever the size (objectives, key results, counted links, and
the check-ins streamed in key-result order), the figures computed by the same functions as
the incremental path (`figures.key_result_figures`, `figures.objective_figures`), and one
`executemany` per table to write them back. Only the key results that children measure
keep their history in memory until their children are done; every other history is
reduced as it streams past. The property tests hold the result equal to the incremental
path (`tests/goals/test_rollup.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from okrs.goals import figures
from okrs.goals.aggregate_rows import Aggregates, contribution
from okrs.goals.figures import Children
from okrs.goals.graph import children_first, with_ancestors
from okrs.goals.locks import lock_organisation
from okrs.goals.models import (
    Alignment,
    CheckIn,
    FocusArea,
    KeyResult,
    Objective,
    Period,
    UnitRollup,
)
from okrs.orgs.models import Organisation

STREAM_CHUNK = 5_000


class Row(NamedTuple):
    """One check-in as a key result's figures read it."""

    value: float
    confidence: int | None
    checked_at: datetime


Links = dict[int, list[tuple[int, float]]]  # parent id -> (child objective id, weight)


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
    by_id = {objective.pk: objective for objective in objectives}
    key_results = _key_results(KeyResult.objects.filter(objective__period__in=periods), by_id)
    under_objective, under_key_result = _links(Q(child__period__in=periods))
    waiting = _own_figures(periods, key_results, set(under_key_result), now)
    aggregates = _empty_aggregates(periods, now)
    for objective in children_first(objectives):
        own = key_results.get(objective.pk, [])
        for key_result in own:
            if key_result.pk in under_key_result:  # measured by its children, done by now
                children = _children(objective, under_key_result[key_result.pk], by_id, now)
                figures.key_result_figures(
                    key_result,
                    objective.period,
                    objective.is_closed,
                    now,
                    waiting.get(key_result.pk, []),
                    children,
                )
        children = _children(objective, under_objective.get(objective.pk, []), by_id, now)
        measured = {kr.pk for kr in own if kr.pk in under_key_result}
        figures.objective_figures(objective, now, own, children, measured)
        aggregates.apply(objective, None, contribution(objective))
    _write(
        KeyResult, figures.KEY_RESULT_FIGURES, [kr for krs in key_results.values() for kr in krs]
    )
    _write(Objective, figures.OBJECTIVE_FIGURES, objectives)
    aggregates.save()
    return len(objectives)


def roll_up_batch(key_result_ids: set[int], aggregates: Aggregates, now: datetime) -> None:
    """A batch's roll-up in set-based passes: the changed key results, every objective above
    them (deepest first) and what they feed, read in a constant number of queries per
    level of the alignment tree and written with one executemany per table; the aggregate
    rows move by each objective's old and new contribution. The caller holds the lock."""
    touched = set(
        KeyResult.objects.filter(pk__in=key_result_ids).values_list("objective_id", flat=True)
    )
    above = with_ancestors(touched)
    objectives = list(
        Objective.objects.filter(pk__in=above)
        .select_related("period")
        .prefetch_related("focus_areas")
    )
    by_id = {objective.pk: objective for objective in objectives}
    key_results = _key_results(KeyResult.objects.filter(objective__in=list(by_id)), by_id)
    under_objective, under_key_result = _links(
        Q(parent_objective__in=above) | Q(parent_key_result__objective__in=above)
    )
    children = _children_outside(under_objective, under_key_result, by_id)
    fresh = key_result_ids | set(under_key_result)
    histories = _histories(fresh)
    refreshed: list[KeyResult] = []
    for objective in children_first(objectives):
        own = key_results.get(objective.pk, [])
        for key_result in own:
            if key_result.pk in fresh:
                links = under_key_result.get(key_result.pk, [])
                figures.key_result_figures(
                    key_result,
                    objective.period,
                    objective.is_closed,
                    now,
                    histories.get(key_result.pk, []),
                    _children(objective, links, children, now),
                )
                refreshed.append(key_result)
        old = contribution(objective)
        links = under_objective.get(objective.pk, [])
        measured = {kr.pk for kr in own if kr.pk in under_key_result}
        figures.objective_figures(
            objective, now, own, _children(objective, links, children, now), measured
        )
        aggregates.apply(objective, old, contribution(objective))
    _write(KeyResult, figures.KEY_RESULT_FIGURES, refreshed)
    _write(Objective, figures.OBJECTIVE_FIGURES, objectives)


def _children_outside(
    under_objective: Links, under_key_result: Links, by_id: dict[int, Objective]
) -> dict[int, Objective]:
    """Every child the links name: the batch's own objectives (refreshed by the time their
    parent is), the rest as stored."""
    wanted = {
        child
        for links in (*under_objective.values(), *under_key_result.values())
        for child, _ in links
    }
    missing = wanted - set(by_id)
    found = dict(by_id)
    for objective in Objective.objects.filter(pk__in=missing).select_related("period"):
        found[objective.pk] = objective
    return found


def _histories(key_result_ids: set[int]) -> dict[int, list[Row]]:
    rows = (
        CheckIn.objects.filter(key_result__in=key_result_ids)
        .order_by("key_result_id", "checked_at", "id")
        .values_list("key_result_id", "value", "confidence", "checked_at")
    )
    return {
        key_result_id: [Row(value, confidence, at) for _, value, confidence, at in group]
        for key_result_id, group in groupby(rows, key=itemgetter(0))
    }


def _key_results(
    rows: models.QuerySet[KeyResult], by_id: dict[int, Objective]
) -> dict[int, list[KeyResult]]:
    found: dict[int, list[KeyResult]] = defaultdict(list)
    for key_result in rows.order_by("position", "id"):
        key_result.objective = by_id[key_result.objective_id]  # loaded: no query each
        found[key_result.objective_id].append(key_result)
    return found


def _links(which: Q) -> tuple[Links, Links]:
    """The counted links `which` picks, by parent objective and by parent key result."""
    under_objective: Links = defaultdict(list)
    under_key_result: Links = defaultdict(list)
    links = Alignment.objects.counted().filter(which).order_by("pk")
    for child, parent, parent_kr, weight in links.values_list(
        "child_id", "parent_objective_id", "parent_key_result_id", "weight"
    ):
        if parent is not None:
            under_objective[parent].append((child, weight))
        else:
            under_key_result[parent_kr].append((child, weight))
    return under_objective, under_key_result


def _own_figures(
    periods: models.QuerySet[Period],
    key_results: dict[int, list[KeyResult]],
    measured: set[int],
    now: datetime,
) -> dict[int, list[Row]]:
    """Stream every check-in in key-result order and finish each key result that measures
    itself as its history passes; keep the histories of those children measure."""
    by_id = {kr.pk: kr for krs in key_results.values() for kr in krs}
    rows = (
        CheckIn.objects.filter(key_result__objective__period__in=periods)
        .order_by("key_result_id", "checked_at", "id")
        .values_list("key_result_id", "value", "confidence", "checked_at")
        .iterator(chunk_size=STREAM_CHUNK)
    )
    waiting: dict[int, list[Row]] = {}
    seen: set[int] = set()
    for key_result_id, group in groupby(rows, key=itemgetter(0)):
        history = [Row(value, confidence, at) for _, value, confidence, at in group]
        seen.add(key_result_id)
        if key_result_id in measured:
            waiting[key_result_id] = history
        elif key_result_id in by_id:
            _finish(by_id[key_result_id], history, now)
    for key_result_id, key_result in by_id.items():
        if key_result_id not in seen and key_result_id not in measured:
            _finish(key_result, [], now)
    return waiting


def _finish(key_result: KeyResult, history: Sequence[Row], now: datetime) -> None:
    objective = key_result.objective
    figures.key_result_figures(
        key_result, objective.period, objective.is_closed, now, history, Children()
    )


def _children(
    parent: Objective,
    links: Iterable[tuple[int, float]],
    by_id: dict[int, Objective],
    now: datetime,
) -> Children:
    return Children.made(parent, [(by_id[child], w) for child, w in links if child in by_id], now)


def _write(model: type[models.Model], names: list[str], rows: Sequence[models.Model]) -> None:
    """One UPDATE per row, sent as one executemany: the figures only, nothing else."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    concrete = [field for field in fields if isinstance(field, models.Field)]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in concrete)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in concrete]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _empty_aggregates(periods: models.QuerySet[Period], now: datetime) -> Aggregates:
    UnitRollup.objects.filter(period__in=periods).delete()
    aggregates = Aggregates(now)
    for row in [*periods, *FocusArea.objects.filter(period__in=periods)]:
        row.objective_count, row.progress_total, row.health_counts = 0, 0, {}
        row.last_check_in_at = None
        aggregates.add(row)
    return aggregates
