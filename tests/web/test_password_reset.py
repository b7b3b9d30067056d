"""Password reset by email: the link arrives at a real SMTP server, works once, expires,
and asking reveals nothing about which addresses have accounts."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import time_machine
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from okrs.audit.models import SecurityEvent

NEW = {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"}


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'"X-CSRFToken": "[^"]+"', b"", content)


def _ask(client, email):
    return client.post(reverse("password-reset"), {"email": email}, follow=True)


def _set_password(client, link, data=NEW):
    page = client.get(urlsplit(link).path, follow=True)  # Django moves the token to the session
    return (
        client.post(page.redirect_chain[-1][0], data, follow=True) if page.redirect_chain else page
    )


def test_a_person_resets_their_password_through_the_emailed_link(client, world, mailbox):
    world.bob.email = "bob@acme.test"
    world.bob.save()
    page = _ask(client, "BOB@acme.test")
    assert "If that address belongs to an account here" in page.content.decode()
    [message] = mailbox.to("bob@acme.test")
    assert "Your username is bob-acme." in mailbox.text(message)
    done = _set_password(client, mailbox.link("bob@acme.test"))
    assert "Your new password is set." in done.content.decode()
    assert authenticate(username="bob-acme", password=NEW["new_password1"]) is not None
    assert SecurityEvent.objects.filter(kind="password_changed", user=world.bob).exists()


def test_the_link_works_once(client, world, mailbox):
    world.bob.email = "bob@acme.test"
    world.bob.save()
    _ask(client, "bob@acme.test")
    link = mailbox.link("bob@acme.test")
    _set_password(client, link)
    again = _set_password(
        client, link, {"new_password1": "mallory's pass 1", "new_password2": "mallory's pass 1"}
    )
    assert "This link does not work any more" in again.content.decode()
    assert authenticate(username="bob-acme", password=NEW["new_password1"]) is not None


def test_the_link_expires(client, world, mailbox, settings):
    world.bob.email = "bob@acme.test"
    world.bob.save()
    _ask(client, "bob@acme.test")
    link = mailbox.link("bob@acme.test")
    with time_machine.travel(
        timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    ):
        page = _set_password(client, link)
    assert "This link does not work any more" in page.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world, mailbox):
    world.bob.email = "bob@acme.test"
    world.bob.save()
    known = _ask(client, "bob@acme.test")
    unknown = _ask(client, "nobody@acme.test")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    # the same page, but for the CSRF token each response carries
    assert _without_csrf(known.content) == _without_csrf(unknown.content)
    assert mailbox.to("nobody@acme.test", timeout=0.5) == []


def test_without_local_passwords_there_is_nothing_to_reset(client, world, settings):
    settings.LOCAL_PASSWORDS = False
    assert client.get(reverse("password-reset")).status_code == 404
