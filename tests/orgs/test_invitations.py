"""Invitations by email: the mail arrives at a real SMTP server, the link works once, dies
after its days, and says the same whatever went wrong."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from okrs.audit.models import AuditEntry
from okrs.audit.services import Author
from okrs.core.errors import InvalidInput
from okrs.goals.access import access_for
from okrs.orgs.invitations import INVALID_LINK, invite
from okrs.orgs.models import Member, Membership
from tests.factories import make_world

PASSWORD = {"password": "a long passphrase", "password_again": "a long passphrase"}


def _path(link: str) -> str:
    return urlsplit(link).path


def test_an_invitation_arrives_with_a_link_that_lands_on_the_team(client, world, mailbox):
    sent = invite(
        world.organisation,
        "erin@acme.test",
        name="Erin Example",
        unit=world.web_team,
        by=Author(world.dave, "web"),
        base_url="http://okrs.test",
    )
    assert sent.emailed
    [message] = mailbox.to("erin@acme.test")
    assert message["Subject"] == "Join Acme on okrs"
    assert "Dave-Acme invites you to Acme" in mailbox.text(message)
    assert 'href="http://okrs.test/invitations/' in mailbox.html(message)
    link = mailbox.link("erin@acme.test")
    assert link == sent.link
    page = client.get(_path(link))
    assert page.status_code == 200
    assert b"Join Acme" in page.content
    answer = client.post(_path(link), {"name": "Erin Example", "username": "", **PASSWORD})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("unit", args=[world.web_team.pk])
    erin = User.objects.get(email="erin@acme.test")
    assert erin.get_full_name() == "Erin Example"
    assert Membership.objects.get(user=erin).unit == world.web_team
    assert access_for(erin).actor.organisation_id == world.organisation.pk
    assert AuditEntry.objects.filter(object_type="invitation", actor=erin).exists()


def test_the_link_works_once(client, world, mailbox):
    sent = invite(world.organisation, "erin@acme.test", by=Author(world.dave))
    path = _path(sent.link)
    client.post(path, {"name": "Erin", **PASSWORD})
    client.logout()
    again = client.post(path, {"name": "Mallory", "username": "mallory", **PASSWORD})
    assert again.status_code == 404
    assert INVALID_LINK in again.content.decode()
    assert not User.objects.filter(username="mallory").exists()


def test_the_link_expires(client, world, mailbox, settings):
    sent = invite(world.organisation, "erin@acme.test", by=Author(world.dave))
    later = timezone.now() + timedelta(days=settings.INVITATION_DAYS, minutes=1)
    with time_machine.travel(later):
        page = client.get(_path(sent.link))
    assert page.status_code == 404
    assert INVALID_LINK in page.content.decode()


def test_sending_again_kills_the_old_link(client, world, mailbox):
    first = invite(world.organisation, "erin@acme.test", by=Author(world.dave))
    second = invite(world.organisation, "erin@acme.test", by=Author(world.dave))
    assert first.invitation.pk == second.invitation.pk
    assert client.get(_path(first.link)).status_code == 404
    assert client.get(_path(second.link)).status_code == 200


@pytest.mark.parametrize(
    "mangle",
    [
        lambda path: path.replace("/invitations/", "/invitations/x"),
        lambda path: path[:-3] + "AAA/",
        lambda path: "/invitations/not-a-token/",
    ],
)
def test_a_forged_link_reads_like_any_dead_one(client, world, mailbox, mangle):
    sent = invite(world.organisation, "erin@acme.test", by=Author(world.dave))
    page = client.get(mangle(_path(sent.link)))
    assert page.status_code == 404
    assert INVALID_LINK in page.content.decode()


def test_it_refuses_a_bad_email_and_someone_already_in(world, mailbox):
    with pytest.raises(InvalidInput) as bad:
        invite(world.organisation, "erin@", by=Author(world.dave))
    assert bad.value.by_field()["email"] == ["'erin@' is not an email address"]
    world.bob.email = "bob@acme.test"
    world.bob.save()
    with pytest.raises(InvalidInput) as member:
        invite(world.organisation, "BOB@acme.test", by=Author(world.dave))
    assert "already" in member.value.by_field()["email"][0]
    assert mailbox.messages == []


def test_an_imported_person_sets_their_first_password(client, world, mailbox):
    imported = User.objects.create_user("erin", email="erin@acme.test")  # no password
    sent = invite(world.organisation, "erin@acme.test", unit=world.api_team, by=Author(world.dave))
    page = client.get(_path(sent.link))
    assert b'name="username"' not in page.content  # the account has its username
    client.post(_path(sent.link), {"name": "Erin", **PASSWORD})
    imported.refresh_from_db()
    assert imported.check_password(PASSWORD["password"])
    assert Member.objects.filter(user=imported, organisation=world.organisation).exists()


def test_someone_with_an_account_joins_once_logged_in(client, world, mailbox):
    globex = make_world("globex")
    other = globex.alice  # has an account and a password, in another organisation
    other.email = "alice@globex.test"
    other.save()
    sent = invite(world.organisation, "alice@globex.test", by=Author(world.dave))
    page = client.get(_path(sent.link))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login"))
    client.force_login(other)
    assert b"Join Acme as" in client.get(_path(sent.link)).content
    client.post(_path(sent.link))
    assert Member.objects.filter(user=other, organisation=world.organisation).exists()
    other.refresh_from_db()
    assert other.check_password("correct horse battery")  # unchanged


def test_without_a_mail_server_the_admin_gets_the_link(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent = invite(world.organisation, "erin@acme.test", by=Author(world.dave))
    assert not sent.emailed
    assert "/invitations/" in sent.link
