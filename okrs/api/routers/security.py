"""The security log of the caller's organisation, for its admins."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, require
from okrs.api.schemas.common import Page, page
from okrs.api.schemas.security import SecurityEventOut, SecurityEventQuery
from okrs.audit.security import events

router = Router(tags=["security"])


@router.get(
    "/security-events",
    response={200: Page[SecurityEventOut], **ERROR_RESPONSES},
    operation_id="list_security_events",
)
def list_security_events(request: HttpRequest, query: Query[SecurityEventQuery]) -> dict:
    """Logins, failures, lockouts, refusals, tokens, role and password changes, newest first.
    Admins only (a token narrowed to a unit does not read it)."""
    who = caller(request)
    require(who.access.can_read_audit, "Only admins read the security log.")
    found = events(
        who.access.actor.organisation_id,
        kind=query.kind,
        username=query.username,
        since=query.since,
    )
    return page(found, query)
