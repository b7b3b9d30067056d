"""People of an organisation: their access role, and deactivation that keeps history.

An organisation always keeps one active admin, so nobody can lock everyone out of its
administration by demoting or deactivating the last one.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from okrs.audit.services import Author, record, snapshot
from okrs.core import validation
from okrs.core.errors import FieldError, InvalidInput
from okrs.orgs.models import Member

FIELDS = ["role", "deactivated_at"]


def set_role(member: Member, role: str, *, by: Author) -> Member:
    errors = validation.choice_errors(role, Member.Role.values, "role")
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.role == Member.Role.ADMIN and role != Member.Role.ADMIN:
            _keep_an_admin(member, "role")
        before = snapshot(member, FIELDS)
        member.role = role
        member.save(update_fields=["role"])
        _audit(member, by, before)
    return member


def deactivate(member: Member, *, by: Author) -> Member:
    """They keep their objectives, check-ins and audit trail, and lose access."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.deactivated_at is not None:
            return member
        if member.role == Member.Role.ADMIN:
            _keep_an_admin(member, "person")
        before = snapshot(member, FIELDS)
        member.deactivated_at = timezone.now()
        member.save(update_fields=["deactivated_at"])
        _audit(member, by, before)
    return member


def reactivate(member: Member, *, by: Author) -> Member:
    with transaction.atomic():
        before = snapshot(member, FIELDS)
        member.deactivated_at = None
        member.save(update_fields=["deactivated_at"])
        _audit(member, by, before)
    return member


def _keep_an_admin(member: Member, field: str) -> None:
    others = Member.objects.filter(
        organisation_id=member.organisation_id, role=Member.Role.ADMIN, deactivated_at=None
    ).exclude(pk=member.pk)
    if not others.exists():
        message = "is the organisation's last admin: make someone else admin first"
        raise InvalidInput([FieldError(field, message)])


def _audit(member: Member, by: Author, before: dict[str, object]) -> None:
    record(
        organisation_id=member.organisation_id,
        actor=by.user,
        via=by.via,
        action="update",
        instance=member,
        before=before,
        after=snapshot(member, FIELDS),
    )
