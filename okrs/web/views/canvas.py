"""The OKR Canvas of a unit for a period: where it stands, the impact it can make, and what
blocks it. Each impact can be drafted into an objective in the editor."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import path, reverse

from okrs.core.errors import InvalidInput
from okrs.goals import queries, services
from okrs.goals.access import Access
from okrs.goals.models import Canvas, Objective, Period
from okrs.goals.services import Author
from okrs.web.pages.period_choice import choose_period
from okrs.web.requests import AuthenticatedHttpRequest


@login_required
def canvas(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit, access = queries.unit_for(request.user, unit_id)
    periods = list(Period.objects.filter(organisation_id=unit.organisation_id))
    source = request.POST if request.method == "POST" else request.GET
    period = choose_period(periods, source.get("period", ""))
    if period is None:
        raise Http404("No period yet.")
    found = Canvas.objects.filter(unit=unit, period=period).first()
    can_edit = access.can_edit_canvas(unit) and period.state != Period.State.CLOSED
    typed: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not can_edit:
            return HttpResponseForbidden("You may not change this canvas.")
        typed = {name: request.POST.get(name, "") for name in _FIELDS}
        try:
            services.save_canvas(
                unit,
                period,
                typed["current_state"],
                _lines(typed["impacts"]),
                _lines(typed["blockers"]),
                by=Author(request.user, "web"),
            )
        except InvalidInput as error:
            errors = error.by_field()
        else:
            return redirect(f"{reverse('canvas', args=[unit.pk])}?period={period.pk}")
    context = {
        "unit": unit,
        "periods": periods,
        "period": period,
        "canvas": found,
        "impacts": _impacts(access, found),
        "other_drafts": _other_drafts(access, found),
        "can_edit": can_edit,
        "can_draft": access.actor.can_write and period.state != Period.State.CLOSED,
        "typed": typed or _as_text(found),
        "errors": errors,
    }
    return render(request, "web/canvas.html", context, status=400 if errors else 200)


_FIELDS = ("current_state", "impacts", "blockers")


def _lines(text: str) -> list[str]:
    """One item a line; blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _as_text(found: Canvas | None) -> dict[str, str]:
    if found is None:
        return dict.fromkeys(_FIELDS, "")
    return {
        "current_state": found.current_state,
        "impacts": "\n".join(found.impacts),
        "blockers": "\n".join(found.blockers),
    }


def _drafts(access: Access, found: Canvas | None) -> list[Objective]:
    if found is None:
        return []
    drafted = found.drafted_objectives.select_related("owner_unit", "owner_user", "period")
    return access.readable(drafted)


def _impacts(access: Access, found: Canvas | None) -> list[dict[str, Any]]:
    """Each impact with the objectives drafted from it."""
    if found is None:
        return []
    drafts = _drafts(access, found)
    return [
        {
            "index": index,
            "text": impact,
            "objectives": [each for each in drafts if each.canvas_impact == impact],
        }
        for index, impact in enumerate(found.impacts)
    ]


def _other_drafts(access: Access, found: Canvas | None) -> list[Objective]:
    """Objectives drafted from an impact that has since been reworded or removed."""
    impacts = set(found.impacts) if found else set()
    return [each for each in _drafts(access, found) if each.canvas_impact not in impacts]


urlpatterns = [
    path("units/<int:unit_id>/canvas/", canvas, name="canvas"),
]
