"""Carrying objectives over into another period: their key results come along, their
check-ins and scores do not."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from okrs.core.errors import FieldError, InvalidInput
from okrs.goals.models import Alignment, KeyResult, Objective, Period
from okrs.goals.services.alignments import align
from okrs.goals.services.common import SYSTEM, Author, change
from okrs.goals.services.key_results import add_key_result
from okrs.goals.services.objectives import create_objective


def clone_objectives(
    objectives: Sequence[Objective],
    target: Period,
    *,
    by: Author = SYSTEM,
    now: datetime | None = None,
) -> list[Objective]:
    """Copy each objective with its key results into `target`, pointing back with
    `cloned_from`. Focus areas carry over only to a same-titled area of the target period;
    alignment links between the copied objectives are copied too. All or nothing."""
    errors = []
    if target.is_closed:
        errors.append(FieldError("period", "is closed; choose an open period"))
    if any(objective.organisation_id != target.organisation_id for objective in objectives):
        errors.append(FieldError("period", "belongs to another organisation"))
    if any(objective.period_id == target.pk for objective in objectives):
        errors.append(FieldError("period", "must be another period than the objectives' own"))
    if errors:
        raise InvalidInput(errors)
    # One change: each copy goes through the services, under one lock, all or nothing.
    with change(target.organisation_id, by, now):
        return _copy_all(objectives, target, by, now)


def _copy_all(
    objectives: Sequence[Objective], target: Period, by: Author, now: datetime | None
) -> list[Objective]:
    areas = {area.title.casefold(): area for area in target.focus_areas.all()}
    copies: dict[int, Objective] = {}
    key_results: dict[int, KeyResult] = {}
    for objective in objectives:
        copy = create_objective(
            target,
            objective.title,
            owner_unit=objective.owner_unit,
            owner_user=objective.owner_user,
            description=objective.description,
            kind=objective.kind,
            visibility=objective.visibility,
            cloned_from=objective,
            focus_areas=[
                areas[area.title.casefold()]
                for area in objective.focus_areas.all()
                if area.title.casefold() in areas
            ],
            by=by,
            now=now,
        )
        copies[objective.pk] = copy
        for key_result in objective.key_results.all():
            key_results[key_result.pk] = add_key_result(
                copy,
                key_result.title,
                direction=key_result.direction,
                start=key_result.start,
                target=key_result.target,
                low=key_result.low,
                high=key_result.high,
                tolerance=key_result.tolerance,
                unit_label=key_result.unit_label,
                weight=key_result.weight,
                owner=key_result.owner,
                by=by,
                now=now,
            )
    _copy_links(copies, key_results, by, now)
    return list(copies.values())


def _copy_links(
    copies: dict[int, Objective],
    key_results: dict[int, KeyResult],
    by: Author,
    now: datetime | None,
) -> None:
    for link in Alignment.objects.filter(child_id__in=copies).order_by("pk"):
        parent_objective = copies.get(link.parent_objective_id or 0)
        parent_key_result = key_results.get(link.parent_key_result_id or 0)
        if parent_objective is None and parent_key_result is None:
            continue
        align(
            copies[link.child_id],
            parent_objective=parent_objective,
            parent_key_result=parent_key_result,
            kind=link.kind,
            weight=link.weight,
            state=link.state,
            by=by,
            now=now,
        )
