"""Units of the organisation tree, each with its stored roll-up for a period."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.text import slugify
from ninja import Query, Router, Status

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, require
from okrs.api.schemas.common import Page, PageQuery, PathId, page
from okrs.api.schemas.orgs import (
    SLUG_MAX_LENGTH,
    RollupQuery,
    UnitIn,
    UnitMemberIn,
    UnitMemberOut,
    UnitOut,
    UnitPatch,
    UnitQuery,
)
from okrs.core.errors import FieldError, InvalidInput
from okrs.goals import queries
from okrs.goals.models import Period, UnitRollup
from okrs.orgs import services, units
from okrs.orgs.models import Membership, Organisation, Unit

router = Router(tags=["units"])


def _out(unit: Unit, period: Period | None, rollups: dict[int, UnitRollup]) -> dict:
    out = {field: getattr(unit, field) for field in ("id", "name", "slug", "kind", "depth")}
    out["parent_id"] = unit.parent_id
    out["archived"] = unit.archived_at is not None
    if period is not None:
        row = rollups.get(unit.pk) or UnitRollup(unit=unit, period=period)
        out["rollup"] = row
    return out


def _rollups(period: Period | None, units: list[Unit]) -> dict[int, UnitRollup]:
    if period is None:
        return {}
    rows = UnitRollup.objects.filter(period=period, unit__in=[unit.pk for unit in units])
    return {row.unit_id: row for row in rows}


def _slug(payload: UnitIn) -> str:
    """The slug given, or one made from the name that fits the column."""
    slug = payload.slug or slugify(payload.name)[:SLUG_MAX_LENGTH].strip("-")
    if not slug:
        raise InvalidInput([FieldError("slug", "cannot be made from this name; give one")])
    return slug


@router.get("/units", response={200: Page[UnitOut], **ERROR_RESPONSES}, operation_id="list_units")
def list_units(request: HttpRequest, query: Query[UnitQuery]) -> dict:
    """Every unit the caller can see, roots first; with `period`, each one's roll-up."""
    who = caller(request)
    period = queries.period(who.access, query.period, "period") if query.period else None
    found = [
        unit
        for unit in queries.units(who.access)
        if (query.include_archived or unit.archived_at is None)
        and (query.parent is None or unit.parent_id == query.parent)
        and (query.kind is None or unit.kind == query.kind)
    ]
    shown = page(found, query)
    rollups = _rollups(period, shown["items"])
    shown["items"] = [_out(unit, period, rollups) for unit in shown["items"]]
    return shown


@router.get("/units/{unit_id}", response={200: UnitOut, **ERROR_RESPONSES}, operation_id="get_unit")
def get_unit(request: HttpRequest, unit_id: PathId, query: Query[RollupQuery]) -> dict:
    who = caller(request)
    unit = queries.unit(who.access, unit_id)
    chosen = queries.period(who.access, query.period, "period") if query.period else None
    return _out(unit, chosen, _rollups(chosen, [unit]))


@router.post("/units", response={201: UnitOut, **ERROR_RESPONSES}, operation_id="create_unit")
def create_unit(request: HttpRequest, payload: UnitIn) -> Status:
    """Admins anywhere; leads below a unit they lead (a unit without a parent: admins)."""
    who = caller(request)
    # What the request names first: a parent the caller may not read is 404, as everywhere.
    parent = queries.unit(who.access, payload.parent, "parent") if payload.parent else None
    require(who.access.can_add_unit_below(parent), "Only admins and the leads above add units.")
    organisation = Organisation.objects.get(pk=who.access.actor.organisation_id)
    unit = services.add_unit(
        organisation, payload.name, payload.kind, parent, _slug(payload), by=who.author
    )
    return Status(201, _out(unit, None, {}))


