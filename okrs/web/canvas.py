"""The OKR Canvas of a unit for a period.

Not built yet: every route answers 404.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def not_built_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("This page is being built.")


urlpatterns = [
    path("units/<int:unit_id>/canvas/", not_built_yet, name="canvas"),
]
