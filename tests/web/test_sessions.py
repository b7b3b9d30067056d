"""Sessions end after the idle timeout, and at the latest after the maximum age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _signed_in(client, world) -> None:
    answer = client.post(
        reverse("login"), {"username": "bob-acme", "password": "correct horse battery"}
    )
    assert answer.status_code == 302


def test_it_ends_a_session_left_idle_longer_than_the_timeout(client, world, settings):
    with time_machine.travel(START, tick=False) as clock:
        _signed_in(client, world)
        clock.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1))
        answer = client.get(reverse("home"))
    assert answer.status_code == 302
    assert answer.url.startswith(reverse("login"))


def test_it_keeps_an_active_session_past_the_idle_timeout(client, world, settings):
    with time_machine.travel(START, tick=False) as clock:
        _signed_in(client, world)
        for _ in range(4):  # a working day with a page every two hours
            clock.shift(timedelta(hours=2))
            assert client.get(reverse("home")).status_code == 200


def test_it_ends_even_an_active_session_after_the_maximum_age(client, world, settings):
    with time_machine.travel(START, tick=False) as clock:
        _signed_in(client, world)
        answers = []
        for _ in range(settings.SESSION_MAX_DAYS * 6 + 2):  # a page every four hours
            clock.shift(timedelta(hours=4))
            answers.append(client.get(reverse("home")).status_code)
    assert set(answers[: settings.SESSION_MAX_DAYS * 6 - 1]) == {200}
    assert answers[-1] == 302


def test_the_session_cookie_lasts_the_idle_timeout(client, world, settings):
    _signed_in(client, world)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_IDLE_MINUTES * 60
