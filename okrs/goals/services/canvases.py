"""The OKR Canvas of a unit for a period."""

from __future__ import annotations

from collections.abc import Sequence

from okrs.audit.services import snapshot
from okrs.core.errors import FieldError
from okrs.goals.models import Canvas, Period
from okrs.goals.services.common import SYSTEM, Author, change, raise_if
from okrs.orgs.models import Unit

CANVAS_FIELDS = ["current_state", "impacts", "blockers"]
ITEM_MAX_LENGTH = 500


def _items(values: Sequence[str], field: str, errors: list[FieldError]) -> list[str]:
    items = [str(value).strip() for value in values if str(value).strip()]
    if any(len(item) > ITEM_MAX_LENGTH for item in items):
        errors.append(FieldError(field, f"keep each item to {ITEM_MAX_LENGTH} characters"))
    return items


def save_canvas(
    unit: Unit,
    period: Period,
    current_state: str,
    impacts: Sequence[str],
    blockers: Sequence[str],
    *,
    by: Author = SYSTEM,
) -> Canvas:
    errors: list[FieldError] = []
    if unit.organisation_id != period.organisation_id:
        errors.append(FieldError("unit", "belongs to another organisation"))
    cleaned = {
        "current_state": current_state.strip(),
        "impacts": _items(impacts, "impacts", errors),
        "blockers": _items(blockers, "blockers", errors),
    }
    raise_if(errors)
    with change(unit.organisation_id, by) as write:
        canvas = Canvas.objects.filter(unit=unit, period=period).first()
        before = snapshot(canvas, CANVAS_FIELDS) if canvas else None
        canvas, created = Canvas.objects.update_or_create(
            unit=unit, period=period, defaults=cleaned
        )
        action = "create" if created else "update"
        write.audit(action, canvas, before, snapshot(canvas, CANVAS_FIELDS))
    return canvas
