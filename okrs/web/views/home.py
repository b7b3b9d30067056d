"""Home: the unit tree of a period and what needs attention in it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from okrs.goals.access import access_for
from okrs.web.pages.attention import needs_attention
from okrs.web.pages.counts import period_count
from okrs.web.pages.period_choice import period_page
from okrs.web.pages.tree import unit_tree
from okrs.web.requests import AuthenticatedHttpRequest


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if access is None:
        return render(request, "web/no_organisation.html")
    page = period_page(access, request.GET.get("period"))
    organisation, periods, period = page.organisation, page.periods, page.period
    context = {
        "organisation": organisation,
        "periods": periods,
        "period": period,
        "tree": unit_tree(organisation, period, access) if period else [],
        # the root's row names the personal objectives the unit tree leaves out
        "count": period_count(period) if period else None,
        "focus_areas": period.focus_areas.all() if period else [],
        "concerns": needs_attention(period, access) if period else [],
        "can_administer": access.can_administer,
        "manages_people": access.manages_any_unit,
        "can_write": access.actor.can_write,
    }
    return render(request, "web/home.html", context)


urlpatterns = [
    path("", home, name="home"),
]
