"""The OpenAPI document states the bounds the services hold (issue 10): each limit lives in
the core and the API schemas import it, so a client reading the document learns exactly
what will be accepted."""

from __future__ import annotations

from okrs.core.alignment import MAX_LINK_WEIGHT
from okrs.core.checkins import CONFIDENCE_MAX, CONFIDENCE_MIN
from okrs.core.validation import EARLIEST, LATEST, MAX_KR_WEIGHT
from tests.api.conftest import BASE


def properties(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]["properties"]


def test_the_documented_bounds_are_the_cores(client, db):
    schema = client.get(f"{BASE}/openapi.json").json()
    # optional since a check-in may carry none: the bounds sit on the integer branch
    (confidence,) = [
        branch
        for branch in properties(schema, "CheckInIn")["confidence"]["anyOf"]
        if branch.get("type") == "integer"
    ]
    assert (confidence["ge"], confidence["le"]) == (CONFIDENCE_MIN, CONFIDENCE_MAX)
    link_weight = properties(schema, "AlignmentIn")["weight"]
    assert (link_weight["gt"], link_weight["le"]) == (0, MAX_LINK_WEIGHT)
    kr_weight = properties(schema, "KeyResultIn")["weight"]
    assert (kr_weight["ge"], kr_weight["le"]) == (0, MAX_KR_WEIGHT)
    for field in ("start", "end"):
        day = properties(schema, "PeriodIn")[field]
        assert (day["ge"], day["le"]) == (EARLIEST.isoformat(), LATEST.isoformat())


def test_a_period_the_document_refuses_is_one_the_service_refuses(world, as_user):
    """The document once allowed dates up to 9000 while the service stopped at 2999."""
    admin = as_user(world.dave)
    body = {"name": "Far future", "start": "2999-10-01", "end": "2999-12-31"}
    assert admin.post("/periods", body).status_code == 201
    body = {"name": "Too far", "start": "2999-10-01", "end": "3000-01-01"}
    answer = admin.post("/periods", body)
    assert answer.status_code == 422
    assert "end" in answer.json()["errors"]
