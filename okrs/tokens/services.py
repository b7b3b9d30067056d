"""Creating, checking and revoking API tokens.

Tokens carry 256 random bits, so a fast SHA-256 digest is enough to store them safely (a
slow password hash protects guessable secrets; these are not guessable).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone

from okrs.audit.security import Kind, record_event
from okrs.core.errors import FieldError, InvalidInput
from okrs.orgs.models import Member, Organisation, Unit
from okrs.tokens.models import NAME_MAX_LENGTH, ApiToken

PREFIX = "okrs_"
# Writing last_used_at on every request would turn reads into writes; once a minute is
# precise enough for "last used" and keeps SQLite writers free.
LAST_USED_PRECISION = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def create_token(
    organisation: Organisation,
    user: User,
    name: str,
    *,
    can_write: bool = False,
    unit: Unit | None = None,
    request: HttpRequest | None = None,
    via: str = "web",
) -> NewToken:
    errors = [] if name.strip() else [FieldError("name", "is required")]
    limit = NAME_MAX_LENGTH
    if len(name.strip()) > limit:
        errors.append(FieldError("name", f"is {len(name.strip())} characters; keep it to {limit}"))
    if "\x00" in name:
        errors.append(FieldError("name", "must not contain NUL characters"))
    if not Member.objects.filter(organisation=organisation, user=user).exists():
        errors.append(FieldError("user", f"{user} is not in {organisation}"))
    if unit is not None and unit.organisation_id != organisation.pk:
        errors.append(FieldError("unit", "belongs to another organisation"))
    if errors:
        raise InvalidInput(errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        user=user,
        name=name.strip(),
        prefix=secret[: len(PREFIX) + 6],
        digest=digest(secret),
        can_write=can_write,
        unit=unit,
    )
    _log(Kind.TOKEN_CREATED, token, request, via)
    return NewToken(token, secret)


def authenticate(secret: str) -> ApiToken | None:
    """The live token for a secret, or None; notes when it was last used."""
    token = (
        ApiToken.objects.filter(digest=digest(secret), revoked_at__isnull=True)
        .select_related("user", "unit", "organisation")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke(token: ApiToken, *, request: HttpRequest | None = None, via: str = "web") -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _log(Kind.TOKEN_REVOKED, token, request, via)


def _log(kind: str, token: ApiToken, request: HttpRequest | None, via: str) -> None:
    detail = f"token {token.pk} {token.name!r} ({token.scope_label}) {token.prefix}…, {via}"
    record_event(
        kind,
        request=request,
        user=token.user,
        organisation_id=token.organisation_id,
        detail=detail,
    )
