"""Creating organisations, units and memberships, with the tree kept sound."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from okrs.audit.services import SYSTEM, Author, record, snapshot
from okrs.core.errors import FieldError, InvalidInput
from okrs.orgs.models import Member, Membership, Organisation, Unit


def create_organisation(name: str, slug: str = "") -> Organisation:
    if not name.strip():
        raise InvalidInput([FieldError("name", "is required")])
    slug = slug or slugify(name)
    if Organisation.objects.filter(slug=slug).exists():
        raise InvalidInput([FieldError("slug", f"{slug!r} is taken")])
    return Organisation.objects.create(name=name.strip(), slug=slug)


UNIT_NAME_MAX_LENGTH = 200
SLUG_MAX_LENGTH = 50


def unit_field_errors(
    organisation: Organisation, name: str, kind: str, slug: str, unit: Unit | None = None
) -> list[FieldError]:
    """What is wrong with a unit's name, kind and slug (`unit`: the one being renamed, whose
    own slug is not taken by itself)."""
    errors = [] if name.strip() else [FieldError("name", "is required")]
    if "\x00" in name:
        errors.append(FieldError("name", "contains a NUL character"))
    if len(name) > UNIT_NAME_MAX_LENGTH:
        errors.append(FieldError("name", f"keep it to {UNIT_NAME_MAX_LENGTH} characters"))
    if kind not in Unit.Kind.values:
        errors.append(FieldError("kind", f"must be one of {', '.join(Unit.Kind.values)}"))
    taken = Unit.objects.filter(organisation=organisation, slug=slug)
    if unit is not None:
        taken = taken.exclude(pk=unit.pk)
    if not slug or slugify(slug) != slug or len(slug) > SLUG_MAX_LENGTH:
        errors.append(FieldError("slug", f"use up to {SLUG_MAX_LENGTH} letters, digits and dashes"))
    elif taken.exists():
        errors.append(FieldError("slug", f"{slug!r} is taken in this organisation"))
    return errors


@transaction.atomic
def add_unit(
    organisation: Organisation,
    name: str,
    kind: str = Unit.Kind.TEAM,
    parent: Unit | None = None,
    slug: str = "",
    *,
    by: Author = SYSTEM,
) -> Unit:
    slug = slug or slugify(name)[:SLUG_MAX_LENGTH].strip("-") or "unit"
    errors = unit_field_errors(organisation, name, kind, slug)
    if parent is not None and parent.organisation_id != organisation.pk:
        errors.append(FieldError("parent", "belongs to another organisation"))
    elif parent is not None and parent.archived_at is not None:
        errors.append(FieldError("parent", f"{parent.name} is archived; restore it first"))
    if errors:
        raise InvalidInput(errors)
    unit = Unit.objects.create(
        organisation=organisation, name=name.strip(), kind=kind, parent=parent, slug=slug
    )
    after = snapshot(unit, ["name", "kind", "parent", "slug"])
    record(
        organisation_id=organisation.pk,
        actor=by.user,
        via=by.via,
        action="create",
        instance=unit,
        before=None,
        after=after,
    )
    return unit


@transaction.atomic
def add_person(
    organisation: Organisation,
    user: User,
    *,
    is_admin: bool = False,
    role: str | None = None,
    units: dict[Unit, str] | None = None,
) -> Member:
    """Make `user` a member of the organisation, in the given units with the given roles."""
    role = role or (Member.Role.ADMIN if is_admin else Member.Role.MEMBER)
    if role not in Member.Role.values:
        raise InvalidInput([FieldError("role", f"must be one of {', '.join(Member.Role.values)}")])
    member, _ = Member.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    for unit, unit_role in (units or {}).items():
        if unit.organisation_id != organisation.pk:
            raise InvalidInput([FieldError("unit", f"{unit} belongs to another organisation")])
        Membership.objects.update_or_create(unit=unit, user=user, defaults={"role": unit_role})
    return member
