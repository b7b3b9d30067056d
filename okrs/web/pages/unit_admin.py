"""What a unit's management page shows: its forms, its people, the choices of parent and
person, and what archiving it takes out of the tree; a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from okrs.goals.access import Access
from okrs.goals.models import Objective
from okrs.orgs.models import Member, Membership, Unit
from okrs.orgs.units import current_units, open_objectives_of, subtree


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    # May the person looking change this row's role or remove it (a lead keeps their own)?
    can_change: bool


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def member_rows(unit: Unit, access: Access) -> list[MemberRow]:
    rows = unit.memberships.select_related("user").order_by("role", "user__first_name")
    found = []
    for membership in rows:
        leads = membership.role == Membership.Role.LEAD
        allowed = access.can_change_membership(unit, membership.user_id, drops_lead=leads)
        found.append(MemberRow(membership, can_change=allowed))
    return found


def candidates(unit: Unit) -> list[tuple[int, str]]:
    """People of the organisation, still active, not in the unit yet: (id, name)."""
    inside = unit.memberships.values_list("user_id", flat=True)
    members = (
        Member.objects.filter(organisation_id=unit.organisation_id, deactivated_at=None)
        .exclude(user_id__in=inside)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    return [
        (member.user_id, f"{_name(member.user)} ({member.user.get_username()})")
        for member in members
    ]


def parent_choices(unit: Unit) -> list[tuple[int, str]]:
    """Current units a unit may move under: not itself, nothing below it."""
    below = {row.pk for row in subtree(unit)}
    units = current_units(unit.organisation_id).order_by("depth", "name")
    return [(row.pk, f"{'· ' * row.depth}{row.name}") for row in units if row.pk not in below]


def manage_context(unit: Unit, access: Access) -> dict[str, Any]:
    restructure = access.can_restructure_units
    archived = unit.archived_at is not None
    children = list(unit.children.order_by("name"))
    return {
        "unit": unit,
        "ancestors": list(unit.ancestors())[::-1],
        "kinds": Unit.Kind.values,
        "is_root": unit.parent_id is None,
        "can_restructure": restructure,
        "can_add_below": not archived and access.can_add_unit_below(unit),
        "parents": parent_choices(unit) if restructure and unit.parent_id else [],
        "members": member_rows(unit, access),
        "candidates": candidates(unit) if not archived else [],
        "roles": Membership.Role.values,
        "archived_children": [child for child in children if child.archived_at is not None],
    }


def archive_context(unit: Unit, access: Access) -> dict[str, Any]:
    """The subtree that leaves the tree and the open objectives of active periods in it."""
    objectives: list[Objective] = access.readable(open_objectives_of(unit))
    return {
        "unit": unit,
        "ancestors": list(unit.ancestors())[::-1],
        "units": [row for row in subtree(unit) if row.archived_at is None],
        "objectives": objectives,
    }
