"""The signed-in person's account: password change."""

from __future__ import annotations

from django.contrib.auth.views import PasswordChangeView
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpResponse
from django.urls import path, reverse_lazy

from okrs.audit.security import Kind, record_event


class OkrsPasswordChangeView(SuccessMessageMixin, PasswordChangeView):
    """Django's own view (it keeps the person signed in), in the okrs template."""

    template_name = "web/password_change.html"
    success_url = reverse_lazy("home")
    success_message = "Your password is changed."

    def form_valid(self, form: object) -> HttpResponse:
        response = super().form_valid(form)
        record_event(
            Kind.PASSWORD_CHANGED,
            request=self.request,
            user=self.request.user,
            detail="on the password page",
        )
        return response


urlpatterns = [
    path("account/password/", OkrsPasswordChangeView.as_view(), name="password-change"),
]
