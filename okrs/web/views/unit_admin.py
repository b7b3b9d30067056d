"""A unit's management page (issue 11): rename, move, archive and restore it, add a unit
below it, and say who is in it. Admins do all of it; leads rename units of their subtree,
add units below theirs and set who is in them, but never move or archive one, nor drop
their own lead role (okrs.core.permissions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from okrs.audit.services import Author
from okrs.core.errors import FieldError, InvalidInput
from okrs.goals import queries
from okrs.goals.access import Access
from okrs.orgs import services, units
from okrs.orgs.models import Membership, Organisation, Unit
from okrs.web.pages.unit_admin import archive_context, manage_context
from okrs.web.requests import AuthenticatedHttpRequest

MAY_MANAGE = "Only the organisation's admins and the unit's leads manage this unit."
ADMINS_ONLY = "Only the organisation's admins move, archive and restore units."


def _unit(
    request: AuthenticatedHttpRequest, unit_id: int, allowed: Callable[..., bool], why: str
) -> tuple[Unit, Access]:
    unit, access = queries.unit_for(request.user, unit_id)
    if not allowed(access, unit):
        raise PermissionDenied(why)
    return unit, access


def _manages(access: Access, unit: Unit) -> bool:
    return access.can_manage_unit(unit)


def _restructures(access: Access, unit: Unit) -> bool:
    return access.can_restructure_units


def _page(
    request: AuthenticatedHttpRequest,
    unit: Unit,
    access: Access,
    form: str = "",
    error: InvalidInput | None = None,
) -> HttpResponse:
    context = manage_context(unit, access)
    context |= {"form": form, "errors": error.by_field() if error else {}, "posted": request.POST}
    return render(request, "web/unit_manage.html", context, status=400 if error else 200)


def _by(request: AuthenticatedHttpRequest) -> Author:
    return Author(request.user, "web")


def _text(request: AuthenticatedHttpRequest, name: str) -> str:
    return request.POST.get(name, "").strip()


def _done(request: AuthenticatedHttpRequest, unit: Unit, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("unit-manage", unit.pk)


@login_required
def manage(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit, access = _unit(request, unit_id, _manages, MAY_MANAGE)
    return _page(request, unit, access)


@login_required
@require_POST
def rename(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit, access = _unit(request, unit_id, _manages, MAY_MANAGE)
    fields = {name: _text(request, name) for name in ("name", "slug", "kind")}
    try:
        unit = units.rename_unit(unit, by=_by(request), **fields)
    except InvalidInput as error:
        return _page(request, unit, access, "rename", error)
    return _done(request, unit, f"Saved {unit.name}.")


@login_required
@require_POST
def add_below(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit, access = queries.unit_for(request.user, unit_id)
    if not access.can_add_unit_below(unit):
        raise PermissionDenied(MAY_MANAGE)
    organisation = Organisation.objects.get(pk=unit.organisation_id)
    try:
        child = services.add_unit(
            organisation,
            _text(request, "name"),
            _text(request, "kind") or Unit.Kind.TEAM,
            unit,
            _text(request, "slug"),
            by=_by(request),
        )
    except InvalidInput as error:
        return _page(request, unit, access, "add", error)
    return _done(request, unit, f"Added {child.name} below {unit.name}.")


def _pk(value: str) -> int | None:
    """An id from a form field: ASCII digits in the range of a key, else None."""
    if value.isascii() and value.isdigit() and 0 < int(value) < 2**31:
        return int(value)
    return None


def _chosen_unit(request: AuthenticatedHttpRequest, unit: Unit, field: str) -> Unit:
    pk = _pk(request.POST.get(field, ""))
    found = units.current_units(unit.organisation_id).filter(pk=pk).first() if pk else None
    if found is None:
        raise InvalidInput([FieldError(field, "choose a unit of this organisation")])
    return found


@login_required
@require_POST
def move(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit, access = _unit(request, unit_id, _restructures, ADMINS_ONLY)
    try:
        parent = _chosen_unit(request, unit, "parent")
        unit = units.move_unit(unit, parent, by=_by(request))
    except InvalidInput as error:
        return _page(request, unit, access, "move", error)
    return _done(request, unit, f"Moved {unit.name} under {parent.name}.")


@login_required
def archive(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """GET: what archiving takes out of the tree, to confirm; POST: archive."""
    unit, access = _unit(request, unit_id, _restructures, ADMINS_ONLY)
    context: dict[str, Any] = archive_context(unit, access)
    if request.method == "POST":
        try:
            archived = units.archive_unit(unit, by=_by(request))
        except InvalidInput as error:
            context["errors"] = [problem.message for problem in error.errors]
            return render(request, "web/unit_archive.html", context, status=400)
        count = len(archived)
        messages.success(request, f"Archived {unit.name} ({count} unit{'s' if count > 1 else ''}).")
        return redirect("unit", unit.pk)
    return render(request, "web/unit_archive.html", context)


@login_required
@require_POST
def restore(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit, access = _unit(request, unit_id, _restructures, ADMINS_ONLY)
    try:
        restored = units.restore_unit(unit, by=_by(request))
    except InvalidInput as error:
        return _page(request, unit, access, "restore", error)
    count = len(restored)
    return _done(request, unit, f"Restored {unit.name} ({count} unit{'s' if count > 1 else ''}).")


def _person(unit: Unit, value: str) -> User:
    fence = unit.organisation_id
    pk = _pk(value)
    found = User.objects.filter(pk=pk, org_members__organisation_id=fence).first() if pk else None
    if found is None:
        raise InvalidInput([FieldError("person", "choose a person of this organisation")])
    return found


def _drops_lead(unit: Unit, person_id: int, role: str | None) -> bool:
    """The change takes the person's lead role of the unit (a new role, or removal: None)."""
    leads = unit.memberships.filter(user_id=person_id, role=Membership.Role.LEAD).exists()
    return leads and role != Membership.Role.LEAD


