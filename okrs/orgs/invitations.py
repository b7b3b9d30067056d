"""Invitations: an admin (or a lead, for their units) asks someone by email to join.

The link holds the invitation's id and a random nonce, signed with the server's key and
dated, so it cannot be forged or guessed, dies after OKRS_INVITATION_DAYS, and works once:
accepting ends the invitation, sending it again draws a new nonce (only the newest link
works). Only the nonce's digest is stored, so a copy of the database opens no invitation.
Every way a link can fail reads the same, so a link reveals nothing about other people.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from okrs.audit.services import Author, record, snapshot
from okrs.core import validation
from okrs.core.errors import FieldError, InvalidInput
from okrs.orgs import mail
from okrs.orgs.accounts import set_name, username_for
from okrs.orgs.models import Invitation, Member, Membership, Organisation, Unit
from okrs.orgs.services import add_person

SALT = "okrs.orgs.invitation"
FIELDS = ["email", "name", "role", "unit", "unit_role"]
INVALID_LINK = (
    "This invitation link does not work any more: it was used, replaced by a newer one, "
    "withdrawn, or it has expired. Ask the person who invited you for a new one."
)


class InvalidLink(Exception):
    """Any invitation link that cannot be accepted; the message never says which case."""

    def __init__(self) -> None:
        super().__init__(INVALID_LINK)


@dataclass(frozen=True)
class Sent:
    invitation: Invitation
    link: str
    emailed: bool  # False: no mail server, or it refused; the page shows the link instead


def invite(
    organisation: Organisation,
    email: str,
    *,
    name: str = "",
    role: str = Member.Role.MEMBER,
    unit: Unit | None = None,
    unit_role: str = Membership.Role.MEMBER,
    by: Author,
    base_url: str = "",
    now: datetime | None = None,
) -> Sent:
    """Invite `email` (again: a pending invitation gets a new link and expiry) and mail it."""
    now = now or timezone.now()
    email = email.strip()
    _raise_if_invalid(organisation, email, name, role, unit, unit_role)
    nonce = secrets.token_urlsafe(18)
    with transaction.atomic():
        invitation = _pending(organisation, email) or Invitation(organisation=organisation)
        before = snapshot(invitation, FIELDS) if invitation.pk else None
        invitation.email, invitation.name, invitation.role = email, name.strip(), role
        invitation.unit, invitation.unit_role, invitation.invited_by = unit, unit_role, by.user
        invitation.nonce_digest = _digest(nonce)
        invitation.sent_at = now
        invitation.expires_at = now + timedelta(days=settings.INVITATION_DAYS)
        invitation.save()
        _audit(invitation, by, "update" if before else "create", before, now)
    path = reverse("invitation", args=[_token(invitation, nonce)])
    link = (base_url or settings.OKRS_BASE_URL) + path
    inviter = (by.user.get_full_name() or by.user.get_username()) if by.user else "okrs"
    context = {"invitation": invitation, "link": link, "inviter": inviter}
    # The console backend "sends" to the server's log: not an email anyone receives.
    sent = mail.send("invitation", email, f"Join {organisation.name} on okrs", context)
    return Sent(invitation, link, sent and mail.sends_for_real())


def revoke(invitation: Invitation, *, by: Author, now: datetime | None = None) -> None:
    with transaction.atomic():
        invitation.revoked_at = now or timezone.now()
        invitation.save(update_fields=["revoked_at"])
        _audit(invitation, by, "delete", snapshot(invitation, FIELDS), invitation.revoked_at)


def invitation_for(token: str, now: datetime | None = None) -> Invitation:
    """The pending invitation a link opens, or InvalidLink."""
    try:
        invitation_id, nonce = signing.loads(
            token, salt=SALT, max_age=timedelta(days=settings.INVITATION_DAYS)
        )
        invitation = Invitation.objects.select_related("organisation", "unit").get(
            pk=int(invitation_id)
        )
    except (signing.BadSignature, Invitation.DoesNotExist, ValueError, TypeError):
        raise InvalidLink() from None
    fresh = invitation.expires_at > (now or timezone.now())
    if not (invitation.is_pending and fresh and _digest(str(nonce)) == invitation.nonce_digest):
        raise InvalidLink()
    return invitation


def accept(
    token: str,
    *,
    name: str = "",
    password: str = "",
    username: str = "",
    signed_in: User | None = None,
    now: datetime | None = None,
) -> User:
    """Join through a link: a new account with this password (or the account an import made
    for this email, which has none yet) becomes a member in the invited unit and role. A
    person signed in with the invited address joins as they are."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = invitation_for(token, now)
        # Locked, so two tabs submitting the same link make one account (PostgreSQL; SQLite's
        # immediate transactions already serialise writers).
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_pending:
            raise InvalidLink()
        invited_self = signed_in is not None and signed_in.email.lower() == invitation.email.lower()
        user = signed_in if invited_self else _account(invitation, name, password, username)
        assert user is not None
        join(invitation, user, now=now)
    return user


