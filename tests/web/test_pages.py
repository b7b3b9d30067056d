"""The pages a person sees: home with the unit tree, and an objective with its key results."""

import pytest
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.services import add_key_result, create_objective, record_check_in
from tests.factories import make_world


@pytest.fixture
def objectives(world):
    web = create_objective(world.period, "Make the web app feel instant", owner_unit=world.web_team)
    lcp = add_key_result(
        web, "LCP p75", direction="decrease", start=3400, target=2500, unit_label="ms"
    )
    record_check_in(lcp, 2950, 7, "Images lazy-load now", "insight", by=Author(world.bob))
    secret = create_objective(
        world.period,
        "Acquire a competitor quietly",
        owner_unit=world.api_team,
        visibility="private",
    )
    add_key_result(secret, "Term sheet signed", direction="milestone")
    return web, secret


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_logs_a_person_in(client, world):
    response = client.post(
        reverse("login"), {"username": "alice-acme", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_it_shows_the_unit_tree_with_progress_and_health(client, world, objectives):
    client.force_login(world.bob)
    page = client.get(reverse("home")).content.decode()
    for name in ("Acme Inc", "Engineering", "Web", "API"):
        assert name in page
    assert "Make the web app feel instant" in page
    assert "50%" in page  # LCP half way: 3400 -> 2950 of 3400 -> 2500
    assert "on track" in page or "at risk" in page or "off track" in page


def test_it_hides_a_private_objective_from_people_outside_its_unit(client, world, objectives):
    _, secret = objectives
    client.force_login(world.bob)
    assert "Acquire a competitor" not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("objective", args=[secret.pk])).status_code == 404


def test_leads_above_and_admins_see_a_private_objective(client, world, objectives):
    _, secret = objectives
    for person in (world.carol, world.dave):
        client.force_login(person)
        assert client.get(reverse("objective", args=[secret.pk])).status_code == 200


def test_it_shows_an_objective_with_its_key_results_and_check_ins(client, world, objectives):
    web, _ = objectives
    client.force_login(world.bob)
    page = client.get(reverse("objective", args=[web.pk])).content.decode()
    assert "LCP p75" in page
    assert "2,950" in page
    assert "3,400" in page
    assert "2,500" in page
    assert "Images lazy-load now" in page
    assert "expected by now" in page  # the health explanation


def test_people_of_another_organisation_see_nothing(client, world, objectives):
    web, _ = objectives
    other = make_world("globex")
    client.force_login(other.alice)
    assert client.get(reverse("objective", args=[web.pk])).status_code == 404
    assert "Make the web app feel instant" not in client.get(reverse("home")).content.decode()


def test_it_switches_periods(client, world, objectives):
    from datetime import date

    from okrs.goals.services import create_period

    previous = create_period(
        world.organisation, "2026 Q3", date(2026, 7, 1), date(2026, 9, 30), "closed"
    )
    client.force_login(world.bob)
    page = client.get(reverse("home"), {"period": previous.pk}).content.decode()
    assert "2026 Q3" in page
    assert "Make the web app feel instant" not in page


def test_a_missing_objective_is_a_404_not_a_500(client, world):
    client.force_login(world.bob)
    assert client.get("/objectives/999999/").status_code == 404


def test_it_shows_moved_goal_posts_on_the_objective(client, world, objectives):
    from datetime import UTC, datetime

    from okrs.goals.services import Author, update_key_result

    web, _ = objectives
    lcp = web.key_results.get()
    update_key_result(
        lcp, target=2800, by=Author(world.carol, "web"), now=datetime(2026, 11, 2, tzinfo=UTC)
    )
    client.force_login(world.bob)
    page = client.get(reverse("objective", args=[web.pk])).content.decode()
    assert "Goal posts moved" in page
    assert "target 2,500 → 2,800" in page
    assert "Carol" in page
