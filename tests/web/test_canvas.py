"""The OKR Canvas: read by members, written by the unit's people, drafted into objectives."""

import pytest
from django.urls import reverse

from okrs.goals.models import Canvas
from okrs.goals.services import create_objective, save_canvas


@pytest.fixture
def canvas(world):
    return save_canvas(
        world.web_team,
        world.period,
        "LCP p75 is 3.8 s on phones.",
        ["Phones see the dashboard in under 2.5 s", "Releases need no manual smoke test"],
        ["Charting upgrade needs a design review"],
    )


def url(world, unit=None):
    return reverse("canvas", args=[(unit or world.web_team).pk]) + f"?period={world.period.pk}"


def test_it_shows_the_canvas_to_members_with_draft_links(client, world, canvas):
    client.force_login(world.bob)
    html = client.get(url(world)).content.decode()
    assert "LCP p75 is 3.8 s on phones." in html
    assert "Releases need no manual smoke test" in html
    assert "Charting upgrade needs a design review" in html
    assert f"canvas={canvas.pk}&amp;impact=1" in html
    assert "Edit the canvas" in html  # Bob is on the team


def test_people_outside_the_unit_read_but_do_not_edit(client, world, canvas):
    client.force_login(world.bob)
    html = client.get(url(world, world.api_team)).content.decode()
    assert "has no canvas" in html
    assert "Write the canvas" not in html
    data = {"current_state": "x", "impacts": "y", "blockers": ""}
    assert client.post(url(world, world.api_team), data).status_code == 403
    assert not Canvas.objects.filter(unit=world.api_team).exists()


def test_it_saves_one_item_a_line(client, world, canvas):
    client.force_login(world.alice)
    data = {
        "current_state": "Better now.",
        "impacts": "Phones see the dashboard in under 2.5 s\n\n  Fonts stop blocking  \n",
        "blockers": "",
        "period": world.period.pk,
    }
    response = client.post(url(world), data)
    assert response.status_code == 302
    canvas.refresh_from_db()
    assert canvas.impacts == ["Phones see the dashboard in under 2.5 s", "Fonts stop blocking"]
    assert canvas.blockers == []


def test_it_refuses_an_overlong_item_next_to_its_field_and_keeps_the_text(client, world, canvas):
    client.force_login(world.alice)
    data = {"current_state": "Fine", "impacts": "x" * 501, "blockers": "b"}
    response = client.post(url(world), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="canvas-impacts-error"' in html
    assert "500 characters" in html
    assert "x" * 501 in html
    canvas.refresh_from_db()
    assert canvas.current_state == "LCP p75 is 3.8 s on phones."


def test_it_lists_objectives_drafted_from_each_impact(client, world, canvas):
    impact = canvas.impacts[0]
    create_objective(
        world.period,
        "Dashboard is fast on phones",
        owner_unit=world.web_team,
        canvas=canvas,
        canvas_impact=impact,
    )
    create_objective(
        world.period,
        "Old idea",
        owner_unit=world.web_team,
        canvas=canvas,
        canvas_impact="Something we dropped",
    )
    create_objective(
        world.period,
        "Hidden idea",
        owner_unit=world.api_team,
        canvas=canvas,
        canvas_impact=impact,
        visibility="private",
    )
    client.force_login(world.bob)
    html = client.get(url(world)).content.decode()
    assert "Dashboard is fast on phones" in html
    assert "Old idea" in html
    assert "Something we dropped" in html
    assert "Hidden idea" not in html


def test_it_answers_404_for_unknown_or_foreign_units(client, world, django_user_model):
    client.force_login(world.bob)
    assert client.get(reverse("canvas", args=[999999])).status_code == 404
    stranger = django_user_model.objects.create_user("eve")
    client.force_login(stranger)
    assert client.get(url(world)).status_code == 404
