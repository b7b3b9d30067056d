"""The setup page: the first visitor of an empty server creates the organisation, its
first admin and its first quarter; once it exists, the page is gone."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse

from okrs.audit.models import AuditEntry
from okrs.goals.models import Period
from okrs.orgs.models import Member, Membership, Organisation, Unit

pytestmark = pytest.mark.django_db

GOOD = {
    "organisation": "Acme Software",
    "name": "Ada Lovelace",
    "email": "ada@acme.test",
    "username": "",
    "password": "a long passphrase",
    "password_again": "a long passphrase",
    "quarter": "this",
}


def test_it_sends_the_first_visitor_of_an_empty_server_to_the_setup_page(client):
    assert client.get(reverse("home"), follow=True).redirect_chain[-1][0] == reverse("setup")
    page = client.get(reverse("setup"))
    assert page.status_code == 200
    assert b"Set up okrs" in page.content


@time_machine.travel(date(2026, 12, 4), tick=False)
def test_it_sets_up_the_organisation_its_admin_and_this_quarter(client):
    answer = client.post(reverse("setup"), GOOD, follow=True)
    assert answer.status_code == 200
    assert b"Acme Software is set up" in answer.content
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.slug) == ("Acme Software", "acme-software")
    admin = User.objects.get(username="ada")
    assert admin.get_full_name() == "Ada Lovelace"
    assert admin.check_password(GOOD["password"])
    assert Member.objects.get(user=admin).role == Member.Role.ADMIN
    company = Unit.objects.get(organisation=organisation)
    assert company.kind == Unit.Kind.COMPANY
    assert company.name == "Acme Software"
    assert Membership.objects.get(user=admin).unit == company
    period = Period.objects.get(organisation=organisation)
    assert (period.name, period.start, period.end) == (
        "Q4 2026",
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert period.state == Period.State.ACTIVE
    # The admin is logged in on home, and what was made is in the audit trail as theirs.
    assert answer.context["user"] == admin
    assert AuditEntry.objects.filter(actor=admin, action="create").count() >= 2


@time_machine.travel(date(2026, 12, 4), tick=False)
def test_it_can_start_with_the_next_quarter(client):
    client.post(reverse("setup"), {**GOOD, "quarter": "next"})
    period = Period.objects.get()
    assert (period.name, period.start) == ("Q1 2027", date(2027, 1, 1))


def test_it_is_gone_once_an_organisation_exists(client, world):
    assert client.get(reverse("setup")).status_code == 404
    assert client.post(reverse("setup"), {**GOOD, "email": "mallory@evil.test"}).status_code == 404
    assert not User.objects.filter(email="mallory@evil.test").exists()
    assert client.get(reverse("login")).status_code == 200  # no longer sent to setup


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "ada@", b"Email is not an email address"),
        ("password_again", "another passphrase", b"does not match the password"),
        ("password", "short", b"too short"),
        ("organisation", "", b"Organisation is required"),
        ("organisation", "!!!", b"needs a letter or a digit"),
    ],
)
def test_it_names_what_is_wrong_and_stores_nothing(client, field, value, message):
    data = {**GOOD, field: value}
    if field == "password":
        data["password_again"] = value
    answer = client.post(reverse("setup"), data)
    assert answer.status_code == 400
    assert message in answer.content
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
    assert not Period.objects.exists()
