"""Closing a period with scores, and cloning objectives into the next one.

Not built yet: every route answers 404.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def not_built_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("This page is being built.")


urlpatterns = [
    path("periods/<int:period_id>/close/", not_built_yet, name="period-close"),
    path("periods/<int:period_id>/clone/", not_built_yet, name="period-clone"),
]
