"""GET /security-events: an organisation's security log for its admins."""

from django.test import Client
from django.urls import reverse

from okrs.orgs.services import add_person
from tests.api.conftest import Api
from tests.factories import make_world


def _fail_login(username: str) -> None:
    Client().post(reverse("login"), {"username": username, "password": "a wrong guess"})


def test_it_gives_an_admin_their_organisations_events_newest_first(world, as_user):
    _fail_login("bob-acme")
    add_person(world.organisation, world.bob, role="viewer")
    globex = make_world("globex")
    _fail_login("bob-globex")
    dave = as_user(world.dave)
    found = dave.get("/security-events")
    assert found.status_code == 200
    items = found.body["items"]
    assert {item["username"] for item in items} >= {"bob-acme", "dave-acme"}
    assert "bob-globex" not in {item["username"] for item in items}
    assert items[0]["kind"] == "token_created"  # dave's own token, the newest
    failed = dave.get("/security-events", kind="login_failed").body
    assert failed["count"] == 1
    assert failed["items"][0] == {
        "id": failed["items"][0]["id"],
        "at": failed["items"][0]["at"],
        "kind": "login_failed",
        "username": "bob-acme",
        "user_id": world.bob.pk,
        "address": "127.0.0.1",
        "detail": "wrong username or password",
    }
    assert dave.get("/security-events", username="bob-acme").body["count"] >= 2
    assert dave.get("/security-events", since="2999-01-01T00:00:00Z").body["count"] == 0
    assert globex.dave  # (Globex's admin reads Globex's: the permission matrix holds it)


def test_it_refuses_an_unknown_kind_in_the_error_envelope(world, as_user):
    answer = as_user(world.dave).get("/security-events", kind="everything")
    assert answer.status_code == 422
    assert answer.body["ok"] is False


def test_it_keeps_the_log_from_everyone_else_and_logs_the_refusal(world, as_user):
    carol = as_user(world.carol)
    assert carol.get("/security-events").status_code == 403
    assert as_user(world.dave, unit=world.web_team).get("/security-events").status_code == 403
    assert Api().get("/security-events").status_code == 401
    refusals = as_user(world.dave).get("/security-events", kind="denied").body["items"]
    assert {item["username"] for item in refusals} == {"carol-acme", "dave-acme"}
    assert refusals[-1]["detail"] == f"GET /api/v1/security-events (token:{carol.token.pk})"
