"""Refusals into the security log: every 403 answered to a signed-in person or a token.

Anonymous 403s (a form posted without its CSRF cookie, say) name nobody and are left out,
so an anonymous flood cannot fill the log.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from okrs.audit.security import Kind, record_event


class DenialLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            _record(request)
        return response


def _record(request: HttpRequest) -> None:
    user = getattr(request, "user", None)
    via = "web"
    caller = getattr(request, "auth", None)  # the API's Caller (okrs.api.auth)
    author = getattr(caller, "author", None)
    if author is not None and author.user is not None:
        user, via = author.user, author.via
    if user is None or not user.is_authenticated:
        return
    detail = f"{request.method} {request.path[:200]} ({via})"
    record_event(Kind.DENIED, request=request, user=user, detail=detail)
