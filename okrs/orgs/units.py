"""Changing the organisation tree and who belongs where: rename, move, archive and restore
units; add, change and remove memberships (issue 11).

Each function is one change: one transaction, the organisation's write lock taken first,
one audit row per stored row it changes naming who and through which door (`by: Author`).
Problems are `InvalidInput` naming the field. Who may call them is the shells' question,
answered by `okrs.core.permissions` through `Access`.

Archiving takes a unit and its subtree out of the tree of current units (home, pickers, new
objectives, new members); their objectives, check-ins and history stay readable at their
URLs. Restoring brings back what was archived with the unit, at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from okrs.audit.services import SYSTEM, Author, record, snapshot
from okrs.core.errors import FieldError, InvalidInput
from okrs.goals.models import Objective, Period, open_objectives
from okrs.goals.rollup import lock_organisation, recompute
from okrs.orgs.models import Member, Membership, Organisation, Unit
from okrs.orgs.services import unit_field_errors

UNIT_FIELDS = ["name", "slug", "kind", "parent", "archived_at"]
MEMBERSHIP_FIELDS = ["unit", "user", "role"]


def _audit(by: Author, action: str, instance: Any, before: Any, after: Any, org: int) -> None:
    record(
        organisation_id=org,
        actor=by.user,
        via=by.via,
        action=action,
        instance=instance,
        before=before,
        after=after,
    )


def subtree(unit: Unit) -> list[Unit]:
    """The unit and every unit below it, the unit first: one query for the organisation."""
    rows = list(Unit.objects.filter(organisation_id=unit.organisation_id))
    children: dict[int | None, list[Unit]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    found, frontier = [], [unit]
    while frontier:
        current = frontier.pop(0)
        found.append(current)
        frontier.extend(children.get(current.pk, []))
    return found


def current_units(organisation_id: int) -> QuerySet[Unit]:
    """The tree of current units: every unit not archived."""
    return Unit.objects.filter(organisation_id=organisation_id, archived_at=None)


def _locked(unit: Unit) -> Unit:
    """The unit as stored now, under the organisation's write lock."""
    lock_organisation(unit.organisation_id)
    return Unit.objects.select_related("parent").get(pk=unit.pk)


def rename_unit(
    unit: Unit,
    *,
    name: str | None = None,
    slug: str | None = None,
    kind: str | None = None,
    by: Author = SYSTEM,
) -> Unit:
    """Change a unit's name, slug or kind (None keeps it)."""
    with transaction.atomic():
        stored = _locked(unit)
        before = snapshot(stored, UNIT_FIELDS)
        name = stored.name if name is None else name
        slug = stored.slug if slug is None else slug
        kind = stored.kind if kind is None else kind
        organisation = Organisation(pk=stored.organisation_id)
        errors = unit_field_errors(organisation, name, kind, slug, unit=stored)
        if errors:
            raise InvalidInput(errors)
        stored.name, stored.slug, stored.kind = name.strip(), slug, kind
        stored.save(update_fields=["name", "slug", "kind", "depth"])
        _audit(by, "update", stored, before, snapshot(stored, UNIT_FIELDS), stored.organisation_id)
    return stored


def update_unit(
    unit: Unit,
    *,
    name: str | None = None,
    slug: str | None = None,
    kind: str | None = None,
    parent: Unit | None = None,
    by: Author = SYSTEM,
) -> Unit:
    """Rename and move as one change (None keeps what is stored)."""
    with transaction.atomic():
        if name is not None or slug is not None or kind is not None:
            unit = rename_unit(unit, name=name, slug=slug, kind=kind, by=by)
        if parent is not None:
            unit = move_unit(unit, parent, by=by)
    return unit


def move_unit(unit: Unit, parent: Unit | None, *, by: Author = SYSTEM) -> Unit:
    """Put a unit under another parent of its organisation; the depths of its subtree follow
    and the roll-ups are rebuilt. The root stays the root; nothing moves under itself."""
    with transaction.atomic():
        stored = _locked(unit)
        below = subtree(stored)
        if parent is None:
            raise InvalidInput([FieldError("parent", "choose the unit to move it under")])
        if stored.parent_id is None:
            raise InvalidInput([FieldError("parent", "the organisation's root stays the root")])
        if parent.organisation_id != stored.organisation_id:
            raise InvalidInput([FieldError("parent", "belongs to another organisation")])
        if parent.pk in {row.pk for row in below}:
            where = "itself" if parent.pk == stored.pk else f"{parent.name}, which is below it"
            raise InvalidInput([FieldError("parent", f"cannot move {stored.name} under {where}")])
        if parent.archived_at is not None and stored.archived_at is None:
            raise InvalidInput([FieldError("parent", f"{parent.name} is archived")])
        if parent.pk == stored.parent_id:
            return stored
        before = snapshot(stored, UNIT_FIELDS)
        stored.parent = parent
        stored.save(update_fields=["parent", "depth"])
        _recompute_depths(stored, below)
        _audit(by, "update", stored, before, snapshot(stored, UNIT_FIELDS), stored.organisation_id)
        recompute(Organisation.objects.get(pk=stored.organisation_id))
    return stored


