"""The REST API under /api/v1/: one NinjaAPI, its error envelope, and a router per resource.

OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs.
"""

from __future__ import annotations

from functools import partial, wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from okrs.api import errors
from okrs.api.auth import API_AUTH
from okrs.api.routers import (
    alignments,
    audit,
    canvases,
    check_ins,
    feedback,
    focus_areas,
    invitations,
    key_results,
    me,
    objectives,
    people,
    periods,
    security,
    setup,
    units,
)

DESCRIPTION = """\
Objectives, key results and check-ins of one organisation.

Authenticate with `Authorization: Bearer <token>` (an API token) or a signed-in browser
session (unsafe methods then need the `X-CSRFToken` header). Every error has the same shape:
`{"ok": false, "status": 404, "error": "…", "errors": {"field": ["…"]}}`.
"""


class OkrsApi(NinjaAPI):
    """NinjaAPI whose unknown paths and wrong methods answer in the error envelope too."""

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        patterns = [_enveloped(pattern, self) for pattern in super()._get_urls()]
        return [*patterns, re_path(r"^.*$", csrf_exempt(partial(_unknown_path, api=self)))]


def _unknown_path(
    request: HttpRequest, *args: object, api: NinjaAPI, **kwargs: object
) -> HttpResponse:
    return api.create_response(request, errors.envelope(404, "No such endpoint."), status=404)


def _enveloped(pattern: URLPattern | URLResolver, api: NinjaAPI) -> URLPattern | URLResolver:
    """ninja answers a wrong method with plain text; answer with the envelope instead."""
    if not isinstance(pattern, URLPattern):
        return pattern
    view = pattern.callback

    @wraps(view)  # keeps csrf_exempt: ninja checks CSRF itself, for session callers only
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = ", ".join(sorted(response["Allow"].split(", ")))
        enveloped = api.create_response(
            request, errors.envelope(405, f"Allowed: {allowed}."), status=405
        )
        enveloped["Allow"] = allowed
        return enveloped

    return URLPattern(pattern.pattern, wrapped, pattern.default_args, pattern.name)


api = OkrsApi(
    title="okrs",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    docs_url="/docs",
    auth=API_AUTH,
)
errors.install(api)

for module in (
    setup,
    me,
    units,
    people,
    invitations,
    periods,
    focus_areas,
    objectives,
    alignments,
    key_results,
    check_ins,
    feedback,
    canvases,
    audit,
    security,
):
    api.add_router("/", module.router)
