"""Check-ins: one at a time, in an all-or-nothing batch, or pushed by a machine; a key
result's value history."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Header, Query, Router, Status

from okrs.api.auth import Caller, caller
from okrs.api.errors import ERROR_RESPONSES, require
from okrs.api.schemas.check_ins import (
    BatchIn,
    CheckInIn,
    CheckInOut,
    CheckInQuery,
    ValueHistoryQuery,
)
from okrs.api.schemas.common import Page, PathId, page
from okrs.api.schemas.key_results import ValueIn
from okrs.core.errors import Conflict, FieldError, InvalidInput
from okrs.goals import queries, services
from okrs.goals.models import CheckIn, KeyResult

router = Router(tags=["check-ins"])

NOT_YOURS = "You may not check in on this key result."


def _checkable(who: Caller, pk: int, field: str | None = None) -> KeyResult:
    key_result = queries.key_result(who.access, pk, field)
    # Who could check in were it open: a closed objective is then the service's 409, which
    # names the closed period or objective; 403 is only for who may never check in here.
    allowed = who.access.could_check_in(key_result.objective, key_result.owner_id)
    require(allowed, NOT_YOURS, field)
    return key_result


def _record(who: Caller, key_result: KeyResult, item: CheckInIn) -> CheckIn:
    return services.record_check_in(
        key_result,
        item.value,
        item.confidence,
        item.note,
        item.signal,
        checked_at=item.checked_at,
        by=who.author,
    )


@router.get(
    "/check-ins", response={200: Page[CheckInOut], **ERROR_RESPONSES}, operation_id="list_check_ins"
)
def list_check_ins(request: HttpRequest, query: Query[CheckInQuery]) -> dict:
    who = caller(request)
    found = queries.check_ins(who.access).filter(
        queries.readable(who.access, "key_result__objective_id")
    )
    exact = {
        "key_result_id": query.key_result,
        "key_result__objective_id": query.objective,
        "signal": query.signal,
        "checked_at__gte": query.since,
    }
    found = found.filter(**{name: value for name, value in exact.items() if value is not None})
    sign = "-" if query.ordering.startswith("-") else ""
    return page(found.order_by(f"{sign}checked_at", f"{sign}pk"), query)


@router.post(
    "/check-ins", response={201: CheckInOut, **ERROR_RESPONSES}, operation_id="create_check_in"
)
def create_check_in(request: HttpRequest, payload: CheckInIn) -> Status:
    """Stores the check-in and updates every figure it moves, in one transaction."""
    who = caller(request)
    key_result = _checkable(who, payload.key_result, "key_result")
    return Status(201, _record(who, key_result, payload))


@router.post(
    "/check-ins/batch",
    response={201: Page[CheckInOut], **ERROR_RESPONSES},
    operation_id="create_check_ins_batch",
)
def create_check_ins_batch(request: HttpRequest, payload: BatchIn) -> Status:
    """All stored or none. Every item is checked; errors name their item (`items.3.value`)."""
    who = caller(request)
    key_results = [
        _checkable(who, item.key_result, f"items.{index}.key_result")
        for index, item in enumerate(payload.items)
    ]
    stored, errors = [], []
    # One transaction, rolled up once at the end (services.batch): a batch of 100 values
    # on one objective refreshes it once, not 100 times.
    with services.batch(who.access.actor.organisation_id, who.author):
        for index, (item, key_result) in enumerate(zip(payload.items, key_results, strict=True)):
            try:
                stored.append(_record(who, key_result, item))
            except InvalidInput as exc:
                errors += [FieldError(f"items.{index}.{e.field}", e.message) for e in exc.errors]
            except Conflict as exc:  # a closed objective or period: the whole batch is 409
                raise Conflict(exc.message, f"items.{index}.key_result") from exc
        if errors:
            raise InvalidInput(errors)  # rolls back the items stored so far
    return Status(201, {"items": stored, "count": len(stored)})


@router.get(
    "/check-ins/{check_in_id}",
    response={200: CheckInOut, **ERROR_RESPONSES},
    operation_id="get_check_in",
)
def get_check_in(request: HttpRequest, check_in_id: PathId) -> CheckIn:
    return queries.check_in(caller(request).access, check_in_id)


@router.get(
    "/key-results/{key_result_id}/check-ins",
    response={200: Page[CheckInOut], **ERROR_RESPONSES},
    operation_id="key_result_check_ins",
)
def key_result_check_ins(
    request: HttpRequest, key_result_id: PathId, query: Query[ValueHistoryQuery]
) -> dict:
    """The key result's value history: its check-ins over time, oldest first
    (`ordering=-checked_at` for newest first), for everyone who can read the key result.
    Who changed what is the audit's: `/key-results/{key_result_id}/audit`."""
    key_result = queries.key_result(caller(request).access, key_result_id)
    sign = "-" if query.ordering.startswith("-") else ""
    found = CheckIn.objects.filter(key_result=key_result)
    return page(found.order_by(f"{sign}checked_at", f"{sign}pk"), query)


@router.post(
    "/key-results/{key_result_id}/values",
    response={200: CheckInOut, 201: CheckInOut, **ERROR_RESPONSES},
    operation_id="push_value",
)
def push_value(
    request: HttpRequest,
    key_result_id: PathId,
    payload: ValueIn,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)
    ] = None,
) -> Status:
    """A value from CI or a script: 201 when stored, 200 when a retry (same Idempotency-Key,
    or same source and time) found the check-in stored before."""
    who = caller(request)
    key_result = _checkable(who, key_result_id)
    pushed = services.push_value(
        key_result,
        payload.value,
        at=payload.time,
        note=payload.note,
        source=payload.source,
        idempotency_key=idempotency_key,
        confidence=payload.confidence,
        by=who.author,
    )
    return Status(201 if pushed.created else 200, pushed.check_in)
