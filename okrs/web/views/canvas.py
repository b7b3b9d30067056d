"""The OKR Canvas of a unit for a period: where it stands, the impact it can make, and what
blocks it. Each impact can be drafted into an objective in the editor."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from okrs.core.errors import InvalidInput
from okrs.goals import queries, services
from okrs.goals.models import Canvas, Period
from okrs.goals.services import Author
from okrs.web.pages.canvas import FIELDS, as_text, impacts, other_drafts
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
    can_edit = access.can_edit_canvas(unit) and not period.is_closed
    typed: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("You may not change this canvas.")
        typed = {name: request.POST.get(name, "") for name in FIELDS}
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
        "impacts": impacts(access, found),
        "other_drafts": other_drafts(access, found),
        "can_edit": can_edit,
        "can_draft": access.actor.can_write and not period.is_closed,
        "typed": typed or as_text(found),
        "errors": errors,
    }
    return render(request, "web/canvas.html", context, status=400 if errors else 200)


def _lines(text: str) -> list[str]:
    """One item a line; blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


urlpatterns = [
    path("units/<int:unit_id>/canvas/", canvas, name="canvas"),
]
