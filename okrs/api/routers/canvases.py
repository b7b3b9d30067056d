"""The OKR Canvas of a unit for a period: readable with the unit, written by its people."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api import lookups
from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, not_found
from okrs.api.schemas.canvases import CanvasIn, CanvasOut, CanvasQuery
from okrs.api.schemas.common import Page, PathId, page
from okrs.goals import services
from okrs.goals.models import Canvas

router = Router(tags=["canvases"])


def _canvases(request: HttpRequest):
    readable = [unit.pk for unit in lookups.units(caller(request))]
    return Canvas.objects.filter(unit_id__in=readable)


@router.get(
    "/canvases", response={200: Page[CanvasOut], **ERROR_RESPONSES}, operation_id="list_canvases"
)
def list_canvases(request: HttpRequest, query: Query[CanvasQuery]) -> dict:
    found = _canvases(request)
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
    found = _canvases(request).filter(pk=canvas_id).first()
    if found is None:
        raise not_found("canvas")
    return found


@router.put(
    "/canvases",
    response={200: CanvasOut, 201: CanvasOut, **ERROR_RESPONSES},
    operation_id="save_canvas",
)
def save_canvas(request: HttpRequest, payload: CanvasIn) -> Status:
    """Create or replace the canvas of `unit` for `period`: 201 when new, 200 when replaced."""
    who = caller(request)
    unit = lookups.unit(who, payload.unit, "unit")
    period = lookups.period(who, payload.period, "period")
    lookups.require(who.access.can_edit_canvas(unit), "You may not write this unit's canvas.")
    existed = Canvas.objects.filter(unit=unit, period=period).exists()
    canvas = services.save_canvas(
        unit, period, payload.current_state, payload.impacts, payload.blockers, by=who.author
    )
    return Status(200 if existed else 201, canvas)
