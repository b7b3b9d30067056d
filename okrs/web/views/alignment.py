"""The alignment view of a whole period (the tree itself is built in okrs.web.pages.alignment)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from okrs.core.health import Health
from okrs.goals.access import access_for
from okrs.web.pages.alignment import alignment_groups
from okrs.web.pages.period_choice import period_page
from okrs.web.requests import AuthenticatedHttpRequest


@login_required
def alignment(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if access is None:
        return render(request, "web/no_organisation.html")
    page = period_page(access, request.GET.get("period"))
    organisation, periods, period = page.organisation, page.periods, page.period
    needle = request.GET.get("filter", "").strip()[:200]
    health = request.GET.get("health", "")
    health = health if health in {each.value for each in Health} else ""
    context: dict[str, object] = {
        "periods": periods,
        "period": period,
        "filter": needle,
        "health": health,
        "healths": list(Health),
        "groups": [],
        "matched": 0,
        "total": 0,
    }
    if period is not None:
        objectives = access.readable(
            period.objectives.select_related("owner_unit", "owner_user").order_by("title", "pk")
        )
        groups, matched = alignment_groups(
            organisation, period, objectives, needle.casefold(), health
        )
        context |= {"groups": groups, "matched": matched, "total": len(objectives)}
    template = "web/_alignment_tree.html" if request.htmx else "web/alignment.html"
    return render(request, template, context)


urlpatterns = [
    path("alignment/", alignment, name="alignment"),
]
