"""The backend's decisions on the provider's claims, without the provider: who is logged
in as whom, who gets an account, who is refused (the browser tests run the whole flow)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory

from okrs.audit.services import Author
from okrs.orgs.accounts import username_for as unique_username
from okrs.orgs.invitations import invite
from okrs.orgs.models import Invitation, Member, Membership
from okrs.orgs.services import create_organisation
from okrs.sso.backend import OidcBackend, names
from tests.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(settings):
    settings.SSO_DOMAINS = {"acme.test": "acme"}
    create_organisation("Acme", "acme")
    found = OidcBackend()
    found.request = RequestFactory().get("/oidc/callback/")
    return found


def claims(email: str, verified: bool = True, **more: str) -> dict[str, object]:
    return {"sub": "x", "email": email, "email_verified": verified, **more}


def test_a_new_person_of_a_listed_domain_gets_an_account_and_a_membership(backend, monkeypatch):
    ada = claims("ada@acme.test", name="Ada Lovelace")
    monkeypatch.setattr(backend, "get_userinfo", lambda *a: ada)
    user = backend.get_or_create_user("token", "id", {})
    assert (user.username, user.first_name, user.last_name) == ("ada", "Ada", "Lovelace")
    assert not user.has_usable_password()
    member = Member.objects.get(user=user)
    assert (member.organisation.slug, member.role) == ("acme", "member")


def test_an_invited_address_of_another_domain_lands_in_the_invited_unit(backend, monkeypatch):
    world = make_world("globex")
    invite(
        world.organisation,
        "eve@other.test",
        unit=world.api_team,
        unit_role="lead",
        by=Author(world.dave),
    )
    monkeypatch.setattr(backend, "get_userinfo", lambda *a: claims("eve@other.test"))
    eve = backend.get_or_create_user("token", "id", {})
    assert eve is not None
    assert Member.objects.get(user=eve).organisation == world.organisation
    assert Membership.objects.get(user=eve).unit == world.api_team
    assert Membership.objects.get(user=eve).role == "lead"
    assert Invitation.objects.get(email="eve@other.test").accepted_by == eve


def test_a_known_verified_address_is_the_existing_account(backend, monkeypatch):
    grace = User.objects.create_user("grace", email="Grace@acme.test")
    monkeypatch.setattr(backend, "get_userinfo", lambda *a: claims("grace@ACME.test"))
    assert backend.get_or_create_user("token", "id", {}) == grace
    assert User.objects.count() == 1


def test_another_domain_is_refused_with_no_account(backend, monkeypatch):
    monkeypatch.setattr(backend, "get_userinfo", lambda *a: claims("eve@other.test"))
    assert backend.get_or_create_user("token", "id", {}) is None
    assert not User.objects.exists()
    refusal = backend.request.sso_refusal
    assert (refusal.email, refusal.reason, refusal.domain) == (
        "eve@other.test",
        "domain",
        "other.test",
    )


def test_an_unverified_address_matches_no_account(backend, monkeypatch):
    User.objects.create_user("grace", email="grace@acme.test")
    monkeypatch.setattr(backend, "get_userinfo", lambda *a: claims("grace@acme.test", False))
    assert backend.verify_claims(claims("grace@acme.test", False)) is False
    assert backend.request.sso_refusal.reason == "unverified"


def test_a_password_login_is_not_the_backends():
    assert (
        OidcBackend().authenticate(RequestFactory().post("/login/"), username="a", password="b")
        is None
    )


def test_usernames_come_from_the_address_and_stay_unique(db):
    User.objects.create_user("ada")
    User.objects.create_user("ada-2")
    assert unique_username("ada@acme.test") == "ada-3"
    assert unique_username("o'brien+okrs@acme.test") == "obrien+okrs"
    assert unique_username("@acme.test") == "person"


def test_names_come_from_the_standard_claims():
    assert names({"given_name": "Ada", "family_name": "King", "name": "x"}) == ("Ada", "King")
    assert names({"name": "Grace Brewster Hopper"}) == ("Grace", "Brewster Hopper")
    assert names({}) == ("", "")
