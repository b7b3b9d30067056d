"""The search page (what it finds: okrs.web.pages.search)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from okrs.goals.access import access_for
from okrs.web.pages.search import search_results
from okrs.web.requests import AuthenticatedHttpRequest


@login_required
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if access is None:
        return render(request, "web/no_organisation.html")
    query = request.GET.get("q", "").strip()
    return render(request, "web/search.html", search_results(access, query))


urlpatterns = [
    path("search/", search, name="search"),
]
