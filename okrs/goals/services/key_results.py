"""Key results: what an objective measures. Moving a goal post mid-period is flagged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from okrs.audit.services import snapshot
from okrs.core import validation
from okrs.core.errors import FieldError, InvalidInput
from okrs.core.progress import Direction
from okrs.goals.models import KeyResult, Objective
from okrs.goals.rollup import Propagation, lock_organisation
from okrs.goals.services.common import SYSTEM, Author, log, raise_if

KEY_RESULT_FIELDS = [
    "title",
    "owner",
    "direction",
    "unit_label",
    "start",
    "target",
    "low",
    "high",
    "tolerance",
    "weight",
]


def _validate(key_result: KeyResult) -> None:
    parsed = validation.parse_direction(key_result.direction)
    if isinstance(parsed, list):
        raise InvalidInput(parsed)
    key_result.direction = parsed
    raise_if(
        validation.key_result_errors(
            key_result.title, key_result.spec, key_result.weight, key_result.unit_label
        )
    )


def _log(
    by: Author,
    action: str,
    key_result: KeyResult,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime | None,
) -> None:
    objective = key_result.objective
    log(
        by,
        action,
        key_result,
        organisation_id=objective.organisation_id,
        before=before,
        after=after,
        objective_id=objective.pk,
        key_result_id=key_result.pk,
        period_start=objective.period.start,
        now=now,
    )


@transaction.atomic
def add_key_result(
    objective: Objective,
    title: str,
    *,
    direction: str = Direction.INCREASE,
    start: float = 0.0,
    target: float = 1.0,
    low: float | None = None,
    high: float | None = None,
    tolerance: float | None = None,
    unit_label: str = "",
    weight: float = 1.0,
    owner: User | None = None,
    by: Author = SYSTEM,
    now: datetime | None = None,
) -> KeyResult:
    lock_organisation(objective.organisation_id)
    key_result = KeyResult(
        objective=objective,
        title=title.strip(),
        direction=direction,
        start=start,
        target=target,
        low=low,
        high=high,
        tolerance=tolerance,
        unit_label=unit_label,
        weight=weight,
        owner=owner,
        position=objective.key_results.count(),
    )
    _validate(key_result)
    key_result.save()
    propagation = Propagation(now)
    propagation.key_result_changed(key_result.pk)
    propagation.save()
    _log(by, "create", key_result, None, snapshot(key_result, KEY_RESULT_FIELDS), now)
    return key_result


@transaction.atomic
def update_key_result(
    key_result: KeyResult, *, by: Author = SYSTEM, now: datetime | None = None, **changes: object
) -> KeyResult:
    """Change a key result; a new start or target after the period began is audited as a
    moved goal post."""
    lock_organisation(key_result.objective.organisation_id)
    unknown = set(changes) - set(KEY_RESULT_FIELDS)
    if unknown:
        raise InvalidInput([FieldError(name, "cannot be changed here") for name in sorted(unknown)])
    before = snapshot(key_result, KEY_RESULT_FIELDS)
    for name, value in changes.items():
        setattr(key_result, name, value)
    if isinstance(key_result.title, str):
        key_result.title = key_result.title.strip()
    _validate(key_result)
    # Only the fields people edit: the stored figures on this instance may be stale.
    key_result.save(update_fields=KEY_RESULT_FIELDS)
    propagation = Propagation(now)
    propagation.key_result_changed(key_result.pk)
    propagation.save()
    _log(by, "update", key_result, before, snapshot(key_result, KEY_RESULT_FIELDS), now)
    return key_result


@transaction.atomic
def delete_key_result(
    key_result: KeyResult, *, by: Author = SYSTEM, now: datetime | None = None
) -> None:
    lock_organisation(key_result.objective.organisation_id)
    objective_id = key_result.objective_id
    _log(by, "delete", key_result, snapshot(key_result, KEY_RESULT_FIELDS), None, now)
    # Objectives aligned under this key result now count for nobody: the link goes with it.
    key_result.delete()
    propagation = Propagation(now)
    propagation.objective_changed(objective_id)
    propagation.save()
