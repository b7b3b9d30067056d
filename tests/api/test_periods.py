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


def test_it_suggests_the_quarter_after_the_latest_period(world, as_user):
    answer = as_user(world.bob).get("/periods/suggested")
    assert answer.status_code == 200
    assert answer.body == {"name": "Q1 2027", "start": "2027-01-01", "end": "2027-03-31"}


def test_it_activates_a_draft_and_keeps_the_other_active_period_active(world, dave):
    draft = dave.post("/periods", {"name": "Q1 2027", "start": "2027-01-01", "end": "2027-03-31"})
    answer = dave.post(f"/periods/{draft.body['id']}/activate")
    assert answer.status_code == 200
    assert answer.body["state"] == "active"
    assert dave.get(f"/periods/{world.period.pk}").body["state"] == "active"
    entry = AuditEntry.objects.get(
        object_type="period", object_id=draft.body["id"], action="update"
    )
    assert entry.changes == {"state": ["draft", "active"]}
    assert entry.via.startswith("token:")


def test_it_refuses_to_activate_a_closed_period(world, dave):
    dave.patch(f"/periods/{world.period.pk}", {"state": "closed"})
    answer = dave.post(f"/periods/{world.period.pk}/activate")
    assert answer.status_code == 409
    assert "scores are final" in answer.body["error"]


def test_it_deletes_only_focus_areas_no_objective_is_aligned_with(world, dave):
    spare = dave.post("/focus-areas", {"period": world.period.pk, "title": "Spare"}).body["id"]
    used = dave.post("/focus-areas", {"period": world.period.pk, "title": "Speed"}).body["id"]
    objective = dave.post(
        "/objectives",
        {
            "period": world.period.pk,
            "title": "Fast",
            "owner_unit": world.web_team.pk,
            "focus_areas": [used],
        },
    )
    assert objective.status_code == 201, objective.body
    assert dave.delete(f"/focus-areas/{spare}").status_code == 204
    assert AuditEntry.objects.filter(object_type="focusarea", action="delete").count() == 1
    refused = dave.delete(f"/focus-areas/{used}")
    assert refused.status_code == 409
    assert "has 1 objective" in refused.body["error"]
    assert dave.get(f"/focus-areas/{used}").status_code == 200
