"""The `okrs` command, run in-process with Typer's runner against the test database."""

import pytest
from django.contrib.auth import authenticate
from typer.testing import CliRunner

from okrs.audit.services import Author
from okrs.cli import app
from okrs.demo import DEMO_SLUG
from okrs.goals.models import KeyResult, Objective
from okrs.goals.services import add_key_result, create_objective, record_check_in
from okrs.orgs.models import Organisation

runner = CliRunner()


def test_it_lists_its_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "demo", "recompute", "createuser"):
        assert command in result.output


@pytest.mark.django_db
def test_createuser_makes_a_person_who_can_log_in(world):
    result = runner.invoke(
        app, ["createuser", "erin", "--org", "acme", "--password", "a long passphrase"]
    )
    assert result.exit_code == 0, result.output
    assert authenticate(username="erin", password="a long passphrase") is not None


@pytest.mark.django_db
def test_createuser_names_what_is_wrong(world):
    result = runner.invoke(
        app, ["createuser", "alice-acme", "--org", "nowhere", "--password", "short"]
    )
    assert result.exit_code == 2
    assert "username" in result.output
    assert "org" in result.output
    assert "password" in result.output


@pytest.mark.django_db
def test_recompute_repairs_stored_figures(world):
    objective = create_objective(world.period, "Ship faster", owner_unit=world.web_team)
    key_result = add_key_result(objective, "Deploys a week", start=2, target=10)
    record_check_in(key_result, 6, 7, by=Author(world.bob))
    KeyResult.objects.update(progress=0.9)  # as if a bug or a manual edit broke it
    Objective.objects.update(progress=0.9)
    result = runner.invoke(app, ["recompute"])
    assert result.exit_code == 0, result.output
    assert "Recomputed 1 objectives" in result.output
    objective.refresh_from_db()
    assert objective.progress == pytest.approx(0.5)


@pytest.mark.django_db
def test_recompute_check_reports_drift_without_repairing_it(world):
    objective = create_objective(world.period, "Ship faster", owner_unit=world.web_team)
    key_result = add_key_result(objective, "Deploys a week", start=2, target=10)
    record_check_in(key_result, 6, 7, by=Author(world.bob))
    assert runner.invoke(app, ["recompute", "--check"]).exit_code == 0
    KeyResult.objects.update(progress=0.9)
    result = runner.invoke(app, ["recompute", "--check"])
    assert result.exit_code == 1
    assert f"KeyResult {key_result.pk} progress: stored 0.9, rebuilt 0.5" in result.output
    key_result.refresh_from_db()
    assert key_result.progress == 0.9  # only reported


@pytest.mark.django_db
def test_demo_refuses_to_load_beside_a_real_organisation(world):
    # The demo's logins are printed in the README: beside "acme" they would be a way in.
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 2
    assert "1 other organisation(s) (Acme)" in result.output
    assert not Organisation.objects.filter(slug=DEMO_SLUG).exists()


@pytest.mark.django_db
def test_demo_loads_beside_a_real_organisation_when_forced(world):
    result = runner.invoke(app, ["demo", "--force"])
    assert result.exit_code == 0, result.output
    assert Organisation.objects.filter(slug=DEMO_SLUG).exists()


@pytest.mark.django_db
def test_createuser_makes_the_servers_operator(world):
    result = runner.invoke(
        app,
        ["createuser", "olga", "--org", "acme", "--operator", "--password", "a long passphrase"],
    )
    assert result.exit_code == 0, result.output
    olga = authenticate(username="olga", password="a long passphrase")
    assert olga.is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("frederick-the-great", "too similar to the username"),
        ("4815162342", "entirely numeric"),
        ("password123", "too common"),
        ("short-1", "too short"),
    ],
)
def test_createuser_refuses_a_weak_password_naming_the_field(world, password, reason):
    result = runner.invoke(
        app, ["createuser", "frederick-the-great", "--org", "acme", "--password", password]
    )
    assert result.exit_code == 2
    assert "password" in result.output
    assert reason in result.output
    assert authenticate(username="frederick-the-great", password=password) is None
