"""Search across objectives and key results.

Not built yet: every route answers 404.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def not_built_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("This page is being built.")


urlpatterns = [
    path("search/", not_built_yet, name="search"),
]
