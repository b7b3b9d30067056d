"""The people page: admins invite, change access and deactivate; leads invite into their
units as members or viewers; members are refused."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.access import access_for
from okrs.orgs.invitations import invite
from okrs.orgs.models import Invitation, Member
from okrs.orgs.services import add_person
from tests.factories import make_user


def _invite(client, world, **fields):
    data = {
        "email": "erin@acme.test",
        "name": "Erin",
        "unit": world.web_team.pk,
        "unit_role": "member",
        "role": "member",
        **fields,
    }
    return client.post(reverse("people"), data, follow=True)


def test_an_admin_invites_and_the_mail_arrives(client, world, mailbox):
    client.force_login(world.dave)
    page = _invite(client, world)
    assert page.status_code == 200
    assert "Invitation sent to erin@acme.test." in page.content.decode()
    assert mailbox.to("erin@acme.test")
    assert "erin@acme.test" in page.content.decode()  # listed as not yet accepted


def test_without_a_mail_server_the_admin_is_shown_the_link(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(world.dave)
    text = _invite(client, world).content.decode()
    assert "give erin@acme.test this link yourself" in text
    assert "/invitations/" in text


def test_a_lead_invites_into_their_unit_but_makes_no_admin(client, world, mailbox):
    client.force_login(world.alice)  # leads the web team
    assert _invite(client, world).status_code == 200
    assert Invitation.objects.filter(email="erin@acme.test", unit=world.web_team).exists()
    refused = _invite(client, world, email="frank@acme.test", role="admin")
    assert refused.status_code == 400  # "admin" is not among the choices offered to a lead
    assert not Invitation.objects.filter(email="frank@acme.test").exists()
    beside = _invite(client, world, email="gus@acme.test", unit=world.api_team.pk)
    assert beside.status_code == 400  # the API team is not among alice's units
    assert not Invitation.objects.filter(email="gus@acme.test").exists()


def test_a_member_is_refused_with_a_reason(client, world):
    client.force_login(world.bob)
    page = client.get(reverse("people"))
    assert page.status_code == 403
    assert "Only admins and unit leads manage people." in page.content.decode()


def test_an_admin_changes_access_and_deactivates_but_keeps_an_admin(client, world):
    client.force_login(world.dave)
    bob = Member.objects.get(user=world.bob)
    client.post(reverse("person-role", args=[bob.pk]), {"role": "viewer"})
    assert access_for(world.bob).actor.role == "viewer"
    client.post(reverse("person-active", args=[bob.pk]))
    assert access_for(world.bob) is None
    client.post(reverse("person-active", args=[bob.pk]), {"active": "1"})
    assert access_for(world.bob) is not None
    dave = Member.objects.get(user=world.dave)
    page = client.post(reverse("person-role", args=[dave.pk]), {"role": "member"}, follow=True)
    assert "last admin" in page.content.decode()
    assert access_for(world.dave).can_administer


def test_a_withdrawn_invitation_no_longer_opens(client, world, mailbox):
    client.force_login(world.dave)
    _invite(client, world)
    link = mailbox.link("erin@acme.test")
    invitation = Invitation.objects.get(email="erin@acme.test")
    client.post(reverse("invitation-revoke", args=[invitation.pk]))
    client.logout()
    assert client.get(link.split("testserver", 1)[-1]).status_code == 404


def _add_people(world, count: int) -> None:
    for n in range(count):
        user = make_user(f"extra-{world.organisation.slug}-{n}")
        add_person(world.organisation, user, units={world.web_team: "member"})
        invite(
            world.organisation, f"invited-{n}@acme.test", unit=world.api_team, by=Author(world.dave)
        )


def test_the_page_costs_as_many_queries_for_forty_people_as_for_four(client, world):
    client.force_login(world.dave)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("people")).status_code == 200
    _add_people(world, 36)
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("people"))
    assert "extra-acme-35" in page.content.decode()
    assert len(large) == len(small), [query["sql"][:120] for query in large.captured_queries]
