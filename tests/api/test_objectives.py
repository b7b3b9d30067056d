"""Objectives: lists that never show what their pages would refuse, and writes by the rules."""

import pytest

from okrs.audit.services import Author
from okrs.goals.models import Objective
from okrs.goals.services import create_focus_area, create_objective, record_check_in


def titles(response):
    return [item["title"] for item in response.body["items"]]


@pytest.fixture
def bob(world, as_user):
    return as_user(world.bob)


@pytest.fixture
def alice(world, as_user):
    return as_user(world.alice)


def test_it_lists_only_what_the_caller_may_read_and_counts_that(world, okrs, as_user, bob):
    response = bob.get("/objectives")
    assert titles(response) == ["Make the web app feel instant"]
    assert response.body["count"] == 1
    carol = as_user(world.carol).get("/objectives")
    assert carol.body["count"] == 2


def test_it_counts_after_the_permission_filter_when_paging(world, okrs, bob):
    for n in range(3):
        create_objective(
            world.period, f"Hidden {n}", owner_unit=world.api_team, visibility="private"
        )
    create_objective(world.period, "Visible", owner_unit=world.api_team)
    first = bob.get("/objectives", limit=1)
    assert first.body["count"] == 2
    assert titles(first) == ["Make the web app feel instant"]
    assert titles(bob.get("/objectives", limit=1, offset=1)) == ["Visible"]


def test_it_filters_objectives(world, okrs, bob):
    area = create_focus_area(world.period, "Speed")
    mine = create_objective(world.period, "Learn Rust", owner_user=world.bob, focus_areas=[area])
    record_check_in(okrs.lcp, 2950, 7, by=Author(world.bob))
    assert titles(bob.get("/objectives", unit=world.web_team.pk)) == [okrs.web.title]
    assert titles(bob.get("/objectives", owner_user=world.bob.pk)) == [mine.title]
    assert titles(bob.get("/objectives", focus_area=area.pk)) == [mine.title]
    assert titles(bob.get("/objectives", q="RUST")) == [mine.title]
    assert titles(bob.get("/objectives", health="pending")) == [mine.title]
    assert bob.get("/objectives", period=world.period.pk).body["count"] == 2
    assert bob.get("/objectives", visibility="private").body["count"] == 0
    assert bob.get("/objectives", state="closed").body["count"] == 0


def test_it_orders_objectives(world, okrs, bob):
    create_objective(world.period, "Another", owner_unit=world.web_team)
    record_check_in(okrs.lcp, 2950, 7, by=Author(world.bob))
    assert titles(bob.get("/objectives", ordering="title")) == ["Another", okrs.web.title]
    assert titles(bob.get("/objectives", ordering="-progress"))[0] == okrs.web.title
    assert titles(bob.get("/objectives", ordering="progress"))[0] == "Another"


def test_it_shows_one_objective_with_its_read_only_figures(okrs, bob):
    response = bob.get(f"/objectives/{okrs.web.pk}")
    assert response.body["owner_unit_id"] == okrs.web.owner_unit_id
    assert response.body["health"] == "pending"
    assert {"progress", "health_reason", "last_check_in_at", "final_score"} <= set(response.body)


def test_it_lets_a_lead_create_an_objective_for_their_unit(world, alice):
    body = {"period": world.period.pk, "title": "Ship dark mode", "owner_unit": world.web_team.pk}
    response = alice.post("/objectives", body)
    assert response.status_code == 201
    assert response.body["visibility"] == "public"
    assert Objective.objects.get(pk=response.body["id"]).title == "Ship dark mode"


def test_it_lets_a_member_create_only_their_own_objectives(world, bob):
    own = {"period": world.period.pk, "title": "Learn Rust", "owner_user": world.bob.pk}
    assert bob.post("/objectives", own).status_code == 201
    unit = {"period": world.period.pk, "title": "Rewrite it", "owner_unit": world.web_team.pk}
    assert bob.post("/objectives", unit).status_code == 403
    someone_else = {"period": world.period.pk, "title": "Theirs", "owner_user": world.alice.pk}
    assert bob.post("/objectives", someone_else).status_code == 403


def test_it_wants_exactly_one_owner(world, alice):
    response = alice.post("/objectives", {"period": world.period.pk, "title": "Nobody's"})
    assert response.status_code == 422
    assert "owner" in response.body["errors"]


def test_it_changes_only_the_fields_sent(world, okrs, alice):
    response = alice.patch(f"/objectives/{okrs.web.pk}", {"title": "Make it instant"})
    assert response.status_code == 200
    assert response.body["title"] == "Make it instant"
    assert response.body["owner_unit_id"] == world.web_team.pk
    assert alice.patch(f"/objectives/{okrs.web.pk}", {"progress": 1}).status_code == 422
    assert alice.patch(f"/objectives/{okrs.web.pk}", {"state": "closed"}).status_code == 422


