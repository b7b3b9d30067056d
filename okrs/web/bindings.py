"""A key result's metric binding: shown on the objective page, measured on demand.

Not built yet: every route answers 404.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def not_built_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("This page is being built.")


urlpatterns = [
    path("key-results/<int:key_result_id>/measure/", not_built_yet, name="kr-measure"),
    path("key-results/<int:key_result_id>/binding/", not_built_yet, name="kr-binding"),
]
