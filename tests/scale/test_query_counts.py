"""Every page and API read costs the same number of queries for a small organisation and one
three times its size (issue 13): a count that grows with the organisation fails here."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.services import (
    add_key_result,
    align,
    create_focus_area,
    create_objective,
    give_feedback,
    record_check_in,
)
from okrs.orgs.services import add_person, add_unit
from okrs.tokens.services import create_token
from tests.factories import make_user

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def grow(world, area, teams, first):
    """`teams` more teams under Engineering, each with a member, a public objective aligned
    to the department's, a private one, key results, check-ins and feedback."""
    parent = world.department_objective
    for number in range(first, first + teams):
        team = add_unit(world.organisation, f"Team {number:03}", "team", world.engineering)
        person = make_user(f"person-{number:03}")
        add_person(world.organisation, person, units={team: "member"})
        for visibility in ("public", "private"):
            objective = create_objective(
                world.period,
                f"{visibility.title()} goal {number}",
                owner_unit=team,
                visibility=visibility,
                focus_areas=[area],
                activated_at=NOW - timedelta(days=50),
                now=NOW,
            )
            if visibility == "public":
                align(objective, parent_objective=parent, now=NOW)
            for title in ("Deploys a week", "Pages under 2 s"):
                kr = add_key_result(objective, title, start=0, target=10, now=NOW)
                check_in = record_check_in(kr, 2, 6, "Slow going", now=NOW, by=Author(person))
                give_feedback(check_in, "consider", "Pair on it?", by=Author(world.carol))


def pages(world, who):
    objective, kr = world.department_objective, world.department_kr
    managing = [reverse("people")] if who == "dave" else []  # who manages people
    return [
        *managing,
        reverse("home"),
        reverse("unit", args=[world.engineering.pk]),
        reverse("unit", args=[world.company.pk]),
        reverse("objective", args=[objective.pk]),
        reverse("key-result-check-ins", args=[kr.pk]),
        reverse("focus-area", args=[world.area.pk]),
        reverse("alignment"),
        reverse("search") + "?q=goal",
        reverse("periods"),
    ]


def api_reads(world):
    objective, kr = world.department_objective, world.department_kr
    return [
        "/objectives",
        f"/objectives/{objective.pk}",
        "/key-results",
        f"/key-results?objective={objective.pk}",
        f"/key-results/{kr.pk}",
        f"/key-results/{kr.pk}/check-ins",
        "/check-ins",
        "/feedback",
        "/units",
        "/people",
        "/periods",
        "/focus-areas",
    ]


def count(get, url):
    with CaptureQueriesContext(connection) as queries:
        response = get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def grown(world):
    world.area = create_focus_area(world.period, "Speed")
    world.department_objective = create_objective(
        world.period, "Ship safely", owner_unit=world.engineering, now=NOW
    )
    world.department_kr = add_key_result(
        world.department_objective,
        "Change failure rate",
        direction="decrease",
        start=30,
        target=10,
        now=NOW,
    )
    grow(world, world.area, 3, 0)
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["bob", "dave"])  # a member; the admin
def test_no_page_costs_more_queries_for_a_larger_organisation(grown, who):
    client = Client()
    client.force_login(getattr(grown, who))
    small = {url: count(client.get, url) for url in pages(grown, who)}
    grow(grown, grown.area, 6, 3)
    large = {url: count(client.get, url) for url in pages(grown, who)}
    assert {url: n for url, n in large.items() if n > small[url]} == {}, small


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["bob", "dave"])
def test_no_api_read_costs_more_queries_for_a_larger_organisation(grown, who):
    token = create_token(grown.organisation, getattr(grown, who), "bench", can_write=False)
    client = Client(headers={"Authorization": f"Bearer {token.secret}"})

    def get(path):
        return client.get("/api/v1" + path)

    small = {url: count(get, url) for url in api_reads(grown)}
    grow(grown, grown.area, 6, 3)
    large = {url: count(get, url) for url in api_reads(grown)}
    assert {url: n for url, n in large.items() if n > small[url]} == {}, small