def test_it_refuses_changes_the_caller_may_not_make(world, okrs, alice, bob):
    assert bob.patch(f"/objectives/{okrs.web.pk}", {"title": "Mine"}).status_code == 403
    # Alice leads web, not API: she may not give the objective away to a unit she cannot edit.
    moved = alice.patch(f"/objectives/{okrs.web.pk}", {"owner_unit": world.api_team.pk})
    assert moved.status_code == 403


def test_it_moves_an_objective_to_a_person(world, okrs, alice):
    response = alice.patch(f"/objectives/{okrs.web.pk}", {"owner_user": world.bob.pk})
    assert response.status_code == 200
    assert response.body["owner_unit_id"] is None
    assert response.body["owner_user_id"] == world.bob.pk


def test_it_deletes_an_objective(okrs, alice, bob):
    assert bob.delete(f"/objectives/{okrs.web.pk}").status_code == 403
    assert alice.delete(f"/objectives/{okrs.web.pk}").status_code == 204
    assert alice.get(f"/objectives/{okrs.web.pk}").status_code == 404


def test_it_closes_an_objective_with_a_score(okrs, alice, bob):
    path = f"/objectives/{okrs.web.pk}/close"
    assert bob.post(path, {"score": 1}).status_code == 403
    response = alice.post(path, {"score": 0.6})
    assert response.status_code == 422
    assert "score_note" in response.body["errors"]
    assert alice.post(path, {"score": 1.5, "note": "x"}).status_code == 422
    closed = alice.post(path, {"score": 0.6, "note": "Images took longer"})
    assert closed.status_code == 200
    assert closed.body["state"] == "closed"
    assert closed.body["final_score"] == 0.6
    assert closed.body["health"] == "closed"


def test_it_hides_private_objectives_like_missing_ones(okrs, bob):
    path = f"/objectives/{okrs.secret.pk}"
    assert bob.get(path).status_code == 404
    assert bob.patch(path, {"title": "x"}).status_code == 404
    assert bob.delete(path).status_code == 404


def test_it_refuses_to_edit_a_closed_objective(world, okrs, alice, bob, as_user):
    from okrs.goals.services import close_objective

    close_objective(okrs.web, 0.6, "Images took longer")
    said = "This objective is closed: it is read-only until an admin reopens it."
    dave = as_user(world.dave)
    for caller in (alice, dave):  # the lead above and an admin: allowed, but it is closed
        response = caller.patch(f"/objectives/{okrs.web.pk}", {"title": "Something else"})
        assert (response.status_code, response.body["error"]) == (409, said)
        assert caller.patch(f"/key-results/{okrs.lcp.pk}", {"target": 2000}).status_code == 409
        assert caller.delete(f"/key-results/{okrs.lcp.pk}").status_code == 409
        assert caller.delete(f"/objectives/{okrs.web.pk}").status_code == 409
        body = {"objective": okrs.web.pk, "title": "TTFB p75"}
        assert caller.post("/key-results", body).status_code == 409
    assert bob.patch(f"/objectives/{okrs.web.pk}", {"title": "x"}).status_code == 403
    assert Objective.objects.get(pk=okrs.web.pk).title == "Make the web app feel instant"


def test_it_lets_an_admin_reopen_a_closed_objective(world, okrs, alice, as_user):
    from okrs.goals.services import close_objective

    path = f"/objectives/{okrs.web.pk}/reopen"
    dave = as_user(world.dave)
    not_closed = dave.post(path)
    assert (not_closed.status_code, not_closed.body["error"]) == (
        409,
        "This objective is not closed.",
    )
    close_objective(okrs.web, 0.6, "Images took longer")
    assert alice.post(path).status_code == 403  # a lead closes, only an admin reopens
    reopened = dave.post(path)
    assert reopened.status_code == 200
    assert (reopened.body["state"], reopened.body["final_score"]) == ("active", None)
    assert reopened.body["health"] != "closed"
    assert alice.patch(f"/objectives/{okrs.web.pk}", {"title": "Faster"}).status_code == 200


def test_it_refuses_reopening_in_a_closed_period(world, okrs, as_user):
    from okrs.goals.services import close_objective, update_period

    close_objective(okrs.web, 0.6, "Images took longer")
    update_period(world.period, state="closed")
    response = as_user(world.dave).post(f"/objectives/{okrs.web.pk}/reopen")
    assert response.status_code == 409
    assert response.body["error"] == "2026 Q4 is closed: its objectives stay closed."
    assert response.body["errors"] == {"period": [response.body["error"]]}