@router.patch(
    "/units/{unit_id}", response={200: UnitOut, **ERROR_RESPONSES}, operation_id="update_unit"
)
def update_unit(request: HttpRequest, unit_id: PathId, payload: UnitPatch) -> dict:
    """Rename (name, slug, kind): admins, and leads within their subtree. Move (parent):
    admins only; never under the unit itself or below it, and the root stays the root."""
    who = caller(request)
    unit = queries.unit(who.access, unit_id)
    changes = payload.model_dump(exclude_unset=True)
    parent = (
        queries.unit(who.access, changes.pop("parent"), "parent") if "parent" in changes else None
    )
    require(who.access.can_manage_unit(unit), "Only admins and the unit's leads change it.")
    if parent is not None:
        require(who.access.can_restructure_units, "Only admins move units.")
    return _out(units.update_unit(unit, parent=parent, by=who.author, **changes), None, {})


@router.post(
    "/units/{unit_id}/archive",
    response={200: UnitOut, **ERROR_RESPONSES},
    operation_id="archive_unit",
)
def archive_unit(request: HttpRequest, unit_id: PathId) -> dict:
    """Admins only: the unit and its subtree leave the tree of current units; their
    objectives and history stay readable. The root is never archived."""
    who = caller(request)
    unit = queries.unit(who.access, unit_id)
    require(who.access.can_restructure_units, "Only admins archive units.")
    units.archive_unit(unit, by=who.author)
    unit.refresh_from_db()
    return _out(unit, None, {})


@router.post(
    "/units/{unit_id}/restore",
    response={200: UnitOut, **ERROR_RESPONSES},
    operation_id="restore_unit",
)
def restore_unit(request: HttpRequest, unit_id: PathId) -> dict:
    """Admins only: the unit comes back with the units archived with it."""
    who = caller(request)
    unit = queries.unit(who.access, unit_id)
    require(who.access.can_restructure_units, "Only admins restore units.")
    units.restore_unit(unit, by=who.author)
    unit.refresh_from_db()
    return _out(unit, None, {})


def _member_out(membership: Membership) -> dict:
    user = membership.user
    return {
        "person_id": user.pk,
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "role": membership.role,
    }


@router.get(
    "/units/{unit_id}/members",
    response={200: Page[UnitMemberOut], **ERROR_RESPONSES},
    operation_id="list_unit_members",
)
def list_unit_members(request: HttpRequest, unit_id: PathId, query: Query[PageQuery]) -> dict:
    """The people directly in the unit, leads first."""
    who = caller(request)
    unit = queries.unit(who.access, unit_id)
    rows = unit.memberships.select_related("user").order_by("role", "user__username")
    shown = page(rows, query)
    shown["items"] = [_member_out(row) for row in shown["items"]]
    return shown


@router.put(
    "/units/{unit_id}/members/{person_id}",
    response={200: UnitMemberOut, **ERROR_RESPONSES},
    operation_id="set_unit_member",
)
def set_unit_member(
    request: HttpRequest, unit_id: PathId, person_id: PathId, payload: UnitMemberIn
) -> dict:
    """Add a person of the organisation to the unit or change their role: admins, and leads
    within their subtree; a lead who is not an admin keeps their own lead role."""
    who = caller(request)
    unit = queries.unit(who.access, unit_id)
    person = queries.person(who.access, person_id)
    drops = _leads(unit, person.pk) and payload.role != Membership.Role.LEAD
    require(
        who.access.can_change_membership(unit, person.pk, drops_lead=drops),
        "Only admins and the unit's leads change who is in it; a lead keeps their own role.",
    )
    return _member_out(units.set_membership(unit, person, payload.role, by=who.author))


@router.delete(
    "/units/{unit_id}/members/{person_id}",
    response={204: None, **ERROR_RESPONSES},
    operation_id="remove_unit_member",
)
def remove_unit_member(request: HttpRequest, unit_id: PathId, person_id: PathId) -> Status:
    who = caller(request)
    unit = queries.unit(who.access, unit_id)
    person = queries.person(who.access, person_id)
    require(
        who.access.can_change_membership(unit, person.pk, drops_lead=_leads(unit, person.pk)),
        "Only admins and the unit's leads change who is in it; a lead keeps their own role.",
    )
    units.remove_membership(unit, person, by=who.author)
    return Status(204, None)


def _leads(unit: Unit, person_id: int) -> bool:
    return unit.memberships.filter(user_id=person_id, role=Membership.Role.LEAD).exists()
