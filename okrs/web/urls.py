"""Every page's route. Each area of the web app keeps its routes next to its views."""

from django.contrib.auth.views import LogoutView
from django.urls import path

from okrs.web.views import (
    account,
    alignment,
    bindings,
    canvas,
    editor,
    home,
    links,
    logins,
    objectives,
    periods,
    search,
    security_log,
    tokens,
    units,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", logins.OkrsLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("tokens/", tokens.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", tokens.revoke_token, name="revoke-token"),
    *objectives.urlpatterns,
    *units.urlpatterns,
    *editor.urlpatterns,
    *canvas.urlpatterns,
    *periods.urlpatterns,
    *search.urlpatterns,
    *alignment.urlpatterns,
    *account.urlpatterns,
    *bindings.urlpatterns,
    *links.urlpatterns,
    *security_log.urlpatterns,
]
