"""The write recipe every service follows, written once.

    with change(objective.organisation_id, by, now) as write:
        ...validate (raise InvalidInput), save...
        write.propagation.key_result_changed(key_result.pk)
        write.audit("update", key_result, before, after, key_result=key_result)

One transaction; the organisation's write lock taken once, before any row is read (a
service called inside another's change does not take it again); the roll-up along the
changed path saved when the block ends; one audit row per change naming who made it and
through which door (`by: Author`). An error inside the block stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from okrs.audit import services as audit
from okrs.audit.services import SYSTEM, Author
from okrs.core.errors import FieldError, InvalidInput
from okrs.goals.models import KeyResult, Objective
from okrs.goals.rollup import Propagation, lock_organisation

__all__ = ["SYSTEM", "Author", "Change", "batch", "change", "raise_if"]

# The organisations whose write lock the current transaction holds already.
_locked: ContextVar[frozenset[int]] = ContextVar("okrs_locked_organisations", default=frozenset())
# The batch the current services write into (`batch()`), if any.
_batch: ContextVar[Change | None] = ContextVar("okrs_batch", default=None)


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(errors)


class Change:
    """What a service holds while it writes: who, when, the roll-up, the audit."""

    def __init__(self, organisation_id: int, by: Author, now: datetime | None) -> None:
        self.organisation_id = organisation_id
        self.by = by
        self.now = now or timezone.now()
        self.propagation = Propagation(self.now, locked={organisation_id})

    def audit(
        self,
        action: str,
        instance: models.Model,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        *,
        objective: Objective | None = None,
        key_result: KeyResult | None = None,
    ) -> None:
        """One audit row. A key result's row names its objective and the period's start,
        so a start or target changed after the period began is flagged as a moved goal
        post."""
        period_start = None
        if key_result is not None:
            objective = objective or key_result.objective
            if action == "update":
                period_start = objective.period.start
        audit.record(
            organisation_id=self.organisation_id,
            actor=self.by.user,
            via=self.by.via,
            action=action,
            instance=instance,
            before=before,
            after=after,
            objective_id=objective.pk if objective is not None else None,
            key_result_id=key_result.pk if key_result is not None else None,
            period_start=period_start,
            now=self.now,
        )


@contextmanager
def change(
    organisation_id: int, by: Author = SYSTEM, now: datetime | None = None
) -> Iterator[Change]:
    """One change to one organisation's OKR data (see the module's docstring). Inside a
    `batch()` of the same organisation it joins the batch: its roll-up waits for the end."""
    outer = _batch.get()
    if outer is not None and outer.organisation_id == organisation_id:
        with transaction.atomic():
            yield outer
        return
    with transaction.atomic():
        held = _locked.get()
        if organisation_id not in held:
            lock_organisation(organisation_id)
        token = _locked.set(held | {organisation_id})
        try:
            write = Change(organisation_id, by, now)
            yield write
            write.propagation.save()
        finally:
            _locked.reset(token)


@contextmanager
def batch(
    organisation_id: int, by: Author = SYSTEM, now: datetime | None = None
) -> Iterator[Change]:
    """Many changes to one organisation in one transaction, rolled up once at the end: every
    key result, objective and aggregate they move is rewritten once, children before
    parents, not once per change (a batch of 100 check-ins on one objective refreshes the
    objective once). Services called inside join it (`change()`)."""
    with change(organisation_id, by, now) as write:
        write.propagation.batched = True
        token = _batch.set(write)
        try:
            yield write
        finally:
            _batch.reset(token)
