"""Search: objectives and key results by the words in them, only what the person may read."""

import pytest
from django.urls import reverse

from okrs.goals.services import add_key_result, create_objective
from tests.factories import make_world


@pytest.fixture
def okrs(world):
    web = create_objective(
        world.period,
        "Make the web app feel instant",
        owner_unit=world.web_team,
        description="Pages paint before users blink",
    )
    lcp = add_key_result(web, "LCP p75 under 2.5 s", direction="decrease", start=3400, target=2500)
    secret = create_objective(
        world.period, "Acquire a web competitor", owner_unit=world.api_team, visibility="private"
    )
    add_key_result(secret, "Web deal signed", direction="milestone")
    return web, lcp, secret


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_objectives_by_every_word_in_title_or_description(client, world, okrs):
    web, *_ = okrs
    client.force_login(world.bob)
    page = search(client, "USERS pages")
    assert "Make the web app feel instant" in page
    assert reverse("objective", args=[web.pk]) in page
    assert "Make the web app" not in search(client, "users nowhere")


def test_it_finds_key_results_and_links_to_them_on_their_objective(client, world, okrs):
    web, lcp, _ = okrs
    client.force_login(world.bob)
    page = search(client, "lcp")
    assert "LCP p75 under 2.5 s" in page
    assert f"{reverse('objective', args=[web.pk])}#kr-{lcp.pk}" in page
    assert "No objective matches" in page


def test_a_private_objective_never_shows_to_people_who_cannot_read_it(client, world, okrs):
    client.force_login(world.bob)
    page = search(client, "web")
    assert "Make the web app feel instant" in page
    assert "Acquire a web competitor" not in page
    assert "Web deal signed" not in page
    assert "1 found" in page  # objectives
    assert "0 found" in page  # key results: the private one is not counted
    client.force_login(world.carol)  # leads Engineering, above the API team
    page = search(client, "web")
    assert "Acquire a web competitor" in page
    assert "Web deal signed" in page


def test_people_of_another_organisation_find_nothing(client, world, okrs):
    client.force_login(make_world("globex").dave)
    assert "Make the web app" not in search(client, "web")


def test_an_empty_or_huge_query_is_no_error(client, world, okrs):
    client.force_login(world.bob)
    assert "Objectives" not in search(client, "   ")
    search(client, "web " * 500)


def test_every_page_has_a_search_box(client, world):
    client.force_login(world.bob)
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search")}"' in page
    assert 'name="q"' in page
