"""`okrs period` and `okrs focus-area`: the next quarter by default, activation, focus
areas, each change audited as made through the CLI, errors on one line with exit 2."""

from datetime import date

import pytest
from typer.testing import CliRunner

from okrs.audit.models import AuditEntry
from okrs.cli import app
from okrs.goals import services
from okrs.goals.models import FocusArea, Period

runner = CliRunner()
pytestmark = pytest.mark.django_db


def okrs(*args: str):
    return runner.invoke(app, list(args))


def test_it_lists_periods_with_their_dates_and_state(world):
    result = okrs("period", "list", "--org", "acme")
    assert result.exit_code == 0, result.output
    assert "2026 Q4" in result.output
    assert "2026-10-01 – 2026-12-31" in result.output
    assert "active" in result.output


def test_it_creates_the_next_quarter_by_default(world):
    result = okrs("period", "create", "--org", "acme")
    assert result.exit_code == 0, result.output
    period = Period.objects.get(name="Q1 2027")
    assert (period.start, period.end, period.state) == (
        date(2027, 1, 1),
        date(2027, 3, 31),
        "draft",
    )
    assert "Created Q1 2027 (2027-01-01 – 2027-03-31) as a draft" in result.output
    entry = AuditEntry.objects.get(object_type="period", object_id=period.pk, action="create")
    assert (entry.via, entry.actor) == ("cli", None)
    assert "Q1 2027" in okrs("period", "list", "--org", "acme").output


def test_it_creates_a_period_as_told(world):
    result = okrs(
        "period", "create", "--org", "acme", "--name", "H1 2027", "--start", "2027-01-01",
        "--end", "2027-06-30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert Period.objects.get(name="H1 2027").end == date(2027, 6, 30)


def test_it_refuses_bad_dates_on_one_line(world):
    backwards = okrs(
        "period", "create", "--org", "acme", "--start", "2027-03-01", "--end", "2027-01-01"
    )
    assert backwards.exit_code == 2
    assert "end: must not be before the start" in backwards.output
    assert len(backwards.output.strip().splitlines()) == 1
    odd = okrs("period", "create", "--org", "acme", "--start", "soon")
    assert odd.exit_code == 2
    assert "--start: 'soon' is not a date" in odd.output
    assert Period.objects.count() == 1


def test_it_activates_a_draft_by_name_or_id(world):
    draft = services.create_period(
        world.organisation, "Q1 2027", date(2027, 1, 1), date(2027, 3, 31)
    )
    result = okrs("period", "activate", "q1 2027", "--org", "acme")
    assert result.exit_code == 0, result.output
    assert "Q1 2027 is active. Still active: 2026 Q4." in result.output
    draft.refresh_from_db()
    assert draft.state == "active"
    entry = AuditEntry.objects.get(object_type="period", object_id=draft.pk, action="update")
    assert (entry.changes, entry.via) == ({"state": ["draft", "active"]}, "cli")
    assert "is active already" in okrs("period", "activate", str(draft.pk), "--org", "acme").output


def test_it_names_what_it_cannot_activate(world):
    services.update_period(world.period, state="closed")
    closed = okrs("period", "activate", "2026 Q4", "--org", "acme")
    assert closed.exit_code == 2
    assert "2026 Q4 is closed; its scores are final." in closed.output
    missing = okrs("period", "activate", "Q9", "--org", "acme")
    assert missing.exit_code == 2
    assert "no period 'Q9' in 'acme'" in missing.output
    assert okrs("period", "list", "--org", "nope").exit_code == 2


def test_it_adds_and_lists_focus_areas(world):
    result = okrs(
        "focus-area",
        "add",
        "2026 Q4",
        "Reliability",
        "--org",
        "acme",
        "--description",
        "Fewer pages",
    )
    assert result.exit_code == 0, result.output
    area = FocusArea.objects.get()
    assert (area.title, area.description, area.period) == (
        "Reliability",
        "Fewer pages",
        world.period,
    )
    assert AuditEntry.objects.get(object_type="focusarea", action="create").via == "cli"
    listing = okrs("focus-area", "list", str(world.period.pk), "--org", "acme")
    assert listing.exit_code == 0, listing.output
    assert "Reliability" in listing.output
    assert "Fewer pages" in listing.output
    blank = okrs("focus-area", "add", "2026 Q4", " ", "--org", "acme")
    assert blank.exit_code == 2
    assert FocusArea.objects.count() == 1
