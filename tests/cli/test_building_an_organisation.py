"""Issue 11's acceptance from the command line only: an empty server set up, a department
and two teams, three people in them (one mailed an invitation), the next quarter and a
focus area; then the people can log in to exactly those places."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth import authenticate
from typer.testing import CliRunner

from okrs.cli import app
from okrs.goals.access import access_for
from okrs.goals.models import FocusArea, Period
from okrs.orgs.models import Invitation, Unit

runner = CliRunner()
pytestmark = pytest.mark.django_db
PASSWORD = "a long passphrase"


def okrs(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@time_machine.travel(date(2026, 11, 2), tick=False)
def test_an_organisation_is_built_with_cli_commands_alone(mailbox):
    okrs(
        "setup",
        "--org",
        "Acme",
        "--name",
        "Ada Admin",
        "--email",
        "ada@acme.test",
        "--password",
        PASSWORD,
    )
    okrs("unit", "add", "Engineering", "--org", "acme", "--kind", "department")
    okrs("unit", "add", "Web App", "--org", "acme", "--parent", "engineering")
    okrs("unit", "add", "Public API", "--org", "acme", "--parent", "engineering")
    for username, team, role in [("lena", "web-app", "lead"), ("max", "web-app", "member")]:
        okrs(
            "createuser",
            username,
            "--org",
            "acme",
            "--email",
            f"{username}@acme.test",
            "--password",
            PASSWORD,
        )
        okrs("unit", "member", "add", team, username, "--role", role, "--org", "acme")
    okrs("invite", "ora@acme.test", "--org", "acme", "--unit", "public-api", "--name", "Ora")
    okrs("period", "create", "--org", "acme")
    okrs("focus-area", "add", "Q1 2027", "Speed", "--org", "acme")

    tree = okrs("unit", "list", "--org", "acme")
    for shown in ("Acme", "Engineering", "Web App", "Public API", "lena", "max"):
        assert shown in tree
    lena = authenticate(username="lena", password=PASSWORD)
    web_app = Unit.objects.get(slug="web-app")
    assert lena is not None
    assert access_for(lena).can_manage_unit(web_app)
    assert not access_for(lena).can_manage_unit(Unit.objects.get(slug="public-api"))
    max_ = authenticate(username="max", password=PASSWORD)
    assert not access_for(max_).can_manage_unit(web_app)
    assert mailbox.to("ora@acme.test")
    assert Invitation.objects.get(email="ora@acme.test").unit.slug == "public-api"
    quarters = list(Period.objects.order_by("start").values_list("name", "state"))
    assert quarters == [("Q4 2026", "active"), ("Q1 2027", "draft")]
    assert FocusArea.objects.get().period.name == "Q1 2027"
