"""The objective page, inline check-ins and leads' feedback."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from okrs.audit.models import AuditEntry
from okrs.core.alignment import LinkKind
from okrs.goals.access import Access, access_for
from okrs.goals.models import Alignment, Objective


@login_required
def objective_detail(request: HttpRequest, objective_id: int) -> HttpResponse:
    objective = get_object_or_404(
        Objective.objects.select_related("period", "owner_unit", "owner_user"), pk=objective_id
    )
    access = access_for(request.user, objective.organisation_id)  # type: ignore[arg-type]
    if access is None or not access.can_read(objective):
        raise Http404("No objective here.")
    key_results = objective.key_results.all()
    check_ins = {
        kr.pk: list(
            kr.check_ins.select_related("author")
            .prefetch_related("feedback")
            .order_by("-checked_at")[:5]
        )
        for kr in key_results
    }
    measured_by_children = set(
        Alignment.objects.filter(
            parent_key_result__in=key_results, kind=LinkKind.CONTRIBUTE
        ).values_list("parent_key_result_id", flat=True)
    )
    context = {
        "objective": objective,
        "key_results": [(kr, check_ins[kr.pk]) for kr in key_results],
        "parents": objective.parent_links.select_related(
            "parent_objective", "parent_key_result__objective"
        ),
        "children": _visible_children(access, objective),
        "focus_areas": objective.focus_areas.all(),
        "measured_by_children": measured_by_children,
        "moved_goal_posts": AuditEntry.objects.filter(
            objective_id=objective.pk, moved_goal_post=True
        ).select_related("actor"),
    }
    return render(request, "web/objective.html", context)


def _visible_children(access: Access, objective: Objective) -> list[Alignment]:
    links = Alignment.objects.filter(
        Q(parent_objective=objective) | Q(parent_key_result__objective=objective)
    ).select_related("child__owner_unit", "child__owner_user", "parent_key_result")
    return [link for link in links if access.can_read(link.child)]


def not_built_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("This page is being built.")


urlpatterns = [
    path("objectives/<int:objective_id>/", objective_detail, name="objective"),
    path("key-results/<int:key_result_id>/check-in/", not_built_yet, name="check-in"),
    path("check-ins/<int:check_in_id>/feedback/", not_built_yet, name="feedback"),
]
