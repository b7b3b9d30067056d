"""`okrs token`: a token is printed once, stored as a digest, listed, and revocable."""

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.tokens.models import ApiToken
from okrs.tokens.services import authenticate

runner = CliRunner()


@pytest.mark.django_db
def test_it_creates_a_token_that_authenticates_and_is_stored_hashed(world):
    command = ["token", "create", "alice-acme", "--name", "CI coverage", "--org", "acme"]
    result = runner.invoke(app, [*command, "--write", "--unit", "web"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert secret.startswith("okrs_")
    assert secret not in (token.digest, token.prefix)
    assert authenticate(secret) == token
    assert (token.can_write, token.unit) == (True, world.web_team)


@pytest.mark.django_db
def test_it_lists_and_revokes_tokens(world):
    runner.invoke(app, ["token", "create", "bob-acme", "--name", "dashboard", "--org", "acme"])
    token = ApiToken.objects.get()
    listing = runner.invoke(app, ["token", "list", "--org", "acme"])
    assert "dashboard" in listing.output
    assert "never" in listing.output
    assert runner.invoke(app, ["token", "revoke", str(token.pk)]).exit_code == 0
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "revoked" in runner.invoke(app, ["token", "list", "--org", "acme"]).output


@pytest.mark.django_db
def test_it_names_what_it_cannot_find(world):
    result = runner.invoke(app, ["token", "create", "nobody", "--name", "x", "--org", "acme"])
    assert result.exit_code == 2
    assert "no person 'nobody'" in result.output
    result = runner.invoke(
        app, ["token", "create", "bob-acme", "--name", "x", "--org", "acme", "--unit", "nope"]
    )
    assert result.exit_code == 2
    assert "no unit 'nope'" in result.output


@pytest.mark.django_db
def test_it_refuses_a_name_the_database_cannot_hold(world):
    command = ["token", "create", "bob-acme", "--org", "acme", "--name"]
    result = runner.invoke(app, [*command, "n" * 101])
    assert result.exit_code == 2
    assert "101 characters; keep it to 100" in result.output
    assert not ApiToken.objects.exists()
