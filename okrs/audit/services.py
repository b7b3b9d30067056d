"""Writing audit entries, always inside the transaction of the change they describe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from okrs.audit.models import AuditEntry
from okrs.core.audit import changed_fields, moves_goal_post


@dataclass(frozen=True)
class Author:
    """The person behind a change (None for the system) and how it came in."""

    user: User | None = None
    via: str = "system"  # web, api, token:<id>, cli, demo, measure


SYSTEM = Author()


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """A JSON-safe picture of some fields, to diff before and after a change."""
    return {name: _json_safe(getattr(instance, _attname(instance, name))) for name in fields}


def _attname(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    return field.attname if isinstance(field, models.ForeignKey) else name


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def record(
    *,
    organisation_id: int,
    actor: User | None,
    via: str,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    objective_id: int | None = None,
    key_result_id: int | None = None,
    period_start: date | None = None,
    now: datetime | None = None,
) -> AuditEntry | None:
    """Store one entry; an update that changed nothing stores nothing."""
    now = now or timezone.now()
    changes = changed_fields(before or {}, after or {})
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    moved = action == AuditEntry.Action.UPDATE and key_result_id is not None
    moved = (
        moved and period_start is not None and moves_goal_post(changes, period_start, now.date())
    )
    return AuditEntry.objects.create(
        organisation_id=organisation_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        via=via,
        action=action,
        object_type=instance._meta.model_name or "",
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        changes=changes,
        objective_id=objective_id,
        key_result_id=key_result_id,
        moved_goal_post=moved,
        at=now,
    )
