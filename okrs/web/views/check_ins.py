"""A key result's check-ins, every one of them, for whoever may read its objective."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from okrs.goals import queries
from okrs.web.pages.check_ins import check_ins_context
from okrs.web.requests import AuthenticatedHttpRequest


@login_required
def key_result_check_ins(request: AuthenticatedHttpRequest, key_result_id: int) -> HttpResponse:
    key_result, _ = queries.key_result_for(request.user, key_result_id)  # 404 to non-readers
    context = check_ins_context(key_result, request.GET.get("page"))
    return render(request, "web/key_result_check_ins.html", context)


urlpatterns = [
    path(
        "key-results/<int:key_result_id>/check-ins/",
        key_result_check_ins,
        name="key-result-check-ins",
    ),
]
