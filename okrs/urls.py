from django.urls import include, path

from okrs.api.app import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("okrs.sso.urls")),
    path("", include("okrs.web.urls")),
]
