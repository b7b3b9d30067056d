"""The API tokens page: create one (shown once), see when each was last used, revoke."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from okrs.core.errors import InvalidInput
from okrs.goals.access import access_for
from okrs.orgs.models import Organisation, Unit
from okrs.tokens.models import ApiToken
from okrs.tokens.services import create_token, revoke
from okrs.web.requests import AuthenticatedHttpRequest

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100


@login_required
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if access is None:
        return render(request, "web/no_organisation.html")
    organisation = Organisation.objects.get(pk=access.actor.organisation_id)
    units = Unit.objects.filter(organisation=organisation, archived_at=None).order_by(
        "depth", "name"
    )
    context: dict[str, object] = {"units": units, "errors": {}, "new_secret": None}
    if request.method == "POST":
        context |= _create(request, organisation, units)
    context["tokens"] = ApiToken.objects.filter(user=request.user, organisation=organisation)
    return render(request, "web/tokens.html", context)


def _create(
    request: AuthenticatedHttpRequest, organisation: Organisation, units: object
) -> dict[str, object]:
    unit_id = request.POST.get("unit", "")
    unit = (
        Unit.objects.filter(organisation=organisation, pk=unit_id).first()
        if unit_id.isdigit()
        else None
    )
    if unit_id and unit is None:
        return {"errors": {"unit": ["is not a unit of this organisation"]}, "form": request.POST}
    name = request.POST.get("name", "")
    if len(name.strip()) > NAME_MAX_LENGTH:
        too_long = f"is {len(name.strip())} characters; keep it to {NAME_MAX_LENGTH}"
        return {"errors": {"name": [too_long]}, "form": request.POST}
    try:
        new = create_token(
            organisation,
            request.user,
            name,
            can_write=request.POST.get("scope") == "write",
            unit=unit,
            request=request,
        )
    except InvalidInput as error:
        return {"errors": error.by_field(), "form": request.POST}
    return {"new_secret": new.secret, "new_token": new.token}


@login_required
@require_POST
def revoke_token(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id)
    if token.user_id != request.user.pk:
        raise Http404("No token here.")
    revoke(token, request=request)
    return redirect("tokens")


urlpatterns = [
    path("tokens/", tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", revoke_token, name="revoke-token"),
]
