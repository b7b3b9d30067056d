"""POST /alignments and its neighbours, as issue 9 (finding 4) found them and as they are now.

A member of the web team could link their objective under another department's with a
weight of 10**6, taking it from 0.486 to about 0 and off track, in closed periods too, and
the other department's lead could not remove the link.
"""

import pytest

from okrs.audit.services import Author
from okrs.goals.models import Alignment, Objective
from okrs.goals.services import (
    add_key_result,
    close_objective,
    create_objective,
    record_check_in,
    update_period,
)
from okrs.orgs.services import add_person, add_unit
from tests.factories import make_user


@pytest.fixture
def scene(world):
    """Sales (another department, led by Sam) at 0.486; Bob's own objective at 0."""
    sales = add_unit(world.organisation, "Sales", "department", world.company)
    sam = make_user("sam")
    add_person(world.organisation, sam, units={sales: "lead"})
    target = create_objective(world.period, "Win the mid-market", owner_unit=sales)
    deals = add_key_result(target, "Deals signed", start=0, target=1000)
    record_check_in(deals, 486, 7, by=Author(sam))
    mine = create_objective(world.period, "Learn the sales pitch", owner_user=world.bob)
    add_key_result(mine, "Pitches given", start=0, target=10)
    return type("Scene", (), {"sales": target, "mine": mine, "sam": sam, "unit": sales})


def progress(objective: Objective) -> float | None:
    return Objective.objects.get(pk=objective.pk).progress


def link(api, scene, **extra):
    return api.post(
        "/alignments", {"child": scene.mine.pk, "parent_objective": scene.sales.pk, **extra}
    )


def test_it_refuses_a_weight_of_a_million_naming_weight(world, as_user, scene):
    response = link(as_user(world.bob), scene, weight=1e6)
    assert response.status_code == 422, response.body
    assert "weight" in response.body["errors"]
    assert not Alignment.objects.exists()


@pytest.mark.parametrize("weight", [0, -1, 10.5, 1e6, True, None])
def test_it_refuses_weights_outside_0_to_10(world, as_user, scene, weight):
    response = link(as_user(world.bob), scene, weight=weight)
    assert response.status_code == 422
    assert list(response.body["errors"]) == ["weight"]


def test_a_link_into_another_departments_objective_is_only_proposed(world, as_user, scene):
    response = link(as_user(world.bob), scene, weight=10)
    assert response.status_code == 201, response.body
    assert response.body["state"] == "proposed"
    assert progress(scene.sales) == pytest.approx(0.486)
    # It is listed only when asked for, and the parent's lead accepts it.
    sams = as_user(scene.sam)
    listed = sams.get(f"/objectives/{scene.sales.pk}/alignments")
    assert listed.body["count"] == 0
    proposed = sams.get(f"/objectives/{scene.sales.pk}/alignments", state="proposed")
    assert [item["id"] for item in proposed.body["items"]] == [response.body["id"]]
    accepted = sams.post(f"/alignments/{response.body['id']}/accept")
    assert accepted.status_code == 200, accepted.body
    assert accepted.body["state"] == "accepted"
    assert progress(scene.sales) == pytest.approx(0.486 / 11)


def test_the_child_side_cannot_accept_its_own_proposal(world, as_user, scene):
    bobs = as_user(world.bob)
    created = link(bobs, scene)
    response = bobs.post(f"/alignments/{created.body['id']}/accept")
    assert response.status_code == 403
    assert Alignment.objects.get().state == "proposed"


def test_the_parents_lead_links_directly(world, as_user, scene):
    theirs = create_objective(world.period, "Sales playbook", owner_unit=scene.unit)
    response = as_user(scene.sam).post(
        "/alignments", {"child": theirs.pk, "parent_objective": scene.sales.pk}
    )
    assert response.status_code == 201
    assert response.body["state"] == "accepted"


def test_the_parents_lead_removes_a_link(world, as_user, scene):
    created = link(as_user(world.bob), scene)
    response = as_user(scene.sam).delete(f"/alignments/{created.body['id']}")
    assert response.status_code == 204  # was 403
    assert not Alignment.objects.exists()


def test_it_refuses_a_link_into_a_closed_objective(world, as_user, scene):
    close_objective(scene.sales, 0.5, "Half the deals")
    response = link(as_user(world.bob), scene)
    assert response.status_code == 409
    assert response.body["errors"] == {"parent": [response.body["error"]]}
    assert "closed" in response.body["error"]


def test_it_refuses_a_link_in_a_closed_period(world, as_user, scene):
    update_period(world.period, state="closed")
    response = link(as_user(world.dave), scene)
    assert response.status_code == 409
    assert not Alignment.objects.exists()


def test_it_refuses_to_accept_into_an_objective_closed_since(world, as_user, scene):
    created = link(as_user(world.bob), scene)
    close_objective(scene.sales, 0.5, "Half the deals")
    response = as_user(scene.sam).post(f"/alignments/{created.body['id']}/accept")
    assert response.status_code == 409
    assert Alignment.objects.get().state == "proposed"
