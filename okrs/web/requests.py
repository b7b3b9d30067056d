"""The request a signed-in page sees, for annotations.

`@login_required` lets only signed-in people through, so `request.user` is a `User`,
never `AnonymousUser`; django-htmx's middleware (in MIDDLEWARE) adds `request.htmx`.
Nothing here runs: Django still passes its own `HttpRequest`.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    user: User
