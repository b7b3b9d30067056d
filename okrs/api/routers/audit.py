"""The audit trail: all of it for admins, a key result's for its readers."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, require
from okrs.api.schemas.audit import AuditEntryOut, AuditQuery
from okrs.api.schemas.common import Page, PageQuery, PathId, page
from okrs.audit.models import AuditEntry
from okrs.goals import queries

router = Router(tags=["audit"])


@router.get(
    "/audit", response={200: Page[AuditEntryOut], **ERROR_RESPONSES}, operation_id="list_audit"
)
def list_audit(request: HttpRequest, query: Query[AuditQuery]) -> dict:
    """Admins only (a token narrowed to a unit does not read it)."""
    who = caller(request)
    require(who.access.can_read_audit, "Only admins read the audit trail.")
    found = AuditEntry.objects.filter(organisation_id=who.access.actor.organisation_id)
    exact = {
        "objective_id": query.objective,
        "key_result_id": query.key_result,
        "object_type": query.object_type,
        "action": query.action,
        "moved_goal_post": query.moved_goal_post,
        "at__gte": query.since,
    }
    found = found.filter(**{name: value for name, value in exact.items() if value is not None})
    sign = "-" if query.ordering.startswith("-") else ""
    return page(found.order_by(f"{sign}at", f"{sign}pk"), query)


@router.get(
    "/key-results/{key_result_id}/audit",
    response={200: Page[AuditEntryOut], **ERROR_RESPONSES},
    operation_id="key_result_audit",
)
def key_result_audit(request: HttpRequest, key_result_id: PathId, query: Query[PageQuery]) -> dict:
    """Every change to the key result and its check-ins, oldest first, for everyone who can
    read the key result: who moved a goal post is part of the record the team works from.
    (Until issue 12 this answered at `/history`; the values over time are `/check-ins`.)"""
    who = caller(request)
    key_result = queries.key_result(who.access, key_result_id)
    found = AuditEntry.objects.filter(
        Q(key_result_id=key_result.pk) | Q(object_type="keyresult", object_id=key_result.pk),
        organisation_id=who.access.actor.organisation_id,
    )
    return page(found.order_by("at", "pk"), query)
