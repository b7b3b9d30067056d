from django.urls import include, path

from okrs.sso import views

urlpatterns = [
    # authenticate/ and callback/ are okrs.sso.views' (settings.OIDC_*_CLASS)
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("sso/refused/", views.refused, name="sso_refused"),
]
