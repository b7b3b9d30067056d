"""The alignment view of a whole period.

Not built yet: every route answers 404.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def not_built_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("This page is being built.")


urlpatterns = [
    path("alignment/", not_built_yet, name="alignment"),
]
