from django.urls import include, path

urlpatterns = [
    path("", include("okrs.web.urls")),
]
