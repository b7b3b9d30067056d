"""Key results: what an objective measures. Moving a goal post mid-period is flagged; a
closed objective's key results stay as they were closed (`refuse_if_closed`)."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.models import User

from okrs.audit.services import snapshot
from okrs.core import validation
from okrs.core.errors import FieldError, InvalidInput
from okrs.core.numbers import precision_errors
from okrs.core.progress import Direction
from okrs.goals.models import KeyResult, Objective
from okrs.goals.services.common import SYSTEM, Author, change, raise_if
from okrs.goals.services.objectives import refuse_if_closed

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
    "precision",
    "due",
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
        + precision_errors(key_result.precision)  # decimals shown; None: inferred
        + _due_errors(key_result)
    )


def _due_errors(key_result: KeyResult) -> list[FieldError]:
    """A due date is a milestone's (its health turns on it) and falls inside the period."""
    due = key_result.due
    if due is None:
        return []
    if not isinstance(due, date):
        return [FieldError("due", "must be a date (YYYY-MM-DD)")]
    if key_result.direction != Direction.MILESTONE:
        return [FieldError("due", "is for milestones; other key results follow the period")]
    period = key_result.objective.period
    if not period.start <= due <= period.end:
        return [
            FieldError(
                "due",
                f"must fall inside the period ({period.start:%-d %b %Y} – {period.end:%-d %b %Y})",
            )
        ]
    return []


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
    precision: int | None = None,
    due: date | None = None,
    owner: User | None = None,
    by: Author = SYSTEM,
    now: datetime | None = None,
) -> KeyResult:
    with change(objective.organisation_id, by, now) as write:
        refuse_if_closed(objective)
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
            precision=precision,
            due=due,
            owner=owner,
            position=objective.key_results.count(),
        )
        _validate(key_result)
        key_result.save()
        write.propagation.key_result_changed(key_result.pk)
        after = snapshot(key_result, KEY_RESULT_FIELDS)
        write.audit("create", key_result, None, after, key_result=key_result)
    return key_result


def update_key_result(
    key_result: KeyResult, *, by: Author = SYSTEM, now: datetime | None = None, **changes: object
) -> KeyResult:
    """Change a key result; a new start or target after the period began is audited as a
    moved goal post."""
    unknown = set(changes) - set(KEY_RESULT_FIELDS)
    if unknown:
        raise InvalidInput([FieldError(name, "cannot be changed here") for name in sorted(unknown)])
    with change(key_result.objective.organisation_id, by, now) as write:
        refuse_if_closed(key_result.objective)
        before = snapshot(key_result, KEY_RESULT_FIELDS)
        for name, value in changes.items():
            setattr(key_result, name, value)
        if isinstance(key_result.title, str):
            key_result.title = key_result.title.strip()
        _validate(key_result)
        # Only the fields people edit: the stored figures on this instance may be stale.
        key_result.save(update_fields=KEY_RESULT_FIELDS)
        write.propagation.key_result_changed(key_result.pk)
        after = snapshot(key_result, KEY_RESULT_FIELDS)
        write.audit("update", key_result, before, after, key_result=key_result)
    return key_result


def delete_key_result(
    key_result: KeyResult, *, by: Author = SYSTEM, now: datetime | None = None
) -> None:
    with change(key_result.objective.organisation_id, by, now) as write:
        refuse_if_closed(key_result.objective)
        before = snapshot(key_result, KEY_RESULT_FIELDS)
        write.audit("delete", key_result, before, None, key_result=key_result)
        # Objectives aligned under this key result now count for nobody: the link goes too.
        key_result.delete()
        write.propagation.objective_changed(key_result.objective_id)