def pending_invitation(email: str, now: datetime | None = None) -> Invitation | None:
    """The newest live invitation to this address: how single sign-on places a person
    who logs in for the first time (okrs.sso.backend)."""
    return (
        Invitation.objects.filter(email__iexact=email.strip(), accepted_at=None, revoked_at=None)
        .filter(expires_at__gt=now or timezone.now())
        .select_related("organisation", "unit")
        .order_by("-sent_at")
        .first()
    )


def join(invitation: Invitation, user: User, *, now: datetime | None = None) -> None:
    """The person becomes a member in the invited unit and role; the invitation is used."""
    now = now or timezone.now()
    units = {invitation.unit: invitation.unit_role} if invitation.unit else {}
    add_person(invitation.organisation, user, role=invitation.role, units=units)
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _audit(invitation, Author(user, "invitation"), "update", None, now, accepted=True)


def _account(invitation: Invitation, name: str, password: str, username: str) -> User:
    existing = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    if existing is not None and existing.has_usable_password():
        raise InvalidInput(
            [FieldError("email", "already has an account here: log in, then open the link again")]
        )
    user = existing or User(email=invitation.email)
    errors = validation.title_errors(name, "name", max_length=150)
    if existing is None:
        user.username = username.strip() or username_for(invitation.email)
        if User.objects.filter(username=user.username).exists():
            errors.append(FieldError("username", f"{user.username!r} is taken"))
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors += [FieldError("password", message) for message in error.messages]
    if errors:
        raise InvalidInput(errors)
    set_name(user, name)
    user.set_password(password)
    user.save()
    return user


def _raise_if_invalid(
    organisation: Organisation,
    email: str,
    name: str,
    role: str,
    unit: Unit | None,
    unit_role: str,
) -> None:
    errors = validation.length_errors(name, "name", 150)
    try:
        validate_email(email)
    except ValidationError:
        errors.append(FieldError("email", f"{email[:80]!r} is not an email address"))
    else:
        members = Member.objects.filter(organisation=organisation, user__email__iexact=email)
        if members.exists():
            errors.append(FieldError("email", "belongs to someone in this organisation already"))
    errors += validation.choice_errors(role, Member.Role.values, "role")
    errors += validation.choice_errors(unit_role, Membership.Role.values, "unit_role")
    if unit is not None and unit.organisation_id != organisation.pk:
        errors.append(FieldError("unit", "belongs to another organisation"))
    if errors:
        raise InvalidInput(errors)


def _pending(organisation: Organisation, email: str) -> Invitation | None:
    return (
        Invitation.objects.filter(organisation=organisation, email__iexact=email)
        .filter(accepted_at=None, revoked_at=None)
        .first()
    )


def _token(invitation: Invitation, nonce: str) -> str:
    return signing.dumps([invitation.pk, nonce], salt=SALT)


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def _audit(
    invitation: Invitation,
    by: Author,
    action: str,
    before: dict[str, object] | None,
    now: datetime | None,
    *,
    accepted: bool = False,
) -> None:
    after = snapshot(invitation, FIELDS) if action != "delete" else None
    if accepted:
        before, after = {"accepted": False}, {"accepted": True}
    record(
        organisation_id=invitation.organisation_id,
        actor=by.user,
        via=by.via,
        action=action,
        instance=invitation,
        before=before,
        after=after,
        now=now,
    )
