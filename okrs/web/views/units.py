"""A unit's page and a focus area's page: the objectives behind one row of home."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from okrs.goals import queries
from okrs.goals.access import Access
from okrs.goals.models import Objective, Period, UnitRollup
from okrs.orgs.models import Unit
from okrs.web.pages.counts import period_count
from okrs.web.pages.period_choice import choose_period
from okrs.web.requests import AuthenticatedHttpRequest


@login_required
def unit_detail(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit, access = queries.unit_for(request.user, unit_id)
    periods = list(Period.objects.filter(organisation_id=unit.organisation_id))
    period = choose_period(periods, request.GET.get("period"))
    # Current units show their current children; an archived one all of its own.
    below = unit.children.all() if unit.archived_at else unit.children.filter(archived_at=None)
    children = list(below.order_by("name"))
    rollups = {
        row.unit_id: row
        for row in UnitRollup.objects.filter(period=period, unit__in=[unit, *children])
    }
    context = {
        "unit": unit,
        "ancestors": list(unit.ancestors())[::-1],
        "periods": periods,
        "period": period,
        "rollup": rollups.get(unit.pk),
        # the root unit's page says the period's count too (okrs.web.pages.counts)
        "count": period_count(period) if period and unit.parent_id is None else None,
        "children": [(child, rollups.get(child.pk)) for child in children],
        "objectives": _objectives(access, unit, period),
        "memberships": unit.memberships.select_related("user").order_by(
            "-role", "user__first_name"
        ),
        # an archived unit takes no new objectives
        "can_create": period is not None
        and unit.archived_at is None
        and access.can_create(owner_unit=unit),
        "can_edit_canvas": access.can_edit_canvas(unit),
        "can_manage": access.can_manage_unit(unit),
    }
    return render(request, "web/unit.html", context)


def _objectives(access: Access, unit: Unit, period: Period | None) -> list[Objective]:
    if period is None:
        return []
    objectives = (
        period.objectives.filter(owner_unit=unit)
        .select_related("period", "owner_unit")
        .prefetch_related("key_results")
        .order_by("title")
    )
    return access.readable(objectives)


@login_required
def focus_area(request: AuthenticatedHttpRequest, area_id: int) -> HttpResponse:
    area, access = queries.focus_area_for(request.user, area_id)
    objectives = (
        area.objectives.select_related("period", "owner_unit", "owner_user")
        .prefetch_related("key_results")
        .order_by("owner_unit__depth", "owner_unit__name", "title")
    )
    context = {"area": area, "period": area.period, "objectives": access.readable(objectives)}
    return render(request, "web/focus_area.html", context)


urlpatterns = [
    path("units/<int:unit_id>/", unit_detail, name="unit"),
    path("focus-areas/<int:area_id>/", focus_area, name="focus-area"),
]
