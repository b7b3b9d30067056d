"""The signed-in person's account: password change."""

from __future__ import annotations

from django.contrib.auth.views import PasswordChangeView
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import path, reverse_lazy


class OkrsPasswordChangeView(SuccessMessageMixin, PasswordChangeView):  # type: ignore[type-arg]
    """Django's own view (it keeps the person signed in), in the okrs template."""

    template_name = "web/password_change.html"
    success_url = reverse_lazy("home")
    success_message = "Your password is changed."


urlpatterns = [
    path("account/password/", OkrsPasswordChangeView.as_view(), name="password-change"),
]
