"""The single sign-on backend: mozilla-django-oidc's code flow, okrs's accounts.

A person whose verified e-mail address belongs to an account logs in as that account; a
new person is given an account when a matcher (okrs.sso.matching) places them in an
organisation, and is refused otherwise: no account, and the callback shows why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from okrs.orgs.accounts import username_for
from okrs.orgs.invitations import join, pending_invitation
from okrs.orgs.services import add_person
from okrs.sso.discovery import DiscoveryError, Endpoints, endpoints
from okrs.sso.matching import domain_of, organisation_for_email


@dataclass(frozen=True)
class Refusal:
    """Why a single sign-on gave no account; the callback view shows it."""

    email: str
    reason: str  # "domain" or "unverified"

    @property
    def domain(self) -> str:
        return domain_of(self.email)

    @property
    def detail(self) -> str:  # for the security log
        if self.reason == "unverified":
            return "single sign-on refused: the provider did not verify the e-mail"
        return f"single sign-on refused: no organisation for {self.domain}"


def provider_endpoints() -> Endpoints:
    oidc = settings.OIDC
    if oidc is None:
        raise DiscoveryError("single sign-on is off")
    return endpoints(oidc.discovery_url, oidc.issuer, settings.OIDC_TIMEOUT)


class OidcBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every login, the password ones too, so the
        # provider's endpoints are looked up only when a single sign-on callback comes.
        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback view passes a nonce; a password login is not ours.
        if request is None or "nonce" not in kwargs or not settings.SSO_ENABLED:
            return None
        found = provider_endpoints()
        self.OIDC_OP_TOKEN_ENDPOINT = found.token
        self.OIDC_OP_USER_ENDPOINT = found.userinfo
        self.OIDC_OP_JWKS_ENDPOINT = found.jwks
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        """An address the provider has not verified matches no account and no domain."""
        email = str(claims.get("email") or "")
        if not email:
            return False
        if claims.get("email_verified") is not True:
            self._refuse(Refusal(email, "unverified"))
            return False
        return True

    def create_user(self, claims: dict[str, Any]) -> User | None:
        """A first login: an invitation to this address decides where the person lands (its
        unit and role); else the email domain (OKRS_OIDC_DOMAINS); else nobody is created."""
        email = str(claims["email"])
        invited = pending_invitation(email)
        match = None if invited else organisation_for_email(email)
        if invited is None and match is None:
            self._refuse(Refusal(email, "domain"))
            return None
        first, last = names(claims)
        with transaction.atomic():
            user = User.objects.create_user(
                username_for(email), email=email, first_name=first, last_name=last
            )  # no password: an unusable one, so this account logs in through SSO only
            if invited is not None:
                join(invited, user)
            elif match is not None:
                add_person(match[0], user, role=match[1])
        return user

    def _refuse(self, refusal: Refusal) -> None:
        self.request.sso_refusal = refusal  # read by the callback view and the security log


def names(claims: dict[str, Any]) -> tuple[str, str]:
    """First and last name from the standard claims, or the full name split once."""
    first, last = str(claims.get("given_name") or ""), str(claims.get("family_name") or "")
    if not first and not last:
        first, _, last = str(claims.get("name") or "").strip().partition(" ")
    return first[:150], last[:150]
