"""The OKR Canvas of a unit for a period: readable with the unit, written by its people."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, require
from okrs.api.schemas.canvases import CanvasIn, CanvasOut, CanvasQuery
from okrs.api.schemas.common import Page, PathId, page
from okrs.goals import queries, services
from okrs.goals.models import Canvas

router = Router(tags=["canvases"])


@router.get(
    "/canvases", response={200: Page[CanvasOut], **ERROR_RESPONSES}, operation_id="list_canvases"
)
def list_canvases(request: HttpRequest, query: Query[CanvasQuery]) -> dict:
    found = queries.canvases(caller(request).access)
    if query.unit is not None:
        found = found.filter(unit_id=query.unit)
    if query.period is not None:
        found = found.filter(period_id=query.period)
    return page(found.order_by("pk"), query)


@router.get(
    "/canvases/{canvas_id}",
    response={200: CanvasOut, **ERROR_RESPONSES},
    operation_id="get_canvas",
)
def get_canvas(request: HttpRequest, canvas_id: PathId) -> Canvas:
    return queries.canvas(caller(request).access, canvas_id)


@router.put(
    "/canvases",
    response={200: CanvasOut, 201: CanvasOut, **ERROR_RESPONSES},
    operation_id="save_canvas",
)
def save_canvas(request: HttpRequest, payload: CanvasIn) -> Status:
    """Create or replace the canvas of `unit` for `period`: 201 when new, 200 when replaced."""
    who = caller(request)
    unit = queries.unit(who.access, payload.unit, "unit")
    period = queries.period(who.access, payload.period, "period")
    require(who.access.can_edit_canvas(unit), "You may not write this unit's canvas.")
    existed = Canvas.objects.filter(unit=unit, period=period).exists()
    canvas = services.save_canvas(
        unit, period, payload.current_state, payload.impacts, payload.blockers, by=who.author
    )
    return Status(200 if existed else 201, canvas)
