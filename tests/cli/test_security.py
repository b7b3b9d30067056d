"""`okrs security-log` and `okrs unlock`: the operator's view of logins and lockouts."""

import pytest
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from okrs.cli import app
from tests.factories import make_world

runner = CliRunner()
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    from okrs.cli.common import console

    monkeypatch.setattr(console, "width", 200)  # a table of 6 columns in a terminal


def _login(username: str, password: str) -> int:
    data = {"username": username, "password": password}
    return Client().post(reverse("login"), data).status_code


def test_it_shows_the_operator_every_organisations_events(world):
    make_world("globex")
    _login("bob-acme", "a wrong guess")
    _login("bob-globex", "a wrong guess")
    _login("nobody-at-all", "a wrong guess")
    result = runner.invoke(app, ["security-log", "--kind", "login_failed"])
    assert result.exit_code == 0, result.output
    for name in ("bob-acme", "bob-globex", "nobody-at-all"):
        assert name in result.output
    assert "membership_changed" not in result.output


def test_it_narrows_to_one_organisation_and_one_person(world):
    make_world("globex")
    _login("bob-acme", "a wrong guess")
    _login("bob-globex", "a wrong guess")
    one_org = runner.invoke(app, ["security-log", "--org", "globex"])
    assert "bob-globex" in one_org.output
    assert "bob-acme" not in one_org.output
    one_person = runner.invoke(app, ["security-log", "--user", "bob-acme"])
    assert "bob-acme" in one_person.output
    assert "bob-globex" not in one_person.output


def test_it_names_a_wrong_kind_or_organisation(world):
    assert "is not one of" in runner.invoke(app, ["security-log", "--kind", "x"]).output
    assert (
        "no organisation 'nowhere'"
        in runner.invoke(app, ["security-log", "--org", "nowhere"]).output
    )


def test_unlock_lifts_a_lockout_before_the_cooloff(world, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login("bob-acme", f"guess {n}")
    assert _login("bob-acme", "correct horse battery") == 429
    result = runner.invoke(app, ["unlock", "bob-acme"])
    assert result.exit_code == 0, result.output
    assert "Lifted 1 lockout record(s) of bob-acme." in result.output
    assert _login("bob-acme", "correct horse battery") == 302
