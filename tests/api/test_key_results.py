"""Key results and alignment: written by whoever may edit the objective."""

import pytest

from okrs.audit.services import Author
from okrs.goals.models import KeyResult
from okrs.goals.services import add_key_result, create_objective, record_check_in


@pytest.fixture
def bob(world, as_user):
    return as_user(world.bob)


@pytest.fixture
def alice(world, as_user):
    return as_user(world.alice)


def test_it_lists_key_results_the_caller_may_read(world, okrs, as_user, bob):
    assert [kr["title"] for kr in bob.get("/key-results").body["items"]] == ["LCP p75"]
    assert as_user(world.carol).get("/key-results").body["count"] == 2


def test_it_filters_and_pages_key_results(world, okrs, bob):
    add_key_result(okrs.web, "Bundle size", direction="decrease", start=900, target=500)
    record_check_in(okrs.lcp, 2950, 7, by=Author(world.bob))
    listed = bob.get("/key-results", objective=okrs.web.pk, limit=1)
    assert listed.body["count"] == 2
    assert [kr["title"] for kr in listed.body["items"]] == ["LCP p75"]
    assert bob.get("/key-results", objective=okrs.secret.pk).body["count"] == 0
    assert bob.get("/key-results", health="pending").body["items"][0]["title"] == "Bundle size"
    assert bob.get("/key-results", ordering="-progress").body["items"][0]["title"] == "LCP p75"


def test_it_shows_a_key_result_with_its_stored_figures(world, okrs, bob):
    record_check_in(okrs.lcp, 2950, 7, by=Author(world.bob))
    response = bob.get(f"/key-results/{okrs.lcp.pk}")
    assert response.body["current"] == 2950
    assert response.body["progress"] == pytest.approx(0.5)
    assert response.body["confidence"] == 7
    assert {"forecast_value", "forecast_off_track", "forecast_reason"} <= set(response.body)
    assert bob.get(f"/key-results/{okrs.term_sheet.pk}").status_code == 404


def test_it_adds_changes_and_deletes_key_results(world, okrs, alice):
    body = {
        "objective": okrs.web.pk,
        "title": "Uptime",
        "direction": "stay_within",
        "low": 99.5,
        "high": 100,
        "unit_label": "%",
        "owner": world.bob.pk,
    }
    created = alice.post("/key-results", body)
    assert created.status_code == 201
    assert created.body["owner_id"] == world.bob.pk
    assert created.body["health"] == "pending"
    path = f"/key-results/{created.body['id']}"
    changed = alice.patch(path, {"title": "Uptime (30 days)", "owner": None})
    assert changed.status_code == 200
    assert changed.body["owner_id"] is None
    assert changed.body["low"] == 99.5
    assert alice.delete(path).status_code == 204
    assert not KeyResult.objects.filter(pk=created.body["id"]).exists()


def test_it_refuses_key_result_writes_without_edit_rights(world, okrs, bob):
    body = {"objective": okrs.web.pk, "title": "Mine"}
    assert bob.post("/key-results", body).status_code == 403
    assert bob.patch(f"/key-results/{okrs.lcp.pk}", {"title": "x"}).status_code == 403
    assert bob.delete(f"/key-results/{okrs.lcp.pk}").status_code == 403
    hidden = {"objective": okrs.secret.pk, "title": "Mine"}
    assert bob.post("/key-results", hidden).body["errors"] == {"objective": ["not found"]}


def test_it_validates_key_results(okrs, alice):
    body = {"objective": okrs.web.pk, "title": "Band", "direction": "stay_within"}
    response = alice.post("/key-results", body)
    assert response.status_code == 422
    assert set(response.body["errors"]) == {"low", "high"}
    too_big = {"objective": okrs.web.pk, "title": "Huge", "target": 1e20}
    assert "target" in alice.post("/key-results", too_big).body["errors"]


def test_it_aligns_objectives(world, okrs, alice):
    child = create_objective(world.period, "Faster images", owner_unit=world.web_team)
    body = {"child": child.pk, "parent_key_result": okrs.lcp.pk, "weight": 2}
    created = alice.post("/alignments", body)
    assert created.status_code == 201
    assert created.body["kind"] == "contribute"
    link = created.body["id"]
    assert alice.get(f"/alignments/{link}").body["child_id"] == child.pk
    listed = alice.get(f"/objectives/{okrs.web.pk}/alignments")
    assert [item["id"] for item in listed.body["items"]] == [link]
    assert alice.delete(f"/alignments/{link}").status_code == 204
    assert alice.get(f"/alignments/{link}").status_code == 404


def test_it_refuses_loops_and_hidden_parents(world, okrs, alice, bob):
    child = create_objective(world.period, "Faster images", owner_unit=world.web_team)
    assert (
        alice.post("/alignments", {"child": child.pk, "parent_objective": okrs.web.pk}).status_code
        == 201
    )
    loop = alice.post("/alignments", {"child": okrs.web.pk, "parent_objective": child.pk})
    assert loop.status_code == 422
    assert "parent" in loop.body["errors"]
    hidden = alice.post("/alignments", {"child": child.pk, "parent_objective": okrs.secret.pk})
    assert hidden.body["errors"] == {"parent_objective": ["not found"]}
    assert alice.post("/alignments", {"child": child.pk}).status_code == 422
    assert (
        bob.post("/alignments", {"child": child.pk, "parent_key_result": okrs.lcp.pk}).status_code
        == 403
    )


def test_it_hides_links_to_objectives_the_caller_may_not_read(world, okrs, as_user, bob):
    child = create_objective(world.period, "Due diligence", owner_unit=world.web_team)
    link = as_user(world.dave).post(
        "/alignments", {"child": child.pk, "parent_objective": okrs.secret.pk}
    )
    assert link.status_code == 201
    assert bob.get(f"/objectives/{child.pk}/alignments").body["count"] == 0
    assert bob.get(f"/alignments/{link.body['id']}").status_code == 404


def test_it_takes_a_precision_of_0_to_6_and_keeps_values_full(world, okrs, alice):
    path = f"/key-results/{okrs.lcp.pk}"
    assert alice.get(path).body["precision"] is None  # inferred from start and target
    assert alice.patch(path, {"precision": 2}).body["precision"] == 2
    assert alice.patch(path, {"precision": 7}).status_code == 422
    assert alice.patch(path, {"precision": None}).body["precision"] is None
    record_check_in(okrs.lcp, 2950.123456, 7, by=Author(world.bob))
    assert alice.get(path).body["current"] == 2950.123456  # clients round
