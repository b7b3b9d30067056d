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
        "archived": False,
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


@pytest.fixture
def dave(world, as_user):
    return as_user(world.dave)


def test_it_renames_and_moves_a_unit_in_one_patch(world, dave):
    response = dave.patch(
        f"/units/{world.web_team.pk}", {"name": "Web App", "parent": world.company.pk}
    )
    assert response.status_code == 200, response.text
    assert (response.body["name"], response.body["depth"]) == ("Web App", 1)
    assert response.body["parent_id"] == world.company.pk


def test_a_move_under_its_own_subtree_is_refused_naming_parent(world, dave):
    response = dave.patch(f"/units/{world.engineering.pk}", {"parent": world.web_team.pk})
    assert response.status_code == 422
    assert "parent" in response.body["errors"]


def test_an_archived_unit_leaves_the_list_but_reads_by_id_and_comes_back(world, dave):
    archived = dave.post(f"/units/{world.api_team.pk}/archive")
    assert archived.status_code == 200, archived.text
    assert archived.body["archived"] is True
    names = [unit["name"] for unit in dave.get("/units").body["items"]]
    assert "API" not in names
    everything = dave.get("/units", include_archived="true").body["items"]
    assert "API" in [unit["name"] for unit in everything]
    assert dave.get(f"/units/{world.api_team.pk}").status_code == 200
    objective = dave.post(
        "/objectives",
        {"period": world.period.pk, "title": "Stable", "owner_unit": world.api_team.pk},
    )
    assert objective.status_code == 422
    assert "owner" in objective.body["errors"]
    restored = dave.post(f"/units/{world.api_team.pk}/restore")
    assert restored.body["archived"] is False


def test_members_are_listed_added_changed_and_removed(world, as_user):
    carol = as_user(world.carol)  # leads engineering, above the web team
    added = carol.put(f"/units/{world.web_team.pk}/members/{world.dave.pk}", {"role": "lead"})
    assert added.status_code == 200, added.text
    members = carol.get(f"/units/{world.web_team.pk}/members").body["items"]
    assert {(m["username"], m["role"]) for m in members} == {
        ("alice-acme", "lead"),
        ("bob-acme", "member"),
        ("dave-acme", "lead"),
    }
    assert carol.delete(f"/units/{world.web_team.pk}/members/{world.bob.pk}").status_code == 204
    alice = as_user(world.alice)
    refused = alice.put(f"/units/{world.web_team.pk}/members/{world.alice.pk}", {"role": "member"})
    assert refused.status_code == 403
