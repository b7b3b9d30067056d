"""The security log page: an organisation's logins, refusals, tokens and changes of rights,
for its admins."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from okrs.audit.models import SecurityEvent
from okrs.audit.security import events
from okrs.goals.access import access_for
from okrs.web.requests import AuthenticatedHttpRequest

SHOWN = 200


@login_required
def security_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if access is None:
        return render(request, "web/no_organisation.html")
    if not access.can_read_audit:
        raise PermissionDenied("Only the organisation's admins read its security log.")
    kind = request.GET.get("kind", "")
    kind = kind if kind in SecurityEvent.Kind.values else ""
    found = events(access.actor.organisation_id, kind=kind or None)
    context = {
        "events": found[:SHOWN],
        "count": found.count(),
        "shown": SHOWN,
        "kinds": SecurityEvent.Kind.choices,
        "kind": kind,
    }
    return render(request, "web/security_log.html", context)


urlpatterns = [path("security/", security_log, name="security-log")]
