from django.urls import include, path

from okrs.api.app import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("okrs.sso.urls")),
    path("", include("okrs.web.urls")),
]

# Refusals in the site's layout, saying why (the API answers in its own envelope).
handler403 = "okrs.web.views.errors.forbidden"
handler404 = "okrs.web.views.errors.not_found"
