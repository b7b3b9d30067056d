"""403 and 404 in the site's layout, saying why ("Only admins close a period.").

Views raise PermissionDenied or Http404 with a sentence for the person; Django hands it to
these handlers (okrs/urls.py) when DEBUG is off and to its debug page when it is on. A
refusal without a sentence gets a general one, never the server's internals.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

GENERAL = {
    403: "You may not do this here.",
    404: "There is nothing here, or nothing you may see.",
}
TITLES = {403: "Not allowed", 404: "Not found"}


def _reason(exception: Exception | None, status: int) -> str:
    """The view's sentence: a str argument only (Django's resolver puts a dict in its own
    404s, which names the URL patterns)."""
    argument = exception.args[0] if exception is not None and exception.args else None
    if isinstance(argument, str) and argument.strip():
        return argument
    return GENERAL[status]


def _page(request: HttpRequest, exception: Exception | None, status: int) -> HttpResponse:
    context = {"status": status, "title": TITLES[status], "reason": _reason(exception, status)}
    return render(request, "web/refused.html", context, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, exception, 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, exception, 404)
