"""A unit's page and a focus area's page.

Not built yet: every route answers 404.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def not_built_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("This page is being built.")


urlpatterns = [
    path("units/<int:unit_id>/", not_built_yet, name="unit"),
    path("focus-areas/<int:area_id>/", not_built_yet, name="focus-area"),
]
