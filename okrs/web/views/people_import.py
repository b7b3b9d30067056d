"""The people import page: an admin checks a people file, then imports it (issue 11)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from okrs.audit.services import Author
from okrs.core.errors import FieldError, InvalidInput
from okrs.core.people_file import COLUMNS, MAX_BYTES, OPTIONAL_COLUMNS, parse_people
from okrs.goals.access import access_for
from okrs.orgs.importing import ImportResult, import_people
from okrs.orgs.models import Organisation
from okrs.web.requests import AuthenticatedHttpRequest

MAX_MB = MAX_BYTES // 2**20
# An import stores a few rows per line (about 5 ms a line on SQLite): 2,000 lines answer
# well within a request; `okrs import people` takes the full 10,000.
MAX_LINES = 2_000


@login_required
def people_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if access is None:
        return render(request, "web/no_organisation.html")
    if not access.can_administer:
        raise PermissionDenied("Only the organisation's admins import people.")
    context: dict[str, object] = {
        "columns": COLUMNS,
        "optional_columns": OPTIONAL_COLUMNS,
        "max_mb": MAX_MB,
        "max_rows": MAX_LINES,
    }
    status = 200
    if request.method == "POST":
        # Anything but the import button is a check: a stray POST stores nothing.
        dry_run = request.POST.get("action") != "import"
        organisation = Organisation.objects.get(pk=access.actor.organisation_id)
        try:
            result = _import(request, organisation, dry_run)
        except InvalidInput as error:
            context["errors"] = [str(problem) for problem in error.errors]
            status = 400
        else:
            # Shown, not redirected: a reload posts the same file again, which an
            # idempotent import answers with "nothing changed".
            context |= {"result": result, "dry_run": dry_run}
        context["file_name"] = getattr(request.FILES.get("file"), "name", "")
    return render(request, "web/people_import.html", context, status=status)


def _import(
    request: AuthenticatedHttpRequest, organisation: Organisation, dry_run: bool
) -> ImportResult:
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput([FieldError("file", "choose a CSV file")])
    if upload.size is not None and upload.size > MAX_BYTES:
        size = f"{upload.size / 2**20:.1f} MB"
        raise InvalidInput([FieldError("file", f"is {size}; {MAX_MB} MB at most")])
    rows = parse_people(upload.read(), max_rows=MAX_LINES)
    return import_people(organisation, rows, by=Author(request.user, "web"), dry_run=dry_run)


urlpatterns = [path("people/import/", people_import, name="people-import")]
