"""The single sign-on pages: the start, the provider's callback, the refusal."""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from okrs.sso.backend import Refusal, provider_endpoints
from okrs.sso.discovery import DiscoveryError

log = logging.getLogger(__name__)


def unreachable(request: HttpRequest, error: DiscoveryError) -> HttpResponse:
    log.warning("single sign-on: %s", error)
    return render(request, "sso/unreachable.html", status=503)


class Authenticate(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's login."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the endpoint is looked up in get(), not at import

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.SSO_ENABLED:
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoints().authorization
        except DiscoveryError as error:
            return unreachable(request, error)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        answer: HttpResponse = super().get(request)
        return answer


class Callback(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: log in, or say why not."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.SSO_ENABLED:
            raise Http404
        try:
            answer: HttpResponse = super().get(request)
        except DiscoveryError as error:
            return unreachable(request, error)
        except requests.RequestException as error:  # the provider refused the code, say
            log.warning("single sign-on: the provider answered %s", error)
            return self.login_failure()
        return answer

    def login_failure(self) -> HttpResponse:
        refusal: Refusal | None = getattr(self.request, "sso_refusal", None)
        if refusal is not None:
            self.request.session["sso_refusal"] = [refusal.email, refusal.reason]
            return redirect("sso_refused")
        messages.error(self.request, "The single sign-on did not finish. Please try again.")
        return redirect("login")


def refused(request: HttpRequest) -> HttpResponse:
    """403: who was refused and what to do about it."""
    email, reason = request.session.pop("sso_refusal", None) or ("", "domain")
    refusal = Refusal(email, reason) if email else None
    return render(request, "sso/refused.html", {"refusal": refusal}, status=403)
