"""Units of the organisation tree, each with its stored roll-up for a period."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.text import slugify
from ninja import Query, Router, Status

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, require
from okrs.api.schemas.common import Page, PathId, page
from okrs.api.schemas.orgs import SLUG_MAX_LENGTH, RollupQuery, UnitIn, UnitOut, UnitQuery
from okrs.core.errors import FieldError, InvalidInput
from okrs.goals import queries
from okrs.goals.models import Period, UnitRollup
from okrs.orgs import services
from okrs.orgs.models import Organisation, Unit

router = Router(tags=["units"])


def _out(unit: Unit, period: Period | None, rollups: dict[int, UnitRollup]) -> dict:
    out = {field: getattr(unit, field) for field in ("id", "name", "slug", "kind", "depth")}
    out["parent_id"] = unit.parent_id
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
        if (query.parent is None or unit.parent_id == query.parent)
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
    """Admins only."""
    who = caller(request)
    # What the request names first: a parent the caller may not read is 404, as everywhere.
    parent = queries.unit(who.access, payload.parent, "parent") if payload.parent else None
    require(who.access.can_administer, "Only admins add units.")
    organisation = Organisation.objects.get(pk=who.access.actor.organisation_id)
    unit = services.add_unit(
        organisation, payload.name, payload.kind, parent, _slug(payload), by=who.author
    )
    return Status(201, _out(unit, None, {}))
