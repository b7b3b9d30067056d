"""Units and their stored roll-ups; people of the organisation."""

import pytest

from okrs.audit.models import AuditEntry
from okrs.audit.services import Author
from okrs.goals.services import record_check_in
from okrs.tokens.models import ApiToken
from tests.factories import make_world


@pytest.fixture
def bob(world, as_user):
    return as_user(world.bob)


def test_it_lists_the_units_roots_first(world, bob):
    response = bob.get("/units")
    assert response.status_code == 200
    assert [unit["name"] for unit in response.body["items"]] == [
        "Acme Inc",
        "Engineering",
        "API",
        "Web",
    ]
    assert response.body["count"] == 4
    web = response.body["items"][3]
    assert web == {
        "id": world.web_team.pk,
        "name": "Web",
        "slug": "web",
        "kind": "team",
        "parent_id": world.engineering.pk,
        "depth": 2,
        "rollup": None,
    }


def test_it_filters_and_pages_units(world, bob):
    teams = bob.get("/units", kind="team")
    assert [unit["name"] for unit in teams.body["items"]] == ["API", "Web"]
    children = bob.get("/units", parent=world.engineering.pk)
    assert children.body["count"] == 2
    second = bob.get("/units", limit=1, offset=1)
    assert [unit["name"] for unit in second.body["items"]] == ["Engineering"]
    assert second.body["count"] == 4


def test_it_shows_a_units_stored_rollup_for_a_period(world, okrs, bob):
    record_check_in(okrs.lcp, 2950, 7, by=Author(world.bob))
    response = bob.get(f"/units/{world.engineering.pk}", period=world.period.pk)
    rollup = response.body["rollup"]
    assert rollup["period_id"] == world.period.pk
    assert rollup["objective_count"] == 1  # the private API objective stays out
    assert rollup["progress"] == pytest.approx(0.5)
    assert rollup["health"] in ("on_track", "at_risk", "off_track")


def test_it_shows_an_empty_rollup_where_nothing_is_stored(world, bob):
    response = bob.get("/units", period=world.period.pk)
    assert all(unit["rollup"]["objective_count"] == 0 for unit in response.body["items"])


def test_it_keeps_other_organisations_out(world, bob):
    other = make_world("globex")
    assert bob.get(f"/units/{other.web_team.pk}").status_code == 404
    assert bob.get("/units", period=other.period.pk).status_code == 404


def test_it_lets_admins_add_units(world, as_user):
    body = {"name": "Mobile", "kind": "team", "parent": world.engineering.pk}
    response = as_user(world.dave).post("/units", body)
    assert response.status_code == 201
    assert response.body["slug"] == "mobile"
    assert response.body["depth"] == 2
    entry = AuditEntry.objects.get(object_type="unit", object_id=response.body["id"])
    assert (entry.actor, entry.via) == (world.dave, f"token:{ApiToken.objects.last().pk}")


def test_it_refuses_units_from_non_admins_and_duplicates(world, as_user, bob):
    assert bob.post("/units", {"name": "Mobile"}).status_code == 403
    response = as_user(world.dave).post("/units", {"name": "Web"})
    assert response.status_code == 422
    assert "slug" in response.body["errors"]


def test_it_lists_the_people_of_the_organisation(world, bob):
    make_world("globex")
    response = bob.get("/people")
    assert [person["username"] for person in response.body["items"]] == [
        "alice-acme",
        "bob-acme",
        "carol-acme",
        "dave-acme",
    ]
    alice = response.body["items"][0]
    assert alice["role"] == "member"
    assert alice["units"] == [{"unit_id": world.web_team.pk, "role": "lead"}]
    assert bob.get("/people", role="admin").body["items"][0]["username"] == "dave-acme"
    assert bob.get("/people", unit=world.web_team.pk).body["count"] == 2
    assert bob.get("/people", q="car").body["count"] == 1


def test_it_shows_one_person_of_the_organisation_only(world, bob):
    other = make_world("globex")
    assert bob.get(f"/people/{world.carol.pk}").body["full_name"] == "Carol-Acme"
    assert bob.get(f"/people/{other.carol.pk}").status_code == 404


def test_it_tells_the_caller_who_they_are(world, as_user):
    response = as_user(world.dave).get("/me")
    assert response.body["organisation"]["slug"] == "acme"
    assert response.body["can_administer"] is True
    assert response.body["can_read_audit"] is True
    assert response.body["person"]["role"] == "admin"
