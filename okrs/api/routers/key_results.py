"""Key results: what an objective measures. Writes need the right to edit the objective."""

from __future__ import annotations

from django.db.models import F, OrderBy
from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES
from okrs.api.routers.objectives import require_editable
from okrs.api.schemas.common import Page, PathId, page
from okrs.api.schemas.key_results import KeyResultIn, KeyResultOut, KeyResultPatch, KeyResultQuery
from okrs.goals import queries, services
from okrs.goals.models import KeyResult, health_now

router = Router(tags=["key results"])

ORDERINGS: dict[str, list[str | OrderBy]] = {
    "position": ["objective_id", "position", "pk"],
    "id": ["pk"],
    "title": ["title", "pk"],
    "-title": ["-title", "-pk"],
    "progress": [F("progress").asc(nulls_first=True), "pk"],
    "-progress": [F("progress").desc(nulls_last=True), "-pk"],
}


def fresh(pk: int) -> KeyResult:
    """Reload after a write: the roll-up rewrote the stored figures in the database."""
    return KeyResult.objects.get(pk=pk)


@router.get(
    "/key-results",
    response={200: Page[KeyResultOut], **ERROR_RESPONSES},
    operation_id="list_key_results",
)
def list_key_results(request: HttpRequest, query: Query[KeyResultQuery]) -> dict:
    who = caller(request)
    # Plain rows, no joins: the database walks the (objective, position) index and stops at
    # the page's rows (a join made it sort every key result of the organisation first).
    found = queries.key_results(who.access).select_related(None)
    found = found.filter(queries.readable(who.access, "objective_id"))
    exact = {"objective_id": query.objective, "owner_id": query.owner}
    found = found.filter(**{name: value for name, value in exact.items() if value is not None})
    if query.health is not None:  # as it reads now, not as it was stored
        found = found.filter(health_now(query.health))
    return page(found.order_by(*ORDERINGS[query.ordering]), query)


@router.get(
    "/key-results/{key_result_id}",
    response={200: KeyResultOut, **ERROR_RESPONSES},
    operation_id="get_key_result",
)
def get_key_result(request: HttpRequest, key_result_id: PathId) -> KeyResult:
    return queries.key_result(caller(request).access, key_result_id)


@router.post(
    "/key-results",
    response={201: KeyResultOut, **ERROR_RESPONSES},
    operation_id="create_key_result",
)
def create_key_result(request: HttpRequest, payload: KeyResultIn) -> Status:
    who = caller(request)
    objective = queries.objective(who.access, payload.objective, "objective")
    require_editable(who, objective, "You may not change this objective.")
    owner = queries.person(who.access, payload.owner, "owner") if payload.owner else None
    fields = payload.model_dump(exclude={"objective", "title", "owner"})
    key_result = services.add_key_result(
        objective, payload.title, owner=owner, by=who.author, **fields
    )
    return Status(201, fresh(key_result.pk))


@router.patch(
    "/key-results/{key_result_id}",
    response={200: KeyResultOut, **ERROR_RESPONSES},
    operation_id="update_key_result",
)
def update_key_result(
    request: HttpRequest, key_result_id: PathId, payload: KeyResultPatch
) -> KeyResult:
    """Only the fields sent change. A new start or target after the period began is
    recorded in the audit trail as a moved goal post."""
    who = caller(request)
    key_result = queries.key_result(who.access, key_result_id)
    require_editable(who, key_result.objective, "You may not change this objective.")
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("owner") is not None:
        changes["owner"] = queries.person(who.access, changes["owner"], "owner")
    services.update_key_result(key_result, by=who.author, **changes)
    return fresh(key_result.pk)


@router.delete(
    "/key-results/{key_result_id}",
    response={204: None, **ERROR_RESPONSES},
    operation_id="delete_key_result",
)
def delete_key_result(request: HttpRequest, key_result_id: PathId) -> Status:
    who = caller(request)
    key_result = queries.key_result(who.access, key_result_id)
    require_editable(who, key_result.objective, "You may not change this objective.")
    services.delete_key_result(key_result, by=who.author)
    return Status(204, None)
