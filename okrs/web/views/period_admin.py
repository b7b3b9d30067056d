"""The periods page (issue 11): every member reads the periods with what their state
means and their focus areas; admins create a period (the next quarter offered), activate
a draft, rename or move one that is not closed, and add, edit or delete focus areas."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from okrs.audit.services import Author
from okrs.core.errors import Conflict, FieldError, InvalidInput
from okrs.goals import queries, services
from okrs.goals.access import Access, access_for
from okrs.goals.models import FocusArea, Period
from okrs.orgs.models import Organisation
from okrs.web.pages.period_admin import AreaRow, PeriodRow, period_rows
from okrs.web.requests import AuthenticatedHttpRequest

DATE_HINT = "give a date as YYYY-MM-DD"


def _day(raw: str, field: str, errors: list[FieldError]) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        errors.append(FieldError(field, DATE_HINT))
        return None


def _period_input(request: AuthenticatedHttpRequest) -> tuple[dict[str, str], date, date]:
    """The name and dates typed, parsed; the values as typed, to fill the form again."""
    values = {name: request.POST.get(name, "") for name in ("name", "start", "end")}
    errors: list[FieldError] = []
    start, end = _day(values["start"], "start", errors), _day(values["end"], "end", errors)
    if not values["name"].strip():
        errors.insert(0, FieldError("name", "give the period a name"))
    if errors or start is None or end is None:
        raise InvalidInput(errors)
    return values, start, end


def _area_input(request: AuthenticatedHttpRequest) -> dict[str, str]:
    return {name: request.POST.get(name, "") for name in ("title", "description")}


def _page(
    request: AuthenticatedHttpRequest,
    access: Access,
    *,
    status: int = 200,
    rows: list[PeriodRow] | None = None,
    create: dict[str, str] | None = None,
    create_errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    organisation = Organisation.objects.get(pk=access.actor.organisation_id)
    if create is None:
        name, start, end = services.suggested_period(organisation)
        create = {"name": name, "start": start.isoformat(), "end": end.isoformat()}
    context = {
        "rows": rows if rows is not None else period_rows(organisation.pk),
        "can_administer": access.can_administer,
        "create": create,
        "create_errors": create_errors or {},
    }
    return render(request, "web/periods_admin.html", context, status=status)


def _admin(request: AuthenticatedHttpRequest, access: Access, refusal: str) -> Author:
    if not access.can_administer:
        raise PermissionDenied(refusal)
    return Author(request.user, "web")


def _row_for(rows: list[PeriodRow], period_id: int) -> PeriodRow:
    return next(row for row in rows if row.period.pk == period_id)


@login_required
def periods_admin(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if access is None:
        return render(request, "web/no_organisation.html")
    if request.method != "POST":
        return _page(request, access)
    by = _admin(request, access, "Only admins create periods.")
    values = {name: request.POST.get(name, "") for name in ("name", "start", "end")}
    organisation = Organisation.objects.get(pk=access.actor.organisation_id)
    try:
        values, start, end = _period_input(request)
        period = services.create_period(organisation, values["name"], start, end, by=by)
    except InvalidInput as error:
        return _page(request, access, status=400, create=values, create_errors=error.by_field())
    messages.success(
        request, f"Created {period.name} as a draft; activate it when the quarter starts."
    )
    return _back_to(period.pk)


@login_required
def period_activate(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period, access = queries.period_for(request.user, period_id)
    by = _admin(request, access, "Only admins activate periods.")
    active = Period.objects.filter(
        organisation_id=period.organisation_id, state=Period.State.ACTIVE
    )
    others = list(active.exclude(pk=period.pk).order_by("-start", "pk"))
    # Pages open on the active period that started last (period_choice.choose_period).
    shown = max([period, *others], key=lambda each: each.start)
    problem = ""
    if request.method == "POST":
        try:
            services.activate_period(period, by=by)
        except Conflict as error:
            problem = error.message
        else:
            messages.success(request, f"{period.name} is active: check-ins and roll-ups run.")
            return _back_to(period.pk)
    context = {"period": period, "others": others, "shown": shown, "problem": problem}
    return render(request, "web/period_activate.html", context, status=409 if problem else 200)


@login_required
@require_POST
def period_edit(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period, access = queries.period_for(request.user, period_id)
    by = _admin(request, access, "Only admins change periods.")
    values = {name: request.POST.get(name, "") for name in ("name", "start", "end")}
    status = 400
    try:
        if period.is_closed:
            status = 409
            raise InvalidInput([FieldError("name", "a closed period keeps its name and dates")])
        values, start, end = _period_input(request)
        services.update_period(period, name=values["name"].strip(), start=start, end=end, by=by)
    except InvalidInput as error:
        rows = period_rows(period.organisation_id)
        row = _row_for(rows, period.pk)
        row.values, row.errors = values, error.by_field()
        return _page(request, access, status=status, rows=rows)
    messages.success(request, f"Saved {period.name}.")
    return _back_to(period.pk)


@login_required
@require_POST
def focus_area_add(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period, access = queries.period_for(request.user, period_id)
    by = _admin(request, access, "Only admins set focus areas.")
    values = _area_input(request)
    try:
        area = services.create_focus_area(period, values["title"], values["description"], by=by)
    except InvalidInput as error:
        rows = period_rows(period.organisation_id)
        row = _row_for(rows, period.pk)
        row.new_area, row.new_area_errors = values, error.by_field()
        return _page(request, access, status=400, rows=rows)
    messages.success(request, f"Added the focus area {area.title} to {period.name}.")
    return _back_to(period.pk)


@login_required
@require_POST
def focus_area_edit(request: AuthenticatedHttpRequest, area_id: int) -> HttpResponse:
    area, access = queries.focus_area_for(request.user, area_id)
    by = _admin(request, access, "Only admins change focus areas.")
    values = _area_input(request)
    try:
        services.update_focus_area(
            area, title=values["title"], description=values["description"], by=by
        )
    except InvalidInput as error:
        rows = period_rows(area.period.organisation_id)
        found = _area_row(rows, area)
        found.values, found.errors = values, error.by_field()
        return _page(request, access, status=400, rows=rows)
    messages.success(request, f"Saved the focus area {area.title}.")
    return _back_to(area.period_id)


@login_required
@require_POST
def focus_area_delete(request: AuthenticatedHttpRequest, area_id: int) -> HttpResponse:
    area, access = queries.focus_area_for(request.user, area_id)
    by = _admin(request, access, "Only admins delete focus areas.")
    try:
        services.delete_focus_area(area, by=by)
    except Conflict as error:
        rows = period_rows(area.period.organisation_id)
        found = _area_row(rows, area)
        found.errors = {"delete": [error.message]}
        return _page(request, access, status=409, rows=rows)
    messages.success(request, f"Deleted the focus area {area.title}.")
    return _back_to(area.period_id)


def _area_row(rows: list[PeriodRow], area: FocusArea) -> AreaRow:
    """The row of the page that shows this focus area, to put its errors on."""
    return next(shown for shown in _row_for(rows, area.period_id).areas if shown.area.pk == area.pk)


def _back_to(period_id: int) -> HttpResponse:
    """The periods page, scrolled to the period just changed."""
    return redirect(f"{reverse('periods')}#period-{period_id}")


urlpatterns = [
    path("periods/", periods_admin, name="periods"),
    path("periods/<int:period_id>/activate/", period_activate, name="period-activate"),
    path("periods/<int:period_id>/edit/", period_edit, name="period-edit"),
    path("periods/<int:period_id>/focus-areas/", focus_area_add, name="focus-area-add"),
    path("focus-areas/<int:area_id>/edit/", focus_area_edit, name="focus-area-edit"),
    path("focus-areas/<int:area_id>/delete/", focus_area_delete, name="focus-area-delete"),
]
