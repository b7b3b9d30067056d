"""Objectives: listed, read, created, changed, deleted and closed as the rules allow."""

from __future__ import annotations

from django.db.models import F, OrderBy, Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api.auth import Caller, caller
from okrs.api.errors import ERROR_RESPONSES, require
from okrs.api.schemas.common import Page, PathId, page
from okrs.api.schemas.objectives import (
    CloseIn,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    ObjectiveQuery,
)
from okrs.core.errors import FieldError, InvalidInput
from okrs.goals import queries, services
from okrs.goals.models import Objective, health_now
from okrs.goals.services.objectives import closed_conflict

router = Router(tags=["objectives"])

ORDERINGS: dict[str, list[str | OrderBy]] = {
    "id": ["pk"],
    "title": ["title", "pk"],
    "-title": ["-title", "-pk"],
    "progress": [F("progress").asc(nulls_first=True), "pk"],
    "-progress": [F("progress").desc(nulls_last=True), "-pk"],
}


def _filtered(found: QuerySet[Objective], query: ObjectiveQuery) -> QuerySet[Objective]:
    exact = {
        "period_id": query.period,
        "owner_unit_id": query.unit,
        "owner_user_id": query.owner_user,
        "focus_areas": query.focus_area,
        "state": query.state,
        "visibility": query.visibility,
    }
    found = found.filter(**{name: value for name, value in exact.items() if value is not None})
    if query.health is not None:  # as it reads now, not as it was stored
        found = found.filter(health_now(query.health))
    if query.q:
        found = found.filter(Q(title__icontains=query.q) | Q(description__icontains=query.q))
    return found.order_by(*ORDERINGS[query.ordering])


def fresh(pk: int) -> Objective:
    """Reload after a write: the roll-up rewrote the stored figures in the database."""
    return Objective.objects.prefetch_related("focus_areas").get(pk=pk)


def require_editable(who: Caller, objective: Objective, message: str) -> None:
    """403 for who may not edit the objective whatever its state; 409 naming the closed
    period or objective for who could, were it open (closed objectives are read-only)."""
    if objective.is_closed and who.access.could_edit(objective):
        raise closed_conflict(objective)
    require(who.access.can_edit(objective), message)


def _one_owner(unit_id: int | None, user_id: int | None) -> None:
    if (unit_id is None) == (user_id is None):
        raise InvalidInput([FieldError("owner", "give exactly one of owner_unit and owner_user")])


@router.get(
    "/objectives",
    response={200: Page[ObjectiveOut], **ERROR_RESPONSES},
    operation_id="list_objectives",
)
def list_objectives(request: HttpRequest, query: Query[ObjectiveQuery]) -> dict:
    who = caller(request)
    found = _filtered(queries.objectives(who.access).prefetch_related("focus_areas"), query)
    return page(who.access.readable(found), query)


@router.get(
    "/objectives/{objective_id}",
    response={200: ObjectiveOut, **ERROR_RESPONSES},
    operation_id="get_objective",
)
def get_objective(request: HttpRequest, objective_id: PathId) -> Objective:
    return queries.objective(caller(request).access, objective_id)


@router.post(
    "/objectives", response={201: ObjectiveOut, **ERROR_RESPONSES}, operation_id="create_objective"
)
def create_objective(request: HttpRequest, payload: ObjectiveIn) -> Status:
    """Allowed when the caller could edit the objective once created."""
    who = caller(request)
    period = queries.period(who.access, payload.period, "period")
    _one_owner(payload.owner_unit, payload.owner_user)
    unit = (
        queries.unit(who.access, payload.owner_unit, "owner_unit") if payload.owner_unit else None
    )
    user = (
        queries.person(who.access, payload.owner_user, "owner_user") if payload.owner_user else None
    )
    areas = [
        queries.focus_area(who.access, pk, "focus_areas")
        for pk in dict.fromkeys(payload.focus_areas)
    ]
    private = payload.visibility == Objective.Visibility.PRIVATE
    allowed = who.access.can_create(owner_unit=unit, owner_user=user, private=private)
    require(allowed, "You may not create an objective for this owner.")
    objective = services.create_objective(
        period,
        payload.title,
        owner_unit=unit,
        owner_user=user,
        description=payload.description,
        kind=payload.kind,
        visibility=payload.visibility,
        focus_areas=areas,
        by=who.author,
    )
    return Status(201, fresh(objective.pk))


