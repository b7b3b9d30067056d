"""Accepting an invitation: the emailed link opens a page that sets the password, logs the
person in and lands them on their team's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from okrs.core.errors import InvalidInput
from okrs.orgs.invitations import InvalidLink, accept, invitation_for
from okrs.orgs.models import Invitation
from okrs.web.admin_forms import AcceptForm


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invited = invitation_for(token)
    except InvalidLink as error:
        raise Http404(str(error)) from None
    signed_in = request.user if request.user.is_authenticated else None
    if signed_in is not None and signed_in.email.lower() == invited.email.lower():
        return _join_as_signed_in(request, token, signed_in)
    existing = User.objects.filter(email__iexact=invited.email, is_active=True).first()
    if existing is not None and existing.has_usable_password():
        # Their account exists: they join once logged in, with the password they have.
        messages.info(request, f"Log in as {invited.email} to join {invited.organisation.name}.")
        return redirect(reverse("login") + "?next=" + request.path)
    new_account = existing is None
    form = AcceptForm(request.POST or None, new_account=new_account, initial={"name": invited.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accept(
                token,
                name=data["name"],
                password=data["password"],
                username=data.get("username", ""),
            )
        except InvalidLink as error:
            raise Http404(str(error)) from None
        except InvalidInput as error:
            form.attach(error, {})
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, invited)
    form.describe_errors()
    context = {"form": form, "invitation": invited, "new_account": new_account}
    status = 400 if request.method == "POST" else 200
    return render(request, "web/invitation.html", context, status=status)


def _join_as_signed_in(request: HttpRequest, token: str, user: User) -> HttpResponse:
    """The invited address is the signed-in person's: a button to join, no password."""
    invited = invitation_for(token)
    if request.method == "POST":
        accept(token, signed_in=user)
        return _welcome(request, invited)
    context = {"invitation": invited, "joining": True}
    return render(request, "web/invitation.html", context)


def _welcome(request: HttpRequest, invited: Invitation) -> HttpResponse:
    """Land on the team's page: what the person came for."""
    messages.success(request, f"Welcome to {invited.organisation.name}.")
    if invited.unit is not None:
        return redirect(reverse("unit", args=[invited.unit.pk]))
    return redirect("home")


urlpatterns = [
    path("invitations/<str:token>/", invitation, name="invitation"),
]
