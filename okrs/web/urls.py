"""Every page's route. Each area of the web app keeps its routes next to its views."""

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
    people_import,
    periods,
    search,
    security_log,
    setup,
    tokens,
    units,
)

urlpatterns = [
    *home.urlpatterns,
    *logins.urlpatterns,
    *tokens.urlpatterns,
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
    *setup.urlpatterns,
    *people_import.urlpatterns,
]
