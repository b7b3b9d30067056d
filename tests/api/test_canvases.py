"""The OKR Canvas: the unit's own people write it."""

import pytest


@pytest.fixture
def bob(world, as_user):
    return as_user(world.bob)


def canvas(world, unit=None, **fields):
    unit = unit or world.web_team
    return {"unit": unit.pk, "period": world.period.pk, "current_state": "Slow pages", **fields}


def test_it_creates_then_replaces_a_canvas(world, bob):
    created = bob.put("/canvases", canvas(world, impacts=["Faster checkout", " "]))
    assert created.status_code == 201
    assert created.body["impacts"] == ["Faster checkout"]
    replaced = bob.put("/canvases", canvas(world, blockers=["No CDN"]))
    assert replaced.status_code == 200
    assert replaced.body["id"] == created.body["id"]
    assert replaced.body["impacts"] == []
    assert bob.get(f"/canvases/{created.body['id']}").body["blockers"] == ["No CDN"]


def test_it_lists_and_filters_canvases(world, bob, as_user):
    bob.put("/canvases", canvas(world))
    as_user(world.carol).put("/canvases", canvas(world, world.api_team))
    assert bob.get("/canvases").body["count"] == 2
    assert bob.get("/canvases", unit=world.web_team.pk).body["count"] == 1
    assert bob.get("/canvases", period=987654).body["count"] == 0
    scoped = as_user(world.dave, unit=world.api_team)
    assert scoped.get("/canvases").body["count"] == 1


def test_it_refuses_canvases_of_other_units(world, bob):
    response = bob.put("/canvases", canvas(world, world.api_team))
    assert response.status_code == 403
    assert bob.put("/canvases", canvas(world, impacts=["x" * 501])).status_code == 422
    assert bob.put("/canvases", {**canvas(world), "period": 987654}).status_code == 404
