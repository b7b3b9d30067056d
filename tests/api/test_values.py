"""Values pushed by CI: retries never store twice."""

import pytest

from okrs.goals.models import CheckIn, KeyResult


@pytest.fixture
def push(world, okrs, as_user):
    api = as_user(world.bob)

    def send(body, key=None):
        headers = {"Idempotency-Key": key} if key else {}
        return api.post(f"/key-results/{okrs.lcp.pk}/values", body, **headers)

    return send


def test_it_stores_a_pushed_value(okrs, push):
    response = push({"value": 2950, "source": "ci:lighthouse", "note": "nightly"})
    assert response.status_code == 201
    assert response.body["source"] == "ci:lighthouse"
    assert response.body["confidence"] is None  # a machine knows no confidence
    assert KeyResult.objects.get(pk=okrs.lcp.pk).current == 2950


def test_it_stores_once_for_the_same_idempotency_key(push):
    first = push({"value": 2950}, key="run-41")
    again = push({"value": 2950}, key="run-41")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.body == first.body
    assert CheckIn.objects.count() == 1


def test_it_stores_once_for_the_same_source_and_time(push):
    body = {"value": 2950, "source": "ci:lighthouse", "time": "2026-11-02T03:00:00Z"}
    assert push(body).status_code == 201
    assert push(body).status_code == 200
    assert CheckIn.objects.count() == 1


def test_it_stores_different_pushes_separately(push):
    assert push({"value": 2950}, key="run-41").status_code == 201
    assert push({"value": 2900}, key="run-42").status_code == 201
    base = {"value": 2950, "source": "ci:lighthouse"}
    assert push({**base, "time": "2026-11-02T03:00:00Z"}).status_code == 201
    assert push({**base, "time": "2026-11-03T03:00:00Z"}).status_code == 201
    assert CheckIn.objects.count() == 4


def test_it_gives_a_pushed_value_no_confidence_of_its_own(push, okrs):
    push({"value": 3000, "confidence": 8})  # a script that knows the team's confidence
    assert push({"value": 2950}).body["confidence"] is None
    okrs.lcp.refresh_from_db()
    assert okrs.lcp.confidence == 8  # the key result shows the last one somebody gave


def test_it_refuses_bad_pushes(world, okrs, as_user, push):
    assert push({"value": "fast"}).status_code == 422
    assert push({"value": 1}, key="k" * 201).status_code == 422
    assert push({"value": 1, "source": "s" * 101}).status_code == 422
    # a number is not a moment, even if pydantic could read it as seconds since 1970
    refused = push({"value": 1, "time": 1_700_000_000})
    assert refused.status_code == 422
    assert "ISO 8601" in str(refused.body["errors"])
    reader = as_user(world.bob, can_write=False)
    assert reader.post(f"/key-results/{okrs.lcp.pk}/values", {"value": 1}).status_code == 403
    assert reader.post(f"/key-results/{okrs.term_sheet.pk}/values", {"value": 1}).status_code == 404
