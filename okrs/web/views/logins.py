"""Logging in: the login page, the lockout page, and the backend that counts failures.

django-axes counts failed logins per username and address in the database (so the count
holds across app servers, on SQLite and PostgreSQL) and locks that pair out after
OKRS_LOGIN_FAILURE_LIMIT failures for OKRS_LOGIN_COOLOFF_MINUTES. API tokens do not log in
and are not counted.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from okrs.orgs.first_run import is_first_run
from okrs.web.forms import LoginForm
from okrs.web.pages.login import demo_login


class LoginBackend(AxesStandaloneBackend):
    """Axes' lockout check for every login over HTTP. Code that authenticates without a
    request (a shell, a test) is not a login attempt from an address and is not counted."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def locked_out(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with a page saying why and for how long."""
    minutes = settings.LOGIN_COOLOFF_MINUTES
    context = {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    answer = render(request, "web/locked_out.html", context, status=429)
    answer["Retry-After"] = str(minutes * 60)
    return answer


def not_a_password(request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: a single sign-on callback (okrs.sso) carries a nonce, not a
    password; counting its refusals would lock everyone behind one address out of SSO."""
    return "nonce" in (credentials or {})


class OkrsLoginView(LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A server with no organisation has nobody to log in: its first visitor sets it up.
        if is_first_run():
            return redirect("setup")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["demo_login"] = demo_login()
        context["local_passwords"] = settings.LOCAL_PASSWORDS
        context["sso_button"] = settings.OIDC.button if settings.OIDC else ""
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_PASSWORDS:  # OKRS_LOCAL_PASSWORDS=false: single sign-on only
            context = {**self.get_context_data(), "passwords_refused": True}
            return render(request, self.template_name, context, status=403)
        return super().post(request, *args, **kwargs)


urlpatterns = [
    path("login/", OkrsLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
]
