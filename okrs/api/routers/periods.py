"""Periods: every member reads them, admins create and change them."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, require
from okrs.api.schemas.common import Page, PathId, page
from okrs.api.schemas.periods import (
    PeriodIn,
    PeriodOut,
    PeriodPatch,
    PeriodQuery,
    SuggestedPeriodOut,
)
from okrs.goals import queries, services
from okrs.orgs.models import Organisation

router = Router(tags=["periods"])


@router.get(
    "/periods", response={200: Page[PeriodOut], **ERROR_RESPONSES}, operation_id="list_periods"
)
def list_periods(request: HttpRequest, query: Query[PeriodQuery]) -> dict:
    """Newest first."""
    found = queries.periods(caller(request).access)
    if query.state is not None:
        found = found.filter(state=query.state)
    return page(list(found.order_by("-start", "-pk")), query)


@router.get(
    "/periods/suggested",
    response={200: SuggestedPeriodOut, **ERROR_RESPONSES},
    operation_id="suggest_period",
)
def suggest_period(request: HttpRequest) -> dict:
    """The name and dates a new period is offered with: the quarter after the latest
    period, or the current quarter when there is none."""
    organisation = Organisation.objects.get(pk=caller(request).access.actor.organisation_id)
    name, start, end = services.suggested_period(organisation)
    return {"name": name, "start": start, "end": end}


@router.get(
    "/periods/{period_id}", response={200: PeriodOut, **ERROR_RESPONSES}, operation_id="get_period"
)
def get_period(request: HttpRequest, period_id: PathId) -> object:
    return queries.period(caller(request).access, period_id)


@router.post("/periods", response={201: PeriodOut, **ERROR_RESPONSES}, operation_id="create_period")
def create_period(request: HttpRequest, payload: PeriodIn) -> Status:
    """Admins only."""
    who = caller(request)
    require(who.access.can_administer, "Only admins set up periods.")
    organisation = Organisation.objects.get(pk=who.access.actor.organisation_id)
    period = services.create_period(
        organisation, payload.name, payload.start, payload.end, payload.state, by=who.author
    )
    return Status(201, period)


@router.patch(
    "/periods/{period_id}",
    response={200: PeriodOut, **ERROR_RESPONSES},
    operation_id="update_period",
)
def update_period(request: HttpRequest, period_id: PathId, payload: PeriodPatch) -> object:
    """Admins only; new dates or a new state rebuild the period's figures."""
    who = caller(request)
    period = queries.period(who.access, period_id)
    require(who.access.can_administer, "Only admins change periods.")
    changes = payload.model_dump(exclude_unset=True)
    return services.update_period(period, by=who.author, **changes)


@router.post(
    "/periods/{period_id}/activate",
    response={200: PeriodOut, **ERROR_RESPONSES},
    operation_id="activate_period",
)
def activate_period(request: HttpRequest, period_id: PathId) -> object:
    """Admins only: a draft becomes active (shown as current, check-ins and roll-ups run);
    other active periods stay active; an active one is answered as it is; a closed one
    is refused (409), its scores are final."""
    who = caller(request)
    period = queries.period(who.access, period_id)
    require(who.access.can_administer, "Only admins activate periods.")
    return services.activate_period(period, by=who.author)
