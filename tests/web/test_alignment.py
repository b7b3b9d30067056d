"""The alignment view: a whole period from the company down, collapsed, filterable."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.models import Alignment, Objective
from okrs.goals.services import add_key_result, align, create_objective, record_check_in


@pytest.fixture
def okrs(world):
    company = create_objective(world.period, "Win the mid-market", owner_unit=world.company)
    speed = add_key_result(company, "Churn below 3%", direction="decrease", start=6, target=3)
    # set on the period's first day: paced over the whole quarter, so 11 % done is off track
    first_day = datetime(2026, 10, 1, tzinfo=UTC)
    web = create_objective(
        world.period,
        "Make the web app feel instant",
        owner_unit=world.web_team,
        activated_at=first_day,
    )
    align(web, parent_key_result=speed)
    api = create_objective(world.period, "Stable API", owner_unit=world.api_team)
    align(api, parent_objective=company, kind="support")
    secret = create_objective(
        world.period, "Acquire a competitor", owner_unit=world.api_team, visibility="private"
    )
    align(secret, parent_objective=company)
    lone = create_objective(world.period, "Learn Rust", owner_user=world.bob)
    lcp = add_key_result(web, "LCP p75", direction="decrease", start=3400, target=2500)
    record_check_in(lcp, 3300, 5, "Slow", by=Author(world.bob))
    return company, web, api, secret, lone


def view(client, **params):
    response = client.get(reverse("alignment"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_objectives_under_what_they_align_to(client, world, okrs):
    client.force_login(world.bob)
    page = view(client)
    company = page.index("Win the mid-market")
    assert company < page.index("Make the web app feel instant")
    assert "Churn below 3%" in page  # the web objective sits under that key result
    assert "Stable API" in page
    assert "<details" in page
    assert "<details open" not in page  # collapsed by default
    assert "People&#x27;s own objectives" in page
    assert "Learn Rust" in page


def test_a_private_objective_is_hidden_from_people_who_cannot_read_it(client, world, okrs):
    client.force_login(world.bob)
    page = view(client)
    assert "Acquire a competitor" not in page
    assert "4 objectives" in page
    client.force_login(world.carol)
    assert "Acquire a competitor" in view(client)


def test_it_filters_on_the_server_keeping_the_path_from_the_top(client, world, okrs):
    client.force_login(world.bob)
    page = view(client, filter="instant")
    assert "Make the web app feel instant" in page
    assert "Win the mid-market" in page  # the parent, for context
    assert "Stable API" not in page
    assert "Learn Rust" not in page
    assert "1 of 4 objectives match" in page
    assert "<details open" in page
    page = view(client, health="off_track")
    assert "Make the web app feel instant" in page
    assert "Stable API" not in page
    assert "Nothing matches" in view(client, filter="zzz")


def test_an_htmx_request_gets_only_the_tree(client, world, okrs):
    client.force_login(world.bob)
    response = client.get(reverse("alignment"), {"filter": "rust"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="card" id="alignment-tree"')
    assert "Learn Rust" in page


def test_it_renders_hundreds_of_objectives_in_a_few_queries(
    client, world, django_assert_max_num_queries
):
    # Rows straight into the tables: the view only reads, and 520 service calls take long.
    def objectives(titles, unit):
        return Objective.objects.bulk_create(
            Objective(
                organisation=world.organisation, period=world.period, title=title, owner_unit=unit
            )
            for title in titles
        )

    parents = objectives([f"Department goal {n}" for n in range(20)], world.engineering)
    children = objectives([f"Team goal {n}" for n in range(250)], world.web_team)
    children += objectives([f"Team goal {n}" for n in range(250, 500)], world.api_team)
    Alignment.objects.bulk_create(
        Alignment(child=child, parent_objective=parents[n % 20]) for n, child in enumerate(children)
    )
    create_objective(world.period, "Private plan", owner_user=world.alice, visibility="private")
    client.force_login(world.bob)
    with django_assert_max_num_queries(12):
        page = view(client)
    assert page.count('<li class="health-edge') == 520
    assert "Team goal 499" in page
