"""Forgotten passwords: Django's reset views (signed, dated links that stop working once
the password changes or the person logs in) in the okrs layout.

The request page answers the same whether or not the address has an account, so it tells
nobody who is registered. With OKRS_LOCAL_PASSWORDS=false there are no passwords to reset.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import path, reverse_lazy

from okrs.audit.security import Kind, record_event


def _with_passwords(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.LOCAL_PASSWORDS:
            raise Http404("Passwords are turned off here: log in with single sign-on.")
        return view(request, *args, **kwargs)

    return guarded


class ResetConfirmView(auth.PasswordResetConfirmView):
    template_name = "web/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_event(
            Kind.PASSWORD_CHANGED,
            request=self.request,
            user=form.user,
            detail="through a reset link",
        )
        return response


request_view = auth.PasswordResetView.as_view(
    template_name="web/password_reset.html",
    email_template_name="orgs/mail/password_reset.txt",
    html_email_template_name="orgs/mail/password_reset.html",
    subject_template_name="orgs/mail/password_reset_subject.txt",
    success_url=reverse_lazy("password-reset-sent"),
)
sent_view = auth.PasswordResetDoneView.as_view(
    template_name="web/password_reset_sent.html",
    extra_context={"hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
)
complete_view = auth.PasswordResetCompleteView.as_view(
    template_name="web/password_reset_complete.html"
)

urlpatterns = [
    path("password-reset/", _with_passwords(request_view), name="password-reset"),
    path("password-reset/sent/", _with_passwords(sent_view), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        _with_passwords(ResetConfirmView.as_view()),
        name="password-reset-confirm",
    ),
    path("password-reset/done/", _with_passwords(complete_view), name="password-reset-complete"),
]
