"""Periods and focus areas: read by everyone, set up by admins."""

import pytest

from okrs.audit.models import AuditEntry


@pytest.fixture
def dave(world, as_user):
    return as_user(world.dave)


def test_it_lists_periods_with_their_stored_figures(world, okrs, as_user):
    response = as_user(world.bob).get("/periods")
    period = response.body["items"][0]
    assert period["name"] == "2026 Q4"
    assert period["objective_count"] == 1
    assert {"progress", "health", "health_reason", "last_check_in_at"} <= set(period)
    assert as_user(world.bob).get("/periods", state="draft").body["count"] == 0


def test_it_lets_admins_create_and_change_periods(world, dave):
    created = dave.post("/periods", {"name": "2027 Q1", "start": "2027-01-01", "end": "2027-03-31"})
    assert created.status_code == 201
    assert created.body["state"] == "draft"
    changed = dave.patch(f"/periods/{created.body['id']}", {"state": "active"})
    assert changed.status_code == 200
    assert changed.body["state"] == "active"
    assert dave.get(f"/periods/{created.body['id']}").body["name"] == "2027 Q1"
    assert AuditEntry.objects.filter(object_type="period", action="update").exists()


def test_it_refuses_bad_periods(world, dave):
    response = dave.post("/periods", {"name": "Q1", "start": "2027-03-01", "end": "2027-01-01"})
    assert response.status_code == 422
    assert response.body["errors"] == {"end": ["must not be before the start"]}
    assert dave.patch(f"/periods/{world.period.pk}", {"name": None}).status_code == 422
    assert dave.patch(f"/periods/{world.period.pk}", {"progress": 1}).status_code == 422


def test_it_refuses_period_changes_from_non_admins(world, as_user):
    alice = as_user(world.alice)
    assert alice.patch(f"/periods/{world.period.pk}", {"name": "Mine"}).status_code == 403
    dave_reading = as_user(world.dave, can_write=False)
    assert dave_reading.patch(f"/periods/{world.period.pk}", {"name": "Mine"}).status_code == 403


def test_it_manages_focus_areas(world, dave, as_user):
    created = dave.post("/focus-areas", {"period": world.period.pk, "title": "Speed"})
    assert created.status_code == 201
    area = created.body["id"]
    assert dave.patch(f"/focus-areas/{area}", {"description": "Fast pages"}).status_code == 200
    bob = as_user(world.bob)
    assert bob.get(f"/focus-areas/{area}").body["description"] == "Fast pages"
    assert bob.get("/focus-areas", period=world.period.pk).body["count"] == 1
    assert bob.get("/focus-areas", period=987654).body["count"] == 0
    assert bob.post("/focus-areas", {"period": world.period.pk, "title": "Mine"}).status_code == 403
    assert bob.patch(f"/focus-areas/{area}", {"title": "Mine"}).status_code == 403
