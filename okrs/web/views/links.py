"""Accept or remove an alignment link from the objective page (HTMX or a plain form post).

The same rules as the API (`okrs.core.permissions`): the parent's side accepts a proposal;
either side's editors remove a link. A link whose other end the person may not read is
answered like one that does not exist (404). With HTMX the page's alignment section comes
back; without it, a redirect to the objective the button was pressed on.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from okrs.core.errors import Conflict
from okrs.goals import queries, services
from okrs.goals.access import Access
from okrs.goals.models import Alignment, Objective
from okrs.goals.services import Author
from okrs.web.pages.objective import alignment_context
from okrs.web.requests import AuthenticatedHttpRequest


def _link(request: AuthenticatedHttpRequest, link_id: int) -> tuple[Alignment, Access]:
    return queries.alignment_for(request.user, link_id)


def _answer(
    request: AuthenticatedHttpRequest,
    link: Alignment,
    access: Access,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The objective the button was on (one of the link's ends), shown again."""
    ends = {link.child_id: link.child, link.parent.pk: link.parent}
    shown = ends.get(int(request.POST.get("objective") or 0) or 0, link.parent)
    if not request.htmx and not error:
        return redirect(reverse("objective", args=[shown.pk]) + "#alignment")
    objective = Objective.objects.select_related("period", "owner_unit", "owner_user").get(
        pk=shown.pk
    )
    context = alignment_context(access, objective) | {"link_error": error}
    return render(request, "web/_alignment_section.html", context, status=status)


@login_required
@require_POST
def accept_link(request: AuthenticatedHttpRequest, link_id: int) -> HttpResponse:
    link, access = _link(request, link_id)
    if not access.can_accept_link(link):
        raise PermissionDenied("Only the parent objective's owner or lead accepts a link.")
    try:
        services.accept_link(link, by=Author(request.user, "web"))
    except Conflict as error:
        return _answer(request, link, access, error.message, status=409)
    return _answer(request, link, access)


@login_required
@require_POST
def remove_link(request: AuthenticatedHttpRequest, link_id: int) -> HttpResponse:
    link, access = _link(request, link_id)
    if not access.can_remove_link(link):
        raise PermissionDenied("You may not remove this link.")
    services.unalign(link, by=Author(request.user, "web"))
    return _answer(request, link, access)  # the section rebuilt without the removed link


urlpatterns = [
    path("links/<int:link_id>/accept/", accept_link, name="link-accept"),
    path("links/<int:link_id>/remove/", remove_link, name="link-remove"),
]
