"""`okrs setup`: the first run from the command line, non-interactive with flags."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth import authenticate
from typer.testing import CliRunner

from okrs.cli import app
from okrs.goals.models import Period
from okrs.orgs.models import Member, Organisation

runner = CliRunner()
pytestmark = pytest.mark.django_db
FLAGS = ["--org", "Acme", "--name", "Ada Lovelace", "--email", "ada@acme.test"]


@time_machine.travel(date(2026, 12, 4), tick=False)
def test_it_sets_up_an_empty_server_from_flags():
    result = runner.invoke(app, ["setup", *FLAGS, "--password", "a long passphrase"])
    assert result.exit_code == 0, result.output
    assert "Set up 'Acme'" in result.output
    assert "Q4 2026 active" in result.output
    admin = authenticate(username="ada", password="a long passphrase")
    assert admin is not None
    assert Member.objects.get(user=admin).organisation.slug == "acme"
    assert Period.objects.get().state == Period.State.ACTIVE


def test_it_takes_the_password_from_the_environment():
    result = runner.invoke(
        app,
        ["setup", *FLAGS, "--username", "ada.l"],
        env={"OKRS_SETUP_PASSWORD": "env passphrase!"},
    )
    assert result.exit_code == 0, result.output
    assert authenticate(username="ada.l", password="env passphrase!") is not None


def test_it_refuses_a_server_that_is_set_up_already(world):
    result = runner.invoke(app, ["setup", *FLAGS, "--password", "a long passphrase"])
    assert result.exit_code == 2
    assert "set up already" in result.output
    assert Organisation.objects.count() == 1


def test_it_names_every_bad_flag():
    result = runner.invoke(
        app, ["setup", "--org", "", "--name", "Ada", "--email", "nope", "--password", "x"]
    )
    assert result.exit_code == 2
    for field in ("organisation", "email", "password"):
        assert field in result.output
    assert not Organisation.objects.exists()
