"""Stored roll-ups: the incremental path after one change, and the full rebuild.

After a check-in only the key result, its objective, the objectives and key results it
contributes to, and the aggregate rows of those objectives (owner unit and its ancestors,
focus areas, period) are rewritten: the cost follows the depth of the tree, not the size of
the organisation. `recompute` rebuilds the same figures from the check-ins alone; the
property tests hold the two equal.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from django.db import connection
from django.utils import timezone

from okrs.core.aggregates import Contribution
from okrs.goals import figures
from okrs.goals.aggregate_rows import Aggregates, contribution
from okrs.goals.locks import lock_organisation
from okrs.goals.models import (
    Alignment,
    KeyResult,
    Objective,
)
from okrs.goals.rebuild import recompute, roll_up_batch


class Propagation:
    """Walk up from a changed key result or objective, rewriting only what it feeds."""

    def __init__(self, now: datetime | None = None, *, locked: set[int] | None = None) -> None:
        self.now = now or timezone.now()
        self.aggregates = Aggregates(self.now)
        # Organisations whose write lock the transaction holds already (`change()` took it).
        self.locked: set[int] = set(locked or ())
        # In a batch (services.common.batch) changed key results wait for `save`, which
        # rolls them up once, children before parents.
        self.batched = False
        self.pending: set[int] = set()

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
        if self.batched:
            self.pending.add(key_result_id)
            return
        if connection.vendor != "sqlite":
            owner = KeyResult.objects.filter(pk=key_result_id)
            self._lock(owner.values_list("objective__organisation_id", flat=True).get())
        # The same set-based passes as a batch: a few queries per alignment level, not a
        # few per objective on the path (issue 13).
        roll_up_batch({key_result_id}, self.aggregates, self.now)

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
        if self.pending:
            self._flush()
        self.aggregates.save()

    def _flush(self) -> None:
        """Roll up a batch once, in set-based passes (rebuild.roll_up_batch)."""
        pending, self.pending = self.pending, set()
        owners = KeyResult.objects.filter(pk__in=pending)
        for organisation_id in set(owners.values_list("objective__organisation_id", flat=True)):
            self._lock(organisation_id)
        roll_up_batch(pending, self.aggregates, self.now)


__all__ = ["Propagation", "lock_organisation", "recompute"]
