"""Logging in: failures counted per username and address, a lockout page, the security log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from okrs.audit.models import SecurityEvent

GOOD = "correct horse battery"


def _login(client: Client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_it_throttles_fifty_wrong_passwords_after_the_limit_and_logs_each(client, world, settings):
    answers = [_login(client, "bob-acme", f"guess {n}").status_code for n in range(50)]
    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1)  # the form again, with the error
    assert set(answers[limit:]) == {429}
    locked = _login(client, "bob-acme", GOOD)
    assert locked.status_code == 429  # the right password does not open a locked account
    assert client.get(reverse("home")).status_code == 302  # still signed out
    failures = SecurityEvent.objects.filter(kind="login_failed", username="bob-acme")
    assert failures.count() == 51
    assert failures.filter(user=world.bob, organisation=world.organisation).count() == 51
    assert failures.first().address == "127.0.0.1"
    assert SecurityEvent.objects.filter(kind="locked_out", user=world.bob).exists()


def test_it_says_why_the_login_is_refused_and_for_how_long(client, world, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "bob-acme", f"guess {n}")
    page = _login(client, "bob-acme", GOOD)
    assert page.status_code == 429
    assert page["Retry-After"] == str(settings.LOGIN_COOLOFF_MINUTES * 60)
    text = page.content.decode()
    assert "Too many failed logins" in text
    assert f"paused for {settings.LOGIN_COOLOFF_MINUTES} minutes" in text


def test_it_locks_the_pair_not_the_person_everywhere(client, world, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "bob-acme", f"guess {n}", address="203.0.113.9")
    assert _login(client, "bob-acme", GOOD, address="203.0.113.9").status_code == 429
    elsewhere = _login(Client(), "bob-acme", GOOD, address="198.51.100.4")
    assert elsewhere.status_code == 302  # Bob at the office is not locked out by an attacker


def test_a_success_before_the_limit_starts_the_count_again(client, world, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "bob-acme", f"guess {n}")
    assert _login(client, "bob-acme", GOOD).status_code == 302
    client.post(reverse("logout"))
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "bob-acme", f"again {n}").status_code == 200
    assert _login(client, "bob-acme", GOOD).status_code == 302


def test_it_logs_a_login_and_a_logout(client, world):
    assert _login(client, "bob-acme", GOOD).status_code == 302
    client.post(reverse("logout"))
    kinds = list(SecurityEvent.objects.filter(user=world.bob).values_list("kind", flat=True))
    assert kinds[:2] == ["logout", "login"]  # newest first


def test_a_failure_for_an_unknown_name_is_logged_without_an_organisation(client, db):
    _login(client, "nobody", "whatever it is")
    event = SecurityEvent.objects.get(kind="login_failed")
    assert (event.username, event.user, event.organisation) == ("nobody", None, None)


def test_api_tokens_are_not_throttled_by_failed_logins(client, world, settings):
    from okrs.tokens.services import create_token

    secret = create_token(world.organisation, world.bob, "ci").secret
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, "bob-acme", f"guess {n}")
    answer = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 200


@pytest.mark.parametrize("limit", [2])
def test_the_limit_is_the_configured_one(client, world, settings, limit):
    settings.AXES_FAILURE_LIMIT = limit
    answers = [_login(client, "bob-acme", f"guess {n}").status_code for n in range(limit + 1)]
    assert answers == [200] * (limit - 1) + [429, 429]


@pytest.fixture
def demo_alone(db):
    from django.contrib.auth.models import User

    from okrs.demo import DEMO_PASSWORD, DEMO_SLUG, DEMO_USERNAME
    from okrs.orgs.services import create_organisation

    create_organisation("Lumen Software", DEMO_SLUG)
    return User.objects.create_user(DEMO_USERNAME, password=DEMO_PASSWORD)


def test_it_prints_the_demo_login_on_a_server_holding_only_the_demo(client, demo_alone):
    assert "okrs-demo" in client.get(reverse("login")).content.decode()


def test_it_hides_the_demo_login_beside_a_real_organisation(client, demo_alone):
    from tests.factories import make_world

    make_world()
    page = client.get(reverse("login")).content.decode()
    assert "okrs-demo" not in page
    assert "Demo organisation" not in page


def test_it_hides_the_demo_login_once_its_password_is_changed(client, demo_alone):
    assert "okrs-demo" in client.get(reverse("login")).content.decode()
    demo_alone.set_password("a private passphrase now")
    demo_alone.save()
    assert "okrs-demo" not in client.get(reverse("login")).content.decode()
