"""Every error, whatever its status, has one shape; client mistakes are never 5xx."""

import json

import pytest
from django.db import IntegrityError
from django.test import Client

from okrs.goals import services
from tests.api.conftest import BASE, Api


def assert_envelope(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"ok", "status", "error", "errors"}
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str)
    assert body["error"]
    assert "\n" not in body["error"]
    assert all(
        isinstance(field, str) and messages and all(isinstance(m, str) for m in messages)
        for field, messages in body["errors"].items()
    )
    return body


@pytest.fixture
def bob(world, as_user):
    return as_user(world.bob)


def test_it_shapes_401(db):
    assert_envelope(Api().get("/me"), 401)


def test_it_shapes_403(world, okrs, as_user):
    alice = as_user(world.alice)
    assert_envelope(
        alice.post("/periods", {"name": "Q1", "start": "2027-01-01", "end": "2027-03-31"}), 403
    )


def test_it_shapes_404_for_unknown_and_hidden_ids_alike(bob, okrs):
    unknown = assert_envelope(bob.get("/objectives/987654"), 404)
    hidden = assert_envelope(bob.get(f"/objectives/{okrs.secret.pk}"), 404)
    assert unknown == hidden


def test_it_names_the_field_of_a_missing_reference(bob, okrs):
    body = {"key_result": 987654, "value": 1, "confidence": 5}
    response = assert_envelope(bob.post("/check-ins", body), 404)
    assert response["errors"] == {"key_result": ["not found"]}


def test_it_shapes_404_for_unknown_paths(bob):
    assert_envelope(bob.get("/no-such-thing"), 404)


def test_it_shapes_405(bob):
    response = bob.call("put", "/objectives", {})
    assert_envelope(response, 405)
    assert response["Allow"] == "GET, POST"


def test_it_shapes_400_for_a_body_that_is_not_json(bob):
    response = bob.client.post(
        f"{BASE}/check-ins", "{not json", content_type="application/json", headers=bob.headers
    )
    assert_envelope(response, 400)


def test_it_shapes_413_for_a_body_too_large(bob, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = bob.post("/check-ins", {"note": "x" * 2000})
    assert_envelope(response, 413)


def test_it_shapes_422_from_the_services_with_their_fields(world, okrs, as_user):
    body = {
        "objective": okrs.web.pk,
        "title": "Faster",
        "direction": "increase",
        "start": 5,
        "target": 1,
    }
    response = assert_envelope(as_user(world.alice).post("/key-results", body), 422)
    assert response["errors"] == {"target": ["must be above the start value for an increase"]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": "lots", "confidence": 5}, "value"),
        ({"value": 1e300, "confidence": 5}, "value"),
        ({"value": 1, "confidence": 5.5}, "confidence"),
        ({"value": 1, "confidence": 99999999999999999999999}, "confidence"),
        ({"value": 1, "confidence": "sure"}, "confidence"),
        ({"value": 1, "confidence": 5, "progress": 1}, "progress"),
        ({"value": 1, "confidence": 5, "note": "nul\x00"}, "note"),
        ({"value": 1, "confidence": 5, "checked_at": "yesterday"}, "checked_at"),
        ({"value": 1, "confidence": 5, "checked_at": "0001-01-01T00:00:00+05:00"}, "checked_at"),
    ],
)
def test_it_shapes_422_for_bad_types_and_ranges(bob, okrs, body, field):
    response = assert_envelope(bob.post("/check-ins", {"key_result": okrs.lcp.pk, **body}), 422)
    assert field in response["errors"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/check-ins", {"value": True, "confidence": 5}, "value"),
        ("/check-ins", {"value": 1, "confidence": False}, "confidence"),
        ("/key-results", {"title": "Faster", "owner": True}, "owner"),
        ("/key-results", {"title": "Faster", "weight": False}, "weight"),
        ("/key-results", {"title": "Faster", "target": True}, "target"),
    ],
)
def test_it_refuses_booleans_where_numbers_belong(bob, okrs, path, body, field):
    # `"owner": true` used to name person 1 and `"weight": false` to weigh nothing.
    defaults = {"key_result": okrs.lcp.pk} if path == "/check-ins" else {"objective": okrs.web.pk}
    response = assert_envelope(bob.post(path, {**defaults, **body}), 422)
    assert field in response["errors"]
    assert "not true or false" in response["errors"][field][0]


def test_it_shapes_422_for_an_empty_body(bob):
    response = bob.client.post(
        f"{BASE}/check-ins", "", content_type="application/json", headers=bob.headers
    )
    assert_envelope(response, 422)


def test_it_shapes_422_for_bad_query_and_path_parameters(bob):
    assert "limit" in assert_envelope(bob.get("/objectives", limit=0), 422)["errors"]
    assert "ordering" in assert_envelope(bob.get("/objectives", ordering="owner"), 422)["errors"]
    assert "objective_id" in assert_envelope(bob.get("/objectives/x"), 422)["errors"]
    assert_envelope(bob.get(f"/objectives/{2**70}"), 422)


def test_it_reads_nan_and_infinity_as_invalid_numbers(bob, okrs):
    raw = f'{{"key_result": {okrs.lcp.pk}, "value": NaN, "confidence": 5}}'
    response = bob.client.post(
        f"{BASE}/check-ins", raw, content_type="application/json", headers=bob.headers
    )
    assert "value" in assert_envelope(response, 422)["errors"]


def test_it_documents_the_error_shape_on_every_operation(client, db):
    schema = client.get(f"{BASE}/openapi.json").json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len({op["operationId"] for op in operations}) == len(operations)
    for operation in operations:
        for status in ("401", "403", "404", "422"):
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    assert json.dumps(schema)  # serialisable, no NaN


def test_it_shapes_409_when_the_database_refuses_a_conflict(world, as_user, monkeypatch):
    def conflict(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(services, "create_focus_area", conflict)
    body = {"period": world.period.pk, "title": "Speed"}
    assert_envelope(as_user(world.dave).post("/focus-areas", body), 409)


def test_it_shapes_500_without_leaking_details(world, as_user, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(services, "create_focus_area", broken)
    body = {"period": world.period.pk, "title": "Speed"}
    response = as_user(world.dave).post("/focus-areas", body)
    assert "secret internals" not in assert_envelope(response, 500)["error"]
    assert "secret internals" in caplog.text


def test_it_shapes_404_for_unknown_paths_on_a_csrf_checking_client(db):
    client = Client(enforce_csrf_checks=True)
    assert_envelope(client.post(f"{BASE}/no-such-thing"), 404)
