"""A unit's page and a focus area's page."""

from datetime import date

import pytest
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.services import (
    add_key_result,
    create_focus_area,
    create_objective,
    create_period,
    record_check_in,
)
from okrs.orgs.services import add_person
from tests.factories import make_user, make_world


@pytest.fixture
def okrs(world):
    area = create_focus_area(world.period, "Fast everywhere")
    web = create_objective(
        world.period, "Make the web app feel instant", owner_unit=world.web_team, focus_areas=[area]
    )
    lcp = add_key_result(web, "LCP p75", direction="decrease", start=3400, target=2500)
    record_check_in(lcp, 2950, 7, by=Author(world.bob))
    api = create_objective(
        world.period, "The API answers in 100 ms", owner_unit=world.api_team, focus_areas=[area]
    )
    add_key_result(api, "p95 latency", direction="decrease", start=300, target=100)
    secret = create_objective(
        world.period,
        "Rewrite the web app in Rust",
        owner_unit=world.web_team,
        visibility="private",
        focus_areas=[area],
    )
    return area, web, api, secret


def test_it_shows_a_units_objectives_with_their_key_results(client, world, okrs):
    client.force_login(world.bob)
    page = client.get(reverse("unit", args=[world.web_team.pk])).content.decode()
    assert "Make the web app feel instant" in page
    assert "LCP p75" in page
    assert "50%" in page
    assert "The API answers" not in page  # another team's objective


def test_it_lists_members_and_leads(client, world, okrs):
    client.force_login(world.bob)
    page = client.get(reverse("unit", args=[world.web_team.pk])).content.decode()
    assert "Alice-Acme" in page
    assert "Bob-Acme" in page
    assert '<span class="kind">lead</span>' in page


def test_it_links_child_units_and_the_canvas(client, world, okrs):
    client.force_login(world.bob)
    page = client.get(reverse("unit", args=[world.engineering.pk])).content.decode()
    assert reverse("unit", args=[world.web_team.pk]) in page
    assert reverse("unit", args=[world.api_team.pk]) in page
    assert f"{reverse('canvas', args=[world.engineering.pk])}?period={world.period.pk}" in page


def test_it_offers_a_new_objective_only_to_people_who_may_create_one(client, world, okrs):
    new = f"{reverse('objective-new')}?unit={world.web_team.pk}&amp;period={world.period.pk}"
    client.force_login(world.alice)  # leads Web
    assert new in client.get(reverse("unit", args=[world.web_team.pk])).content.decode()
    client.force_login(world.bob)  # a member edits only his own objectives
    assert new not in client.get(reverse("unit", args=[world.web_team.pk])).content.decode()


def test_a_private_objective_shows_only_to_those_who_may_read_it(client, world, okrs):
    outsider = make_user("erin-acme")
    add_person(world.organisation, outsider, units={world.api_team: "member"})
    client.force_login(outsider)
    assert (
        "Rewrite the web app"
        not in client.get(reverse("unit", args=[world.web_team.pk])).content.decode()
    )
    client.force_login(world.bob)
    assert (
        "Rewrite the web app"
        in client.get(reverse("unit", args=[world.web_team.pk])).content.decode()
    )


def test_it_chooses_the_period(client, world, okrs):
    previous = create_period(
        world.organisation, "2026 Q3", date(2026, 7, 1), date(2026, 9, 30), "closed"
    )
    client.force_login(world.bob)
    url = reverse("unit", args=[world.web_team.pk])
    page = client.get(url, {"period": previous.pk}).content.decode()
    assert "No objectives for Web in 2026 Q3" in page
    assert "Make the web app feel instant" in client.get(url, {"period": "junk"}).content.decode()


def test_an_unknown_or_foreign_unit_is_a_404(client, world):
    other = make_world("globex")
    client.force_login(world.bob)
    assert client.get(reverse("unit", args=[999999])).status_code == 404
    assert client.get(reverse("unit", args=[other.web_team.pk])).status_code == 404


def test_a_focus_area_lists_every_aligned_objective_with_its_roll_up(client, world, okrs):
    area, *_ = okrs
    area.refresh_from_db()
    client.force_login(world.bob)
    page = client.get(reverse("focus-area", args=[area.pk])).content.decode()
    assert "Fast everywhere" in page
    assert "Make the web app feel instant" in page
    assert "The API answers in 100 ms" in page
    assert "Rewrite the web app in Rust" in page  # Bob is on Web, so he reads it
    assert f"{area.objective_count} public objectives across the organisation" in page
    assert reverse("unit", args=[world.api_team.pk]) in page


def test_a_focus_area_hides_private_objectives_from_outsiders(client, world, okrs):
    area, *_ = okrs
    outsider = make_user("erin-acme")
    add_person(world.organisation, outsider, units={world.api_team: "member"})
    client.force_login(outsider)
    page = client.get(reverse("focus-area", args=[area.pk])).content.decode()
    assert "The API answers in 100 ms" in page
    assert "Rewrite the web app" not in page


def test_another_organisations_focus_area_is_a_404(client, world, okrs):
    area, *_ = okrs
    other = make_world("globex")
    client.force_login(other.dave)
    assert client.get(reverse("focus-area", args=[area.pk])).status_code == 404
    assert client.get(reverse("focus-area", args=[999999])).status_code == 404
