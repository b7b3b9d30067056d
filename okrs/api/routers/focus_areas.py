"""Focus areas: company-wide themes of a period, set by admins."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, require
from okrs.api.schemas.common import Page, PathId, page
from okrs.api.schemas.periods import FocusAreaIn, FocusAreaOut, FocusAreaPatch, FocusAreaQuery
from okrs.goals import queries, services

router = Router(tags=["focus areas"])


@router.get(
    "/focus-areas",
    response={200: Page[FocusAreaOut], **ERROR_RESPONSES},
    operation_id="list_focus_areas",
)
def list_focus_areas(request: HttpRequest, query: Query[FocusAreaQuery]) -> dict:
    found = queries.focus_areas(caller(request).access)
    if query.period is not None:
        found = found.filter(period_id=query.period)
    return page(list(found.order_by("title", "pk")), query)


@router.get(
    "/focus-areas/{focus_area_id}",
    response={200: FocusAreaOut, **ERROR_RESPONSES},
    operation_id="get_focus_area",
)
def get_focus_area(request: HttpRequest, focus_area_id: PathId) -> object:
    return queries.focus_area(caller(request).access, focus_area_id)


@router.post(
    "/focus-areas",
    response={201: FocusAreaOut, **ERROR_RESPONSES},
    operation_id="create_focus_area",
)
def create_focus_area(request: HttpRequest, payload: FocusAreaIn) -> Status:
    """Admins only."""
    who = caller(request)
    period = queries.period(who.access, payload.period, "period")
    require(who.access.can_administer, "Only admins set focus areas.")
    area = services.create_focus_area(period, payload.title, payload.description, by=who.author)
    return Status(201, area)


@router.patch(
    "/focus-areas/{focus_area_id}",
    response={200: FocusAreaOut, **ERROR_RESPONSES},
    operation_id="update_focus_area",
)
def update_focus_area(
    request: HttpRequest, focus_area_id: PathId, payload: FocusAreaPatch
) -> object:
    """Admins only."""
    who = caller(request)
    area = queries.focus_area(who.access, focus_area_id)
    require(who.access.can_administer, "Only admins change focus areas.")
    return services.update_focus_area(area, by=who.author, **payload.model_dump(exclude_unset=True))


@router.delete(
    "/focus-areas/{focus_area_id}",
    response={204: None, **ERROR_RESPONSES},
    operation_id="delete_focus_area",
)
def delete_focus_area(request: HttpRequest, focus_area_id: PathId) -> Status:
    """Admins only; a focus area objectives are aligned with is refused (409)."""
    who = caller(request)
    area = queries.focus_area(who.access, focus_area_id)
    require(who.access.can_administer, "Only admins delete focus areas.")
    services.delete_focus_area(area, by=who.author)
    return Status(204, None)