@router.patch(
    "/objectives/{objective_id}",
    response={200: ObjectiveOut, **ERROR_RESPONSES},
    operation_id="update_objective",
)
def update_objective(request: HttpRequest, objective_id: PathId, payload: ObjectivePatch) -> object:
    """Only the fields sent change; a new owner or visibility must still be one the caller
    may edit."""
    who = caller(request)
    objective = queries.objective(who.access, objective_id)
    require_editable(who, objective, "You may not change this objective.")
    changes = payload.model_dump(exclude_unset=True)
    areas = None
    if "focus_areas" in changes:
        wanted = dict.fromkeys(changes.pop("focus_areas") or [])
        areas = [queries.focus_area(who.access, pk, "focus_areas") for pk in wanted]
    if changes.get("owner_unit") is not None:
        changes["owner_unit"] = queries.unit(who.access, changes["owner_unit"], "owner_unit")
        changes.setdefault("owner_user", None)
    if changes.get("owner_user") is not None:
        changes["owner_user"] = queries.person(who.access, changes["owner_user"], "owner_user")
        changes.setdefault("owner_unit", None)
    owner_unit = changes.get("owner_unit", objective.owner_unit)
    owner_user = changes.get("owner_user", objective.owner_user)
    _one_owner(owner_unit.pk if owner_unit else None, owner_user.pk if owner_user else None)
    allowed = who.access.can_create(
        owner_unit=owner_unit,
        owner_user=owner_user,
        private=changes.get("visibility", objective.visibility) == Objective.Visibility.PRIVATE,
        like=objective,
        state=changes.get("state"),
    )
    require(allowed, "You may not hand this objective to that owner.")
    services.update_objective(objective, focus_areas=areas, by=who.author, **changes)
    return fresh(objective.pk)


@router.delete(
    "/objectives/{objective_id}",
    response={204: None, **ERROR_RESPONSES},
    operation_id="delete_objective",
)
def delete_objective(request: HttpRequest, objective_id: PathId) -> Status:
    """With its key results and check-ins; what it contributed to is rolled up again."""
    who = caller(request)
    objective = queries.objective(who.access, objective_id)
    require_editable(who, objective, "You may not delete this objective.")
    services.delete_objective(objective, by=who.author)
    return Status(204, None)


@router.post(
    "/objectives/{objective_id}/close",
    response={200: ObjectiveOut, **ERROR_RESPONSES},
    operation_id="close_objective",
)
def close_objective(request: HttpRequest, objective_id: PathId, payload: CloseIn) -> object:
    """Score 0–1 and close: leads above and admins. A committed objective below 1 needs a
    note saying why."""
    who = caller(request)
    objective = queries.objective(who.access, objective_id)
    require(who.access.can_close(objective), "Only leads above and admins close.")
    services.close_objective(objective, payload.score, payload.note, by=who.author)
    return fresh(objective.pk)


@router.post(
    "/objectives/{objective_id}/reopen",
    response={200: ObjectiveOut, **ERROR_RESPONSES},
    operation_id="reopen_objective",
)
def reopen_objective(request: HttpRequest, objective_id: PathId) -> object:
    """Admins only. The objective becomes active and editable again; its score and its key
    results' scores are cleared, its retrospective kept. 409 when it is not closed or its
    period is (a closed period's objectives stay closed)."""
    who = caller(request)
    objective = queries.objective(who.access, objective_id)
    require(who.access.can_reopen(objective), "Only admins reopen a closed objective.")
    services.reopen_objective(objective, by=who.author)
    return fresh(objective.pk)
