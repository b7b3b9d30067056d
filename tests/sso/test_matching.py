"""Which organisation a new person joins: by the domain of their e-mail address, today."""

from __future__ import annotations

import pytest

from okrs.orgs.models import Member
from okrs.orgs.services import create_organisation
from okrs.sso import matching
from okrs.sso.matching import organisation_for_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(settings):
    settings.SSO_DOMAINS = {"acme.com": "acme", "acme.io": "acme", "gone.com": "gone"}
    return create_organisation("Acme", "acme")


def test_a_listed_domain_matches_its_organisation_as_a_member(acme):
    assert organisation_for_email("ada@acme.com") == (acme, Member.Role.MEMBER)
    assert organisation_for_email("Bob@ACME.IO") == (acme, Member.Role.MEMBER)


def test_another_domain_or_a_subdomain_matches_nothing(acme):
    assert organisation_for_email("eve@other.com") is None
    assert organisation_for_email("eve@eng.acme.com") is None
    assert organisation_for_email("acme.com@other.com") is None


def test_a_domain_naming_a_missing_organisation_matches_nothing(acme, caplog):
    assert organisation_for_email("x@gone.com") is None
    assert "'gone', which does not exist" in caplog.text


def test_the_first_matcher_that_answers_wins(acme, monkeypatch):
    invited = create_organisation("Invited", "invited")
    invitation = {"eve@other.com": (invited, Member.Role.VIEWER)}
    monkeypatch.setattr(matching, "MATCHERS", [invitation.get, matching.by_domain])
    assert organisation_for_email("eve@other.com") == (invited, Member.Role.VIEWER)
    assert organisation_for_email("ada@acme.com") == (acme, Member.Role.MEMBER)
