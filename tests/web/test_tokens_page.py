"""Creating an API token in the browser: shown once, then only its name and last use."""

import re

import pytest
from django.urls import reverse

from okrs.tokens.models import ApiToken
from okrs.tokens.services import authenticate


@pytest.fixture
def logged_in(client, world):
    client.force_login(world.alice)
    return client


def test_it_shows_a_new_token_once(logged_in, world):
    page = logged_in.post(
        reverse("tokens"), {"name": "CI push", "scope": "write", "unit": world.web_team.pk}
    )
    secret = re.search(r"okrs_[A-Za-z0-9_-]+", page.content.decode()).group(0)
    token = authenticate(secret)
    assert (token.user, token.can_write, token.unit) == (world.alice, True, world.web_team)
    again = logged_in.get(reverse("tokens")).content.decode()
    assert secret not in again
    assert "CI push" in again
    assert "never" not in again  # authenticate() above used it


def test_it_needs_a_name(logged_in):
    page = logged_in.post(reverse("tokens"), {"name": "  ", "scope": "read"}).content.decode()
    assert "Name is required" in page
    assert not ApiToken.objects.exists()


def test_only_the_owner_revokes_a_token(client, logged_in, world):
    logged_in.post(reverse("tokens"), {"name": "dashboard", "scope": "read"})
    token = ApiToken.objects.get()
    client.force_login(world.bob)
    assert client.post(reverse("revoke-token", args=[token.pk])).status_code == 404
    client.force_login(world.alice)
    assert client.post(reverse("revoke-token", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
