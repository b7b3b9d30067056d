"""Who is calling: an API token (`Authorization: Bearer <token>`) or a browser session.

Either way the route finds a `Caller` on `request.auth`: the `Access` that answers every
permission question, and the `Author` to record writes under. Anonymous requests get 401;
people signed in without a place in any organisation get 403. Session requests must carry
a CSRF token for unsafe methods, as the web pages' forms do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from okrs.core.permissions import TokenScope
from okrs.goals.access import Access, UnitIndex, actor_for
from okrs.goals.services import Author
from okrs.tokens import services as tokens
from okrs.tokens.models import ApiToken


@dataclass(frozen=True)
class Caller:
    access: Access
    author: Author
    token: ApiToken | None = None


def caller(request: HttpRequest) -> Caller:
    found = getattr(request, "auth", None)
    assert isinstance(found, Caller), "route without API auth"
    return found


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        # An explicit credential that fails is an error, not a reason to try the session.
        found = tokens.authenticate(token.strip()) if token.strip() else None
        if found is None:
            raise AuthenticationError(401, "The token is unknown or revoked.")
        subtree = UnitIndex(found.organisation_id).subtree(found.unit_id) if found.unit_id else None
        scope = TokenScope(found.can_write, subtree)
        actor = actor_for(found.user, found.organisation_id, scope)
        if actor is None:
            raise AuthorizationError(403, "The token's owner is no longer in its organisation.")
        return Caller(Access(actor), Author(found.user, f"token:{found.pk}"), found)


class SessionAuth(APIKeyCookie):
    """Django's login session; unsafe methods need the CSRF token like any form post."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Caller | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # anonymous: 401, even for a POST without a CSRF token
        if check_csrf(request) is not None:
            raise AuthorizationError(403, "CSRF check failed: send the X-CSRFToken header.")
        actor = actor_for(user)
        if actor is None:
            raise AuthorizationError(403, "You are not a member of any organisation.")
        return Caller(Access(actor), Author(user, "api"))

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        return self(request)  # pragma: no cover - __call__ does the work


API_AUTH = [BearerAuth(), SessionAuth()]