@login_required
@require_POST
def add_member(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit, access = _unit(request, unit_id, _manages, MAY_MANAGE)
    role = _text(request, "role")
    try:
        person = _person(unit, request.POST.get("person", ""))
        if not access.can_change_membership(
            unit, person.pk, drops_lead=_drops_lead(unit, person.pk, role)
        ):
            raise PermissionDenied("A lead keeps their own lead role; an admin may change it.")
        units.set_membership(unit, person, role, by=_by(request))
    except InvalidInput as error:
        return _page(request, unit, access, "add-member", error)
    return _done(
        request, unit, f"{person.get_full_name() or person.username} is {role} of {unit.name}."
    )


@login_required
@require_POST
def change_member(request: AuthenticatedHttpRequest, unit_id: int, person_id: int) -> HttpResponse:
    """Change a person's role in the unit (`role`) or remove them (`action=remove`)."""
    unit, access = _unit(request, unit_id, _manages, MAY_MANAGE)
    removes = request.POST.get("action") == "remove"
    role = None if removes else _text(request, "role")
    try:
        person = _person(unit, str(person_id))
        if not access.can_change_membership(
            unit, person.pk, drops_lead=_drops_lead(unit, person.pk, role)
        ):
            raise PermissionDenied("A lead keeps their own lead role; an admin may change it.")
        if role is None:
            units.remove_membership(unit, person, by=_by(request))
        else:
            units.set_membership(unit, person, role, by=_by(request))
    except InvalidInput as error:
        return _page(request, unit, access, "member", error)
    name = person.get_full_name() or person.username
    return _done(
        request,
        unit,
        f"Removed {name} from {unit.name}." if removes else f"{name} is {role} of {unit.name}.",
    )


urlpatterns = [
    path("units/<int:unit_id>/manage/", manage, name="unit-manage"),
    path("units/<int:unit_id>/manage/rename/", rename, name="unit-rename"),
    path("units/<int:unit_id>/manage/new/", add_below, name="unit-add-below"),
    path("units/<int:unit_id>/manage/move/", move, name="unit-move"),
    path("units/<int:unit_id>/manage/archive/", archive, name="unit-archive"),
    path("units/<int:unit_id>/manage/restore/", restore, name="unit-restore"),
    path("units/<int:unit_id>/manage/members/", add_member, name="unit-member-add"),
    path(
        "units/<int:unit_id>/manage/members/<int:person_id>/",
        change_member,
        name="unit-member-change",
    ),
]
