"""The first visitor's page on a server with no organisation: set up okrs.

Open only while no organisation exists (`okrs.orgs.first_run`), so it cannot be used to
take over a running installation; afterwards it answers 404 and people are invited.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from okrs.core.errors import Conflict, InvalidInput
from okrs.orgs.first_run import FirstRun, is_first_run, set_up
from okrs.web.admin_forms import SetupForm

FIELDS = {"organisation": "organisation", "name": "name", "email": "email"}


def setup(request: HttpRequest) -> HttpResponse:
    if not is_first_run():
        raise Http404("okrs is set up already: ask an admin of your organisation to invite you.")
    today = timezone.localdate()
    form = SetupForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = FirstRun(
            organisation=data["organisation"],
            name=data["name"],
            email=data["email"],
            password=data["password"],
            username=data["username"],
            quarter=data["quarter"],
        )
        try:
            done = set_up(plan, today=today)
        except InvalidInput as error:
            form.attach(error, {"username": "username", "password": "password"})
        except Conflict as error:
            raise Http404(str(error)) from None
        else:
            login(request, done.admin, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                f"{done.organisation.name} is set up, with {done.period.name} as its first "
                "quarter. Next: add your teams and invite people.",
            )
            return redirect("home")
    form.describe_errors()
    status = 400 if request.method == "POST" else 200
    return render(request, "web/setup.html", {"form": form}, status=status)


urlpatterns = [
    path("setup/", setup, name="setup"),
]
