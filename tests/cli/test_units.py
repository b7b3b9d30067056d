"""`okrs unit …`: the organisation tree from the command line, recorded as the CLI."""

import pytest
from typer.testing import CliRunner

from okrs.audit.models import AuditEntry
from okrs.cli import app
from okrs.orgs.models import Membership, Unit
from okrs.orgs.units import archive_unit

runner = CliRunner()


def okrs(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.django_db
def test_it_adds_renames_moves_and_lists_units(world):
    added = okrs("unit", "add", "Mobile", "--org", "acme", "--parent", "web")
    assert added.exit_code == 0, added.output
    assert Unit.objects.get(slug="mobile").depth == 3
    below_root = okrs("unit", "add", "Sales", "--org", "acme", "--kind", "department")
    assert below_root.exit_code == 0, below_root.output
    assert Unit.objects.get(slug="sales").parent == world.company
    renamed = okrs("unit", "rename", "mobile", "Mobile apps", "--org", "acme")
    assert renamed.exit_code == 0, renamed.output
    moved = okrs("unit", "move", "web", "--parent", "sales", "--org", "acme")
    assert moved.exit_code == 0, moved.output
    assert Unit.objects.get(slug="mobile").depth == 3
    assert Unit.objects.get(slug="web").parent.slug == "sales"
    listing = okrs("unit", "list", "--org", "acme")
    assert "Mobile apps" in listing.output
    assert "alice-acme (lead)" in listing.output
    assert AuditEntry.objects.filter(via="cli", object_type="unit").count() == 4


@pytest.mark.django_db
def test_it_archives_and_lists_archived_units_only_when_asked(world):
    archived = okrs("unit", "archive", "engineering", "--org", "acme")
    assert archived.exit_code == 0, archived.output
    assert "2 units below it" in archived.output
    assert "Engineering" not in okrs("unit", "list", "--org", "acme").output
    assert "archived" in okrs("unit", "list", "--org", "acme", "--archived").output
    assert okrs("unit", "restore", "engineering", "--org", "acme").exit_code == 0


@pytest.mark.django_db
def test_it_adds_and_removes_members_by_username_or_email(world):
    world.carol.email = "carol@example.com"
    world.carol.save()
    added = okrs(
        "unit", "member", "add", "api", "carol@example.com", "--role", "lead", "--org", "acme"
    )
    assert added.exit_code == 0, added.output
    assert Membership.objects.get(unit=world.api_team, user=world.carol).role == "lead"
    removed = okrs("unit", "member", "remove", "api", "carol-acme", "--org", "acme")
    assert removed.exit_code == 0, removed.output
    assert not Membership.objects.filter(unit=world.api_team, user=world.carol).exists()


@pytest.mark.django_db
def test_refusals_are_one_line_naming_the_field_with_exit_2(world):
    cycle = okrs("unit", "move", "engineering", "--parent", "web", "--org", "acme")
    assert cycle.exit_code == 2
    assert "parent:" in cycle.output
    assert len(cycle.output.strip().splitlines()) == 1
    assert okrs("unit", "archive", "nowhere", "--org", "acme").exit_code == 2
    assert "no unit 'nowhere'" in okrs("unit", "archive", "nowhere", "--org", "acme").output
    archive_unit(world.api_team)
    joined = okrs("unit", "member", "add", "api", "bob-acme", "--org", "acme")
    assert joined.exit_code == 2
    assert "archived" in joined.output
    assert (
        okrs(
            "unit", "member", "add", "web", "bob-acme", "--role", "boss", "--org", "acme"
        ).exit_code
        == 2
    )
