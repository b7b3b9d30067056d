"""Importing people from a file (okrs.core.people_file): units, people, their access to the
organisation and their roles in units, as one change.

All or nothing: one transaction, and any problem (the parser's or one found against the
stored data) stores nothing. Idempotent: a second run of the same file finds every unit,
person and role in place and changes nothing. Additive: a membership the file does not
name is kept, so a file of one department never empties the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils.text import slugify

from okrs.audit.services import SYSTEM, Author, record, snapshot
from okrs.core.errors import FieldError, InvalidInput
from okrs.core.people_file import PersonRow, capped
from okrs.goals.rollup import lock_organisation
from okrs.orgs.accounts import set_name, username_for
from okrs.orgs.models import Member, Membership, Organisation, Unit
from okrs.orgs.services import SLUG_MAX_LENGTH, add_unit


@dataclass
class ImportResult:
    """What an import changed (or, in a dry run, would change). `unchanged` counts the
    lines that changed nothing; `joined_people` existing people new to the organisation."""

    created_units: int = 0
    created_people: int = 0
    joined_people: int = 0
    added_memberships: int = 0
    changed_roles: int = 0
    unchanged: int = 0


def import_people(
    organisation: Organisation,
    rows: Iterable[PersonRow],
    *,
    by: Author = SYSTEM,
    dry_run: bool = False,
    on_row: Callable[[PersonRow], None] | None = None,
) -> ImportResult:
    """Store the rows, or raise InvalidInput naming the lines and store nothing. A dry run
    does all of it and rolls back, so it reports exactly what the import would change."""
    rows = list(rows)
    with transaction.atomic():
        lock_organisation(organisation.pk)
        importer = _Importer(organisation, rows, by)
        for row in rows:
            importer.row(row)
            if on_row is not None:
                on_row(row)
        if importer.errors:
            raise InvalidInput(capped(importer.errors))
        if dry_run:
            transaction.set_rollback(True)
    return importer.result


class _Importer:
    """The stored units, people and roles, loaded once, and the writes of one import."""

    def __init__(self, organisation: Organisation, rows: list[PersonRow], by: Author) -> None:
        self.organisation = organisation
        self.by = by
        self.result = ImportResult()
        self.errors: list[FieldError] = []
        units = list(Unit.objects.filter(organisation=organisation).order_by("pk"))
        self.slugs = {unit.slug for unit in units}
        self.units = {(unit.parent_id, unit.name.casefold()): unit for unit in reversed(units)}
        # A unit some path goes through is a department; the end of every path, a team.
        self.inner = {row.unit_key[:depth] for row in rows for depth in range(1, len(row.unit_key))}
        self.root = next((unit for unit in units if unit.parent_id is None), None)
        self.users = _users_by_email({row.email for row in rows})
        self.members = {m.user_id: m for m in Member.objects.filter(organisation=organisation)}
        self.memberships = {
            (m.unit_id, m.user_id): m
            for m in Membership.objects.filter(unit__organisation=organisation)
        }
        self.created: set[int] = set()  # people this import created
        self.changed = False

    def row(self, row: PersonRow) -> None:
        self.changed = False
        try:
            unit = self._unit(row)
            user = self._user(row)
            self._member(row, user)
            self._membership(row, unit, user)
        except InvalidInput as error:
            # Raised with the column as the field; the line is this row's.
            where = f"line {row.line}"
            self.errors += [FieldError(f"{where}, {e.field}", e.message) for e in error.errors]
        self.result.unchanged += not self.changed

    # Units -------------------------------------------------------------------------------

    def _unit(self, row: PersonRow) -> Unit:
        if self.root is None:
            # An organisation without a tree yet: the company unit is the root of the paths.
            self.root = self._add_unit(self.organisation.name, Unit.Kind.COMPANY, None)
        unit = self.root
        for depth, name in enumerate(row.unit_path, 1):
            child = self.units.get((unit.pk, name.casefold()))
            if child is None:
                inner = row.unit_key[:depth] in self.inner
                kind = Unit.Kind.DEPARTMENT if inner else Unit.Kind.TEAM
                child = self._add_unit(name, kind, unit)
            unit = child
        return unit

    def _add_unit(self, name: str, kind: str, parent: Unit | None) -> Unit:
        slug = _free_slug(name, parent, self.slugs)
        try:
            unit = add_unit(self.organisation, name, kind, parent, slug, by=self.by)
        except InvalidInput as error:
            refused = [FieldError("column unit", f"{name!r}: {e}") for e in error.errors]
            raise InvalidInput(refused) from None
        self.slugs.add(slug)
        self.units[(unit.parent_id, unit.name.casefold())] = unit
        self.result.created_units += 1
        self.changed = True
        return unit

    # People ------------------------------------------------------------------------------

    def _user(self, row: PersonRow) -> User:
        found = self.users.get(row.email.casefold(), [])
        if len(found) > 1:
            message = f"{len(found)} people have the address {row.email}; one must change it"
            raise InvalidInput([FieldError("column email", message)])
        if found:
            return found[0]
        user = _create_user(row)
        self._audit("create", user, None, ["username", "email", "first_name", "last_name"])
        self.users[row.email.casefold()] = [user]
        self.created.add(user.pk)
        self.result.created_people += 1
        self.changed = True
        return user

    def _member(self, row: PersonRow, user: User) -> None:
        member = self.members.get(user.pk)
        if member is None:
            member = Member.objects.create(
                organisation=self.organisation, user=user, role=row.access or Member.Role.MEMBER
            )
            self.members[user.pk] = member
            self._audit("create", member, None, ["user", "role"])
            self.result.joined_people += user.pk not in self.created
            self.changed = True
        elif row.access is not None and row.access != member.role:
            if user == self.by.user and member.is_admin:
                message = "would take your own admin rights; leave your access empty"
                raise InvalidInput([FieldError("column access", message)])
            self._change_role(member, row.access)

    def _membership(self, row: PersonRow, unit: Unit, user: User) -> None:
        membership = self.memberships.get((unit.pk, user.pk))
        if membership is None:
            membership = Membership.objects.create(unit=unit, user=user, role=row.role)
            self.memberships[(unit.pk, user.pk)] = membership
            self._audit("create", membership, None, ["unit", "user", "role"])
            self.result.added_memberships += 1
            self.changed = True
        elif membership.role != row.role:
            self._change_role(membership, row.role)

    def _change_role(self, instance: Member | Membership, role: str) -> None:
        before = snapshot(instance, ["role"])
        instance.role = role
        instance.save(update_fields=["role"])
        self._audit("update", instance, before, ["role"])
        self.result.changed_roles += 1
        self.changed = True

    def _audit(
        self,
        action: str,
        instance: models.Model,
        before: dict[str, object] | None,
        fields: list[str],
    ) -> None:
        record(
            organisation_id=self.organisation.pk,
            actor=self.by.user,
            via=self.by.via,
            action=action,
            instance=instance,
            before=before,
            after=snapshot(instance, fields),
        )


def _users_by_email(emails: set[str]) -> dict[str, list[User]]:
    """Stored people by address, case folded: addresses are not unique in Django, so two
    people may share one (the import then asks for one to change it)."""
    wanted = {email.lower() for email in emails}
    found: dict[str, list[User]] = {}
    candidates = User.objects.annotate(email_key=Lower("email")).filter(email_key__in=wanted)
    for user in candidates.order_by("pk"):
        found.setdefault(user.email.casefold(), []).append(user)
    return found


def _create_user(row: PersonRow) -> User:
    # No password: the person sets one from their invitation.
    user = User(username=username_for(row.email), email=row.email)
    set_name(user, row.name)
    user.set_unusable_password()
    user.save()
    return user


def _free_slug(name: str, parent: Unit | None, taken: set[str]) -> str:
    """The unit's slug, or its parent's and its own ("web-app" under "mobile":
    "mobile-web-app") when another unit has it, then numbered."""
    base = slugify(name)[:SLUG_MAX_LENGTH].strip("-") or "unit"
    if base not in taken:
        return base
    if parent is not None:
        joined = f"{parent.slug}-{base}"[:SLUG_MAX_LENGTH].strip("-")
        if joined not in taken:
            return joined
    number = 2
    while (slug := f"{base[: SLUG_MAX_LENGTH - 6]}-{number}") in taken:
        number += 1
    return slug
