"""`okrs invite` and `okrs person`: the people page's actions from the command line."""

import pytest
from typer.testing import CliRunner

from okrs.audit.models import AuditEntry
from okrs.cli import app
from okrs.goals.access import access_for
from okrs.orgs.models import Invitation

runner = CliRunner()
pytestmark = pytest.mark.django_db


def test_it_invites_by_mail(world, mailbox):
    result = runner.invoke(app, ["invite", "erin@acme.test", "--org", "acme", "--unit", "web"])
    assert result.exit_code == 0, result.output
    assert "Invitation sent to erin@acme.test." in result.output
    assert mailbox.to("erin@acme.test")
    invitation = Invitation.objects.get(email="erin@acme.test")
    assert invitation.unit == world.web_team
    assert AuditEntry.objects.filter(object_type="invitation", via="cli").exists()


def test_without_mail_it_prints_the_link(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = runner.invoke(app, ["invite", "erin@acme.test", "--org", "acme", "--unit", "web"])
    assert result.exit_code == 0, result.output
    assert "/invitations/" in result.output


def test_it_names_a_bad_unit_and_a_bad_role(world):
    missing = runner.invoke(app, ["invite", "erin@acme.test", "--org", "acme", "--unit", "nope"])
    assert missing.exit_code == 2
    assert "no unit 'nope'" in missing.output
    bad = runner.invoke(
        app, ["invite", "erin@acme.test", "--org", "acme", "--unit", "web", "--role", "boss"]
    )
    assert bad.exit_code == 2
    assert "role" in bad.output
    assert not Invitation.objects.exists()


def test_it_changes_access_and_deactivates(world):
    result = runner.invoke(app, ["person", "role", "bob-acme", "viewer", "--org", "acme"])
    assert result.exit_code == 0, result.output
    assert access_for(world.bob).actor.role == "viewer"
    result = runner.invoke(app, ["person", "deactivate", "bob-acme", "--org", "acme"])
    assert result.exit_code == 0, result.output
    assert access_for(world.bob) is None
    runner.invoke(app, ["person", "reactivate", "bob-acme", "--org", "acme"])
    assert access_for(world.bob) is not None


def test_it_keeps_the_last_admin(world):
    result = runner.invoke(app, ["person", "role", "dave-acme", "member", "--org", "acme"])
    assert result.exit_code == 2
    assert "last admin" in result.output
    assert access_for(world.dave).can_administer
