"""People of the caller's organisation: everyone reads them; admins change their access."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router

from okrs.api.auth import Caller, caller
from okrs.api.errors import ERROR_RESPONSES, not_found, require
from okrs.api.schemas.admin import PersonPatch
from okrs.api.schemas.common import Page, PathId, page
from okrs.api.schemas.orgs import PeopleQuery, PersonOut
from okrs.goals import queries
from okrs.orgs import people as admin
from okrs.orgs.models import Member, Membership

router = Router(tags=["people"])


def members(who: Caller) -> QuerySet[Member]:
    return (
        Member.objects.filter(organisation_id=who.access.actor.organisation_id)
        .select_related("user")
        .order_by("user__username", "pk")
    )


def people_out(who: Caller, found: list[Member]) -> list[dict]:
    """People with the units they belong to, as far as the caller may see those units."""
    readable = [unit.pk for unit in queries.units(who.access)]
    rows = Membership.objects.filter(user_id__in=[m.user_id for m in found], unit_id__in=readable)
    units: dict[int, list[dict]] = {}
    for row in rows.order_by("pk"):
        units.setdefault(row.user_id, []).append({"unit_id": row.unit_id, "role": row.role})
    return [
        {
            "id": member.user.pk,
            "username": member.user.username,
            "full_name": member.user.get_full_name(),
            "role": member.role,
            "active": member.deactivated_at is None,
            "units": units.get(member.user_id, []),
        }
        for member in found
    ]


@router.get(
    "/people", response={200: Page[PersonOut], **ERROR_RESPONSES}, operation_id="list_people"
)
def list_people(request: HttpRequest, query: Query[PeopleQuery]) -> dict:
    who = caller(request)
    found = members(who)
    if query.unit is not None:
        found = found.filter(user__memberships__unit_id=query.unit)
    if query.role is not None:
        found = found.filter(role=query.role)
    if query.q:
        found = found.filter(
            Q(user__username__icontains=query.q)
            | Q(user__first_name__icontains=query.q)
            | Q(user__last_name__icontains=query.q)
        )
    shown = page(list(found.distinct()), query)
    shown["items"] = people_out(who, shown["items"])
    return shown


@router.get(
    "/people/{person_id}", response={200: PersonOut, **ERROR_RESPONSES}, operation_id="get_person"
)
def get_person(request: HttpRequest, person_id: PathId) -> dict:
    who = caller(request)
    member = members(who).filter(user_id=person_id).first()
    if member is None:
        raise not_found("person")
    return people_out(who, [member])[0]


@router.patch(
    "/people/{person_id}",
    response={200: PersonOut, **ERROR_RESPONSES},
    operation_id="update_person",
)
def update_person(request: HttpRequest, person_id: PathId, payload: PersonPatch) -> dict:
    """Admins only: the organisation role, or deactivate (they keep their history)."""
    who = caller(request)
    member = members(who).filter(user_id=person_id).first()
    if member is None:
        raise not_found("person")
    require(who.access.can_administer, "Only admins change people's access.")
    with transaction.atomic():
        if payload.role is not None:
            member = admin.set_role(member, payload.role, by=who.author)
        if payload.active is False:
            member = admin.deactivate(member, by=who.author)
        elif payload.active is True:
            member = admin.reactivate(member, by=who.author)
    return people_out(who, [member])[0]
