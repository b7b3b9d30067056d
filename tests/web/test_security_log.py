"""The security log page: what an admin reads about their organisation, and only that."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from okrs.audit.models import SecurityEvent
from okrs.orgs.services import add_person
from okrs.tokens.services import create_token, revoke
from tests.factories import make_world


def test_it_shows_an_admin_their_organisations_logins_failures_and_tokens(client, world):
    Client().post(reverse("login"), {"username": "bob-acme", "password": "not his"})
    revoke(create_token(world.organisation, world.bob, "ci laptop").token)
    make_world("globex")
    Client().post(reverse("login"), {"username": "bob-globex", "password": "not his"})
    client.force_login(world.dave)
    page = client.get(reverse("security-log")).content.decode()
    assert "Login failed" in page
    assert "Token created" in page
    assert "Token revoked" in page
    assert "&#x27;ci laptop&#x27;" in page
    assert "bob-acme" in page
    assert "bob-globex" not in page  # another organisation's log


def test_it_filters_by_kind(client, world):
    Client().post(reverse("login"), {"username": "bob-acme", "password": "not his"})
    client.force_login(world.dave)
    page = client.get(reverse("security-log"), {"kind": "token_created"}).content.decode()
    assert "No events of this kind yet." in page


def test_it_refuses_people_who_are_not_admins_and_logs_the_refusal(client, world):
    client.force_login(world.alice)
    assert client.get(reverse("security-log")).status_code == 403
    denied = SecurityEvent.objects.get(kind="denied", user=world.alice)
    assert denied.detail == "GET /security/ (web)"
    assert denied.organisation == world.organisation


def test_it_logs_changes_of_role_and_password(client, world):
    add_person(world.organisation, world.bob, role="viewer")
    client.force_login(world.bob)
    client.post(
        reverse("password-change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "tangerine-orbit-42",
            "new_password2": "tangerine-orbit-42",
        },
    )
    kinds = dict(
        SecurityEvent.objects.filter(user=world.bob)
        .order_by("at", "pk")
        .values_list("kind", "detail")
    )
    assert kinds["membership_changed"] == "organisation Acme: member → viewer"
    assert kinds["password_changed"] == "on the password page"


def test_it_logs_a_person_leaving_after_the_change_commits(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.bob.delete()
    gone = SecurityEvent.objects.filter(kind="membership_removed", username="bob-acme")
    assert {event.detail for event in gone} == {
        "organisation Acme: was member",
        "unit Web: was member",
    }
