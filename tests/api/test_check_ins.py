"""Check-ins one at a time and in all-or-nothing batches, and the leads' feedback."""

import pytest

from okrs.audit.services import Author
from okrs.goals.models import CheckIn, Objective
from okrs.goals.services import record_check_in


@pytest.fixture
def bob(world, as_user):
    return as_user(world.bob)


def check_in(okrs, **fields):
    return {"key_result": okrs.lcp.pk, "value": 2950, "confidence": 7, **fields}


def test_it_stores_a_check_in_and_rolls_it_up(world, okrs, bob):
    response = bob.post("/check-ins", check_in(okrs, note="Images lazy-load", signal="insight"))
    assert response.status_code == 201
    assert response.body["author_id"] == world.bob.pk
    assert response.body["signal"] == "insight"
    objective = Objective.objects.get(pk=okrs.web.pk)
    assert objective.progress == pytest.approx(0.5)
    assert objective.last_check_in_at is not None
    assert bob.get(f"/objectives/{okrs.web.pk}").body["progress"] == pytest.approx(0.5)


def test_it_accepts_a_back_filled_moment(okrs, bob):
    response = bob.post("/check-ins", check_in(okrs, checked_at="2026-10-15T09:00:00"))
    assert response.body["checked_at"].startswith("2026-10-15T09:00:00")


def test_it_refuses_check_ins_the_caller_may_not_make(world, okrs, as_user, bob):
    assert bob.post("/check-ins", check_in(okrs, key_result=okrs.term_sheet.pk)).status_code == 404
    outsider = as_user(world.carol, can_write=False)
    assert outsider.post("/check-ins", check_in(okrs)).status_code == 403


def test_it_lists_and_filters_check_ins(world, okrs, as_user, bob):
    record_check_in(okrs.lcp, 3100, 6, "Slow", "blocker", by=Author(world.bob))
    record_check_in(okrs.lcp, 2950, 7, by=Author(world.bob))
    record_check_in(okrs.term_sheet, 0, 5, by=Author(world.carol))
    listed = bob.get("/check-ins")
    assert [item["value"] for item in listed.body["items"]] == [3100, 2950]
    assert listed.body["count"] == 2  # the private key result's check-in stays hidden
    assert as_user(world.carol).get("/check-ins").body["count"] == 3
    assert bob.get("/check-ins", signal="blocker").body["count"] == 1
    assert (
        bob.get("/check-ins", key_result=okrs.lcp.pk, ordering="-checked_at").body["items"][0][
            "value"
        ]
        == 2950
    )
    assert bob.get("/check-ins", objective=okrs.secret.pk).body["count"] == 0
    assert bob.get("/check-ins", since="2999-01-01T00:00:00Z").body["count"] == 0
    first = listed.body["items"][0]["id"]
    assert bob.get(f"/check-ins/{first}").body["note"] == "Slow"


def test_it_stores_a_batch(okrs, bob):
    items = [check_in(okrs, value=3200), check_in(okrs, value=3000)]
    response = bob.post("/check-ins/batch", {"items": items})
    assert response.status_code == 201
    assert [item["value"] for item in response.body["items"]] == [3200, 3000]
    assert response.body["count"] == 2


def test_it_stores_nothing_of_a_batch_with_a_bad_item(okrs, bob):
    items = [check_in(okrs), check_in(okrs), check_in(okrs), check_in(okrs, note="x" * 141)]
    response = bob.post("/check-ins/batch", {"items": items})
    assert response.status_code == 422
    assert list(response.body["errors"]) == ["items.3.note"]
    assert CheckIn.objects.count() == 0


def test_it_names_every_bad_item_of_a_batch(okrs, bob):
    items = [check_in(okrs, value="lots"), check_in(okrs), check_in(okrs, confidence=11)]
    response = bob.post("/check-ins/batch", {"items": items})
    assert set(response.body["errors"]) == {"items.0.value", "items.2.confidence"}
    milestone = [check_in(okrs), check_in(okrs, key_result=okrs.term_sheet.pk)]
    hidden = bob.post("/check-ins/batch", {"items": milestone})
    assert hidden.status_code == 404
    assert hidden.body["errors"] == {"items.1.key_result": ["not found"]}
    assert CheckIn.objects.count() == 0


def test_it_rolls_back_a_batch_when_a_late_item_fails_in_the_service(world, okrs, as_user):
    carol = as_user(world.carol)
    items = [check_in(okrs), check_in(okrs, key_result=okrs.term_sheet.pk, value=0.5)]
    response = carol.post("/check-ins/batch", {"items": items})
    assert response.status_code == 422
    assert list(response.body["errors"]) == ["items.1.value"]
    assert CheckIn.objects.count() == 0
    assert Objective.objects.get(pk=okrs.web.pk).last_check_in_at is None


def test_it_refuses_an_empty_batch(bob):
    assert bob.post("/check-ins/batch", {"items": []}).status_code == 422


def test_it_takes_feedback_from_leads(world, okrs, as_user, bob):
    stored = record_check_in(okrs.lcp, 2950, 7, by=Author(world.bob))
    alice = as_user(world.alice)
    body = {"check_in": stored.pk, "kind": "continue", "note": "Nice work"}
    created = alice.post("/feedback", body)
    assert created.status_code == 201
    assert created.body["author_id"] == world.alice.pk
    assert bob.post("/feedback", body).status_code == 403
    assert bob.get("/feedback", check_in=stored.pk).body["items"][0]["note"] == "Nice work"
    assert bob.get("/feedback", key_result=okrs.lcp.pk).body["count"] == 1
    assert bob.get(f"/feedback/{created.body['id']}").body["kind"] == "continue"
    assert alice.post("/feedback", {**body, "kind": "meh"}).status_code == 422


def test_it_hides_feedback_on_private_objectives(world, okrs, as_user, bob):
    stored = record_check_in(okrs.term_sheet, 0, 5, by=Author(world.carol))
    created = as_user(world.carol).post("/feedback", {"check_in": stored.pk, "kind": "consider"})
    assert created.status_code == 201
    assert bob.get("/feedback").body["count"] == 0
    assert bob.get(f"/feedback/{created.body['id']}").status_code == 404
    assert bob.post("/feedback", {"check_in": stored.pk, "kind": "continue"}).status_code == 404


def test_it_says_the_period_is_closed_when_checking_in(world, okrs, as_user, bob):
    from okrs.goals.services import update_period

    update_period(world.period, state="closed")
    for body, path in (
        (check_in(okrs), "/check-ins"),
        ({"items": [check_in(okrs)]}, "/check-ins/batch"),
        ({"value": 2950}, f"/key-results/{okrs.lcp.pk}/values"),
    ):
        response = bob.post(path, body)
        assert response.status_code == 409, path
        assert response.body["error"] == "2026 Q4 is closed: check-ins are history now."
    # Who may never check in here still hears 403, closed or not.
    viewer = as_user(world.carol, can_write=False)
    assert viewer.post("/check-ins", check_in(okrs)).status_code == 403
    assert not CheckIn.objects.exists()


def test_it_says_the_objective_is_closed_when_checking_in(okrs, bob):
    from okrs.goals.services import close_objective

    close_objective(okrs.web, 0.6, "Images took longer")
    response = bob.post("/check-ins", check_in(okrs))
    assert response.status_code == 409
    said = "This objective is closed: it takes no more check-ins until an admin reopens it."
    assert response.body["error"] == said
