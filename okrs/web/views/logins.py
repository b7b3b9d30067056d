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
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# The demo's published password is advertised only while it still opens the demo admin:
# check_password costs an Argon2 hash, so the answer is kept per stored hash.
_demo_password_works: dict[str, bool] = {}


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


def demo_login() -> tuple[str, str] | None:
    """The demo's login, to print on the login page: only on a server that holds the demo
    organisation and nothing else, while the demo admin's password is still the published
    one. Beside a real organisation it would be a way in."""
    from okrs.demo import DEMO_PASSWORD, DEMO_SLUG, DEMO_USERNAME
    from okrs.orgs.models import Organisation

    slugs = list(Organisation.objects.values_list("slug", flat=True)[:2])
    if slugs != [DEMO_SLUG]:
        return None
    stored = User.objects.filter(username=DEMO_USERNAME, is_active=True).first()
    if stored is None:
        return None
    if stored.password not in _demo_password_works:
        _demo_password_works.clear()  # one demo admin: keep one answer
        _demo_password_works[stored.password] = stored.check_password(DEMO_PASSWORD)
    return (DEMO_USERNAME, DEMO_PASSWORD) if _demo_password_works[stored.password] else None


class LoginForm(AuthenticationForm):
    def clean_username(self) -> str:
        # Django sets the field's max_length after building its validators, so a name
        # longer than any account reached authenticate() and overflowed the failure
        # tables (a 500 on PostgreSQL). No account has it: the usual refusal, uncounted.
        username: str = self.cleaned_data["username"]
        limit = User._meta.get_field("username").max_length  # 150: Django's own
        if limit is not None and len(username) > limit:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
        return username


class OkrsLoginView(LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["demo_login"] = demo_login()
        return context
