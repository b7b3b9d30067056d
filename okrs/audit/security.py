"""Writing the security log: logins, refusals, tokens, rights and passwords.

Events are written outside the transaction of the request that caused them where possible
(a failed login has no transaction to roll back), and never raise: a log that cannot be
written must not turn a login or a refusal into a 500.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from okrs.audit.models import SecurityEvent
from okrs.orgs.models import Member

log = logging.getLogger("okrs.security")
Kind = SecurityEvent.Kind


def client_address(request: HttpRequest | None) -> str | None:
    """The caller's address: REMOTE_ADDR, or behind OKRS_TRUSTED_PROXIES proxies the
    address the outermost trusted proxy saw in X-Forwarded-For (the rest is spoofable)."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "TRUSTED_PROXIES", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if hops and len([part for part in forwarded if part]) >= hops:
        address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def organisation_of(user: AbstractBaseUser | AnonymousUser | None) -> int | None:
    """The person's first organisation (the one their pages show), or None."""
    if user is None or user.pk is None:
        return None
    member = Member.objects.filter(user_id=user.pk).order_by("pk").first()
    return member.organisation_id if member else None


def record_event(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    organisation_id: int | None = None,
    detail: str = "",
) -> SecurityEvent | None:
    """Store one event; the organisation defaults to the person's."""
    person = user if isinstance(user, User) and user.pk is not None else None
    if organisation_id is None:
        organisation_id = organisation_of(person)
    try:
        with transaction.atomic():  # a savepoint, so a failed insert spares the request's
            return SecurityEvent.objects.create(
                kind=kind,
                username=(username or (person.get_username() if person else ""))[:150],
                user=person,
                organisation_id=organisation_id,
                address=client_address(request),
                detail=detail.replace("\x00", "")[:300],
                at=timezone.now(),
            )
    except Exception:  # the log must not break what it logs
        log.exception("could not record the security event %s for %r", kind, username)
        return None


def events(
    organisation_id: int | None,
    *,
    kind: str | None = None,
    username: str | None = None,
    since: datetime | None = None,
) -> QuerySet[SecurityEvent]:
    """The log newest first: one organisation's, or every event when None (the operator's).
    The page, the API and `okrs security-log` read it through here."""
    found = SecurityEvent.objects.all()
    if organisation_id is not None:
        found = found.filter(organisation_id=organisation_id)
    if kind:
        found = found.filter(kind=kind)
    if username:
        found = found.filter(username=username)
    if since is not None:
        found = found.filter(at__gte=since)
    return found.order_by("-at", "-pk")