def _recompute_depths(top: Unit, below: list[Unit]) -> None:
    depth = {top.pk: top.depth}
    for row in below[1:]:  # parents come before their children
        depth[row.pk] = depth[row.parent_id or 0] + 1
        if row.depth != depth[row.pk]:
            Unit.objects.filter(pk=row.pk).update(depth=depth[row.pk])


def open_objectives_of(unit: Unit) -> QuerySet[Objective]:
    """The open objectives of the unit and its subtree in active periods: what archiving
    takes out of the tree (they stay readable at their URLs)."""
    units = [row.pk for row in subtree(unit)]
    return (
        Objective.objects.filter(owner_unit_id__in=units, period__state=Period.State.ACTIVE)
        .filter(open_objectives())
        .select_related("owner_unit", "period")
        .order_by("owner_unit__depth", "owner_unit__name", "title")
    )


def archive_unit(unit: Unit, *, by: Author = SYSTEM, now: datetime | None = None) -> list[Unit]:
    """Archive a unit and the units below it not archived yet; answers them."""
    now = now or timezone.now()
    with transaction.atomic():
        stored = _locked(unit)
        if stored.parent_id is None:
            raise InvalidInput([FieldError("unit", "the organisation's root cannot be archived")])
        if stored.archived_at is not None:
            raise InvalidInput([FieldError("unit", f"{stored.name} is archived already")])
        archived = [row for row in subtree(stored) if row.archived_at is None]
        for row in archived:
            before = snapshot(row, UNIT_FIELDS)
            row.archived_at = now
            row.save(update_fields=["archived_at"])
            _audit(by, "update", row, before, snapshot(row, UNIT_FIELDS), row.organisation_id)
    return archived


def restore_unit(unit: Unit, *, by: Author = SYSTEM) -> list[Unit]:
    """Bring back a unit and the units archived with it (at the same moment); answers them.
    Under an archived parent it stays archived: restore the parent first."""
    with transaction.atomic():
        stored = _locked(unit)
        if stored.archived_at is None:
            raise InvalidInput([FieldError("unit", f"{stored.name} is not archived")])
        if stored.parent is not None and stored.parent.archived_at is not None:
            message = f"{stored.parent.name} is archived; restore it first"
            raise InvalidInput([FieldError("parent", message)])
        restored = [row for row in subtree(stored) if row.archived_at == stored.archived_at]
        for row in restored:
            before = snapshot(row, UNIT_FIELDS)
            row.archived_at = None
            row.save(update_fields=["archived_at"])
            _audit(by, "update", row, before, snapshot(row, UNIT_FIELDS), row.organisation_id)
    return restored


# -- memberships ----------------------------------------------------------------------------


def set_membership(unit: Unit, user: User, role: str, *, by: Author = SYSTEM) -> Membership:
    """Put a person of the organisation in a unit with a role, or change their role there."""
    if role not in Membership.Role.values:
        choices = " or ".join(Membership.Role.values)
        raise InvalidInput([FieldError("role", f"must be {choices}")])
    with transaction.atomic():
        stored = _locked(unit)
        member = Member.objects.filter(organisation_id=stored.organisation_id, user=user).first()
        if member is None or member.deactivated_at is not None:
            raise InvalidInput([FieldError("person", "is not a member of this organisation")])
        found = Membership.objects.filter(unit=stored, user=user).first()
        if found is None:
            if stored.archived_at is not None:
                message = f"{stored.name} is archived and takes no new members"
                raise InvalidInput([FieldError("unit", message)])
            found = Membership.objects.create(unit=stored, user=user, role=role)
            after = snapshot(found, MEMBERSHIP_FIELDS)
            _audit(by, "create", found, None, after, stored.organisation_id)
        elif found.role != role:
            before = snapshot(found, MEMBERSHIP_FIELDS)
            found.role = role
            found.save(update_fields=["role"])
            after = snapshot(found, MEMBERSHIP_FIELDS)
            _audit(by, "update", found, before, after, stored.organisation_id)
    return found


def remove_membership(unit: Unit, user: User, *, by: Author = SYSTEM) -> None:
    """Take a person out of a unit; their objectives and check-ins stay."""
    with transaction.atomic():
        stored = _locked(unit)
        found = Membership.objects.filter(unit=stored, user=user).first()
        if found is None:
            raise InvalidInput([FieldError("person", f"is not in {stored.name}")])
        before = snapshot(found, MEMBERSHIP_FIELDS)
        pk = found.pk
        found.delete()
        found.pk = pk  # the audit row names what was removed
        _audit(by, "delete", found, before, None, stored.organisation_id)
