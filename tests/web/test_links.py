"""Accept and Remove on the objective page (issue 9, finding 4)."""

import pytest
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.models import Alignment, Objective
from okrs.goals.services import add_key_result, align, create_objective, record_check_in


@pytest.fixture
def proposal(world):
    parent = create_objective(world.period, "Faster pages", owner_unit=world.web_team)
    record_check_in(add_key_result(parent, "LCP", start=0, target=10), 5, 7, by=Author(world.alice))
    child = create_objective(world.period, "Stable API", owner_unit=world.api_team)
    return align(child, parent_objective=parent, weight=10, state="proposed")


def test_the_parents_lead_sees_and_accepts_a_proposal(client, world, proposal):
    client.force_login(world.alice)
    page = client.get(reverse("objective", args=[proposal.parent_objective_id])).content.decode()
    assert "Proposed links" in page
    assert reverse("link-accept", args=[proposal.pk]) in page
    assert Objective.objects.get(pk=proposal.parent_objective_id).progress == pytest.approx(0.5)
    data = {"objective": proposal.parent_objective_id}
    response = client.post(reverse("link-accept", args=[proposal.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="alignment"' in response.content.decode()
    assert Objective.objects.get(pk=proposal.parent_objective_id).progress == pytest.approx(
        0.5 / 11
    )


def test_the_parents_lead_removes_a_link(client, world, proposal):
    client.force_login(world.alice)
    response = client.post(reverse("link-remove", args=[proposal.pk]))
    assert response.status_code == 302
    assert not Alignment.objects.exists()
