"""Who may call the API: bearer tokens, browser sessions with CSRF, nobody else."""

from django.test import Client
from django.urls import reverse

from okrs.audit.models import AuditEntry
from okrs.orgs.models import Member
from okrs.tokens.services import revoke
from tests.api.conftest import Api
from tests.factories import make_user


def test_it_answers_a_bearer_token(world, as_user):
    response = as_user(world.bob).get("/me")
    assert response.status_code == 200
    assert response.body["person"]["username"] == "bob-acme"
    assert response.body["token"]["can_write"] is True


def test_it_refuses_anonymous_callers_with_401(db):
    response = Api().get("/objectives")
    assert response.status_code == 401
    assert response.body["ok"] is False
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_an_anonymous_post_with_401_not_a_csrf_error(db):
    assert Api().post("/check-ins", {}).status_code == 401


def test_it_refuses_a_revoked_token(world, as_user):
    api = as_user(world.bob)
    revoke(api.token)
    response = api.get("/me")
    assert response.status_code == 401
    assert response.body["error"] == "The token is unknown or revoked."


def test_it_refuses_an_unknown_token_even_with_a_session(world, client):
    client.force_login(world.bob)
    response = Api("okrs_nonsense", client).get("/me")
    assert response.status_code == 401


def test_it_refuses_a_token_whose_owner_left_the_organisation(world, as_user):
    api = as_user(world.bob)
    Member.objects.filter(user=world.bob).delete()
    assert api.get("/me").status_code == 403


def test_it_answers_a_signed_in_session(world, client):
    client.force_login(world.alice)
    response = Api(client=client).get("/me")
    assert response.status_code == 200
    assert response.body["via"] == "api"
    assert response.body["token"] is None


def test_it_refuses_a_signed_in_person_outside_every_organisation(db, client):
    client.force_login(make_user("mallory"))
    response = Api(client=client).get("/objectives")
    assert response.status_code == 403
    assert "not a member" in response.body["error"]


def test_it_requires_the_csrf_token_for_session_writes(world, okrs):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))  # sets the csrftoken cookie, as the web pages do
    csrf = client.cookies["csrftoken"].value
    client.force_login(world.bob)
    api = Api(client=client)
    body = {"key_result": okrs.lcp.pk, "value": 3000, "confidence": 6}

    assert api.get("/objectives").status_code == 200  # reading needs no token
    refused = api.post("/check-ins", body)
    assert refused.status_code == 403
    assert "CSRF" in refused.body["error"]
    assert api.post("/check-ins", body, **{"X-CSRFToken": csrf}).status_code == 201


def test_it_refuses_writes_through_a_read_only_token(world, okrs, as_user):
    api = as_user(world.bob, can_write=False)
    assert api.get(f"/key-results/{okrs.lcp.pk}").status_code == 200
    response = api.post("/check-ins", {"key_result": okrs.lcp.pk, "value": 3000, "confidence": 6})
    assert response.status_code == 403


def test_it_narrows_a_token_to_its_units_subtree(world, okrs, as_user):
    api = as_user(world.dave, unit=world.api_team)
    assert api.get(f"/objectives/{okrs.web.pk}").status_code == 404
    assert api.get(f"/objectives/{okrs.secret.pk}").status_code == 200
    assert [unit["id"] for unit in api.get("/units").body["items"]] == [world.api_team.pk]
    assert api.get("/audit").status_code == 403


def test_it_records_changes_through_a_token_under_its_id(world, okrs, as_user):
    api = as_user(world.bob)
    response = api.post("/check-ins", {"key_result": okrs.lcp.pk, "value": 3000, "confidence": 6})
    entry = AuditEntry.objects.get(object_type="checkin", object_id=response.body["id"])
    assert entry.via == f"token:{api.token.pk}"
    assert entry.actor == world.bob


def test_it_records_changes_through_a_session_as_api(world, okrs, client):
    client.force_login(world.bob)
    body = {"key_result": okrs.lcp.pk, "value": 3000, "confidence": 6}
    response = Api(client=client).post("/check-ins", body)
    entry = AuditEntry.objects.get(object_type="checkin", object_id=response.body["id"])
    assert entry.via == "api"


def test_it_serves_the_schema_and_docs_without_auth(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert client.get("/api/v1/docs").status_code == 200
