"""Refuse NUL characters in the pages' query strings and forms, before any view runs.

No person types one, and PostgreSQL can neither store nor compare text holding one: left
alone, a NUL in a search box or a check-in note would reach the database and fail there.
The API refuses NUL itself, field by field, in its own error shape.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest

from okrs.core.errors import NotFound

NUL_MESSAGE = "The request holds a NUL character (\\x00), which cannot be stored. Remove it."
API_PREFIX = "/api/"


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX) and _holds_nul(request):
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain")
        return self.get_response(request)


def _holds_nul(request: HttpRequest) -> bool:
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False


class NotFoundMiddleware:
    """The pages' answer to `okrs.goals.queries`: a `NotFound` (missing, in another
    organisation, or not readable by this person) is Django's 404 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, NotFound):
            raise Http404(str(exception)) from exception
