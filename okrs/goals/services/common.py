"""What every write shares: who made it, through which door, and the error it raises."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models

from okrs.audit import services as audit
from okrs.audit.services import SYSTEM, Author
from okrs.core.errors import FieldError, InvalidInput

__all__ = ["SYSTEM", "Author", "log", "raise_if"]


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(errors)


def log(
    by: Author,
    action: str,
    instance: models.Model,
    organisation_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    objective_id: int | None = None,
    key_result_id: int | None = None,
    period_start: Any = None,
    now: datetime | None = None,
) -> None:
    audit.record(
        organisation_id=organisation_id,
        actor=by.user,
        via=by.via,
        action=action,
        instance=instance,
        before=before,
        after=after,
        objective_id=objective_id,
        key_result_id=key_result_id,
        period_start=period_start,
        now=now,
    )
