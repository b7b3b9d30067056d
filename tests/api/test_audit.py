"""The audit trail for admins, and a key result's audit for its readers."""

import pytest

from okrs.audit.services import Author
from okrs.goals.services import record_check_in, update_key_result


@pytest.fixture
def dave(world, as_user):
    return as_user(world.dave)


def test_it_shows_admins_the_audit_trail(world, okrs, dave):
    record_check_in(okrs.lcp, 2950, 7, by=Author(world.bob))
    everything = dave.get("/audit")
    assert everything.status_code == 200
    assert everything.body["count"] >= 5
    check_ins = dave.get("/audit", object_type="checkin")
    assert [entry["key_result_id"] for entry in check_ins.body["items"]] == [okrs.lcp.pk]
    assert dave.get("/audit", key_result=okrs.lcp.pk).body["count"] == 2
    assert dave.get("/audit", objective=okrs.secret.pk).body["count"] >= 2
    assert dave.get("/audit", action="delete").body["count"] == 0
    assert dave.get("/audit", moved_goal_post=True).body["count"] == 0
    assert dave.get("/audit", since="2999-01-01T00:00:00Z").body["count"] == 0
    newest = dave.get("/audit", ordering="-at", limit=1).body["items"][0]
    assert newest["object_type"] == "checkin"


def test_it_keeps_the_audit_trail_from_everyone_else(world, as_user):
    assert as_user(world.carol).get("/audit").status_code == 403
    assert as_user(world.dave, unit=world.web_team).get("/audit").status_code == 403


def test_it_records_an_api_change_with_its_token(world, okrs, as_user, dave):
    alice = as_user(world.alice)
    alice.patch(f"/key-results/{okrs.lcp.pk}", {"target": 2400})
    entry = dave.get("/audit", key_result=okrs.lcp.pk, action="update").body["items"][0]
    assert entry["via"] == f"token:{alice.token.pk}"
    assert entry["actor_id"] == world.alice.pk
    assert entry["changes"] == {"target": [2500, 2400]}


def test_it_keeps_the_audit_under_its_own_name(world, okrs, as_user):
    """`/history` promised values and answered audit entries (issue 12): the audit is
    `/audit` now, the values `/check-ins` (tests/api/test_value_history.py)."""
    update_key_result(okrs.lcp, target=2400)
    record_check_in(okrs.lcp, 2950, 7, by=Author(world.bob))
    bob = as_user(world.bob)
    audit = bob.get(f"/key-results/{okrs.lcp.pk}/audit")
    assert [entry["action"] for entry in audit.body["items"]] == ["create", "update", "create"]
    assert bob.get(f"/key-results/{okrs.lcp.pk}/history").status_code == 404
    values = bob.get(f"/key-results/{okrs.lcp.pk}/check-ins")
    assert [item["value"] for item in values.body["items"]] == [2950]


def test_it_shows_a_key_results_audit_to_its_readers(world, okrs, as_user):
    update_key_result(okrs.lcp, target=2400)
    record_check_in(okrs.lcp, 2950, 7, by=Author(world.bob))
    audit = as_user(world.bob).get(f"/key-results/{okrs.lcp.pk}/audit")
    assert [entry["action"] for entry in audit.body["items"]] == ["create", "update", "create"]
    assert [entry["object_type"] for entry in audit.body["items"]] == [
        "keyresult",
        "keyresult",
        "checkin",
    ]


def test_it_hides_the_audit_of_a_private_key_result(world, okrs, as_user):
    bob = as_user(world.bob)
    assert bob.get(f"/key-results/{okrs.term_sheet.pk}/audit").status_code == 404
    assert as_user(world.carol).get(f"/key-results/{okrs.term_sheet.pk}/audit").body["count"] == 1
