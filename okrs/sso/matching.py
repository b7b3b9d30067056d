"""Which organisation a person who logs in for the first time joins, and as what.

Each matcher takes the verified e-mail address and answers `(organisation, role)` or None;
the first answer wins. People are matched by their e-mail domain (OKRS_OIDC_DOMAINS); an
invitation to the address comes before any matcher (okrs.sso.backend.create_user), since it
names a unit and a role too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings

from okrs.orgs.models import Member, Organisation

log = logging.getLogger(__name__)

Match = tuple[Organisation, str]


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def by_domain(email: str) -> Match | None:
    """OKRS_OIDC_DOMAINS: `acme.com=acme` makes everyone @acme.com a member of acme."""
    slug = settings.SSO_DOMAINS.get(domain_of(email))
    if slug is None:
        return None
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        log.warning("OKRS_OIDC_DOMAINS names the organisation %r, which does not exist", slug)
        return None
    return organisation, Member.Role.MEMBER


MATCHERS: list[Callable[[str], Match | None]] = [by_domain]


def organisation_for_email(email: str) -> Match | None:
    for matcher in MATCHERS:
        found = matcher(email)
        if found is not None:
            return found
    return None
