"""The provider's endpoints, from its OpenID Connect discovery document.

Fetched lazily, at the first single sign-on of each server process, and kept: reading it
at start-up would make every command (`okrs migrate`, `manage.py check`, the tests) need
the provider, and a provider down for a minute would stop okrs from starting at all,
password logins included. A failed fetch is not kept, so the next login tries again.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import requests


class DiscoveryError(Exception):
    """The discovery document could not be read or does not describe the issuer."""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str


FIELDS = {
    "authorization": "authorization_endpoint",
    "token": "token_endpoint",
    "userinfo": "userinfo_endpoint",
    "jwks": "jwks_uri",
}


@functools.cache
def endpoints(discovery_url: str, issuer: str, timeout: float = 10) -> Endpoints:
    try:
        with requests.get(discovery_url, timeout=timeout) as answer:
            answer.raise_for_status()
            document = answer.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(f"{discovery_url} could not be read: {error}") from None
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        # OpenID Connect Discovery 1.0, 4.3: the issuer must be the one asked for.
        raise DiscoveryError(f"{discovery_url} does not describe the issuer {issuer}")
    missing = [name for name in FIELDS.values() if not isinstance(document.get(name), str)]
    if missing:
        raise DiscoveryError(f"{discovery_url} names no {', '.join(missing)}")
    return Endpoints(**{field: document[name] for field, name in FIELDS.items()})
