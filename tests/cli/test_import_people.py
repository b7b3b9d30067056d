"""`okrs import people`: a file of people into units, once, all or nothing."""

import pytest
from typer.testing import CliRunner

from okrs.audit.models import AuditEntry
from okrs.cli import app
from okrs.orgs.models import Membership, Unit
from tests.people_files import people_csv, stored

runner = CliRunner()
pytestmark = pytest.mark.django_db


def import_people(path, *options):
    return runner.invoke(app, ["import", "people", str(path), "--org", "acme", *options])


def test_it_imports_200_people_then_changes_nothing_on_a_second_run(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(people_csv(200))
    result = import_people(path)
    assert result.exit_code == 0, result.output
    assert "Imported: 11 units created, 200 people created" in result.output
    assert "200 memberships added" in result.output
    assert Unit.objects.filter(organisation=world.organisation).count() == 4 + 11
    assert Membership.objects.filter(user__email__endswith="@example.com").count() == 200
    assert AuditEntry.objects.filter(via="cli").count() == 11 + 3 * 200
    before = stored()
    again = import_people(path)
    assert again.exit_code == 0, again.output
    assert "0 units created, 0 people created" in again.output
    assert "200 lines unchanged" in again.output
    assert stored() == before


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (people_csv(200, bad_line=17), "line 17, column email: 'person15@' is not an email"),
        (people_csv(200, bad_line=17, role="boss"), "line 17, column role: 'boss' is not a role"),
    ],
)
def test_it_refuses_a_bad_line_naming_it_and_stores_nothing(world, tmp_path, text, problem):
    path = tmp_path / "people.csv"
    path.write_text(text)
    before = stored()
    result = import_people(path)
    assert result.exit_code == 2
    assert f"error: {path}: {problem}" in result.output
    assert stored() == before


def test_a_dry_run_says_what_would_change_and_stores_nothing(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(people_csv(20))
    before = stored()
    result = import_people(path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would change: 11 units created, 20 people created" in result.output
    assert "nothing stored" in result.output
    assert stored() == before


def test_it_names_what_it_cannot_find(world, tmp_path):
    missing = import_people(tmp_path / "nowhere.csv")
    assert missing.exit_code == 2
    assert "cannot read" in missing.output
    path = tmp_path / "people.csv"
    path.write_text(people_csv(2))
    wrong_org = runner.invoke(app, ["import", "people", str(path), "--org", "nope"])
    assert wrong_org.exit_code == 2
    assert "no organisation 'nope'" in wrong_org.output
