"""Home: links into units and focus areas, and what needs attention in the period."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.rollup import recompute
from okrs.goals.services import (
    add_key_result,
    create_focus_area,
    create_objective,
    record_check_in,
)

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)  # half way through 2026 Q4
# Objectives set on the quarter's first day are paced over all of it (README, "Health").
FIRST_DAY = datetime(2026, 10, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    """The page reads health at the clock's time (it ages when read): read at NOW."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def okrs(world):
    with time_machine.travel(NOW, tick=False):
        area = create_focus_area(world.period, "Speed")
        web = create_objective(
            world.period,
            "Make the web app feel instant",
            owner_unit=world.web_team,
            focus_areas=[area],
            activated_at=FIRST_DAY,
        )
        lcp = add_key_result(web, "LCP p75", direction="decrease", start=3400, target=2500)
        record_check_in(
            lcp, 3350, 4, "CDN contract stuck", "blocker", now=NOW, by=Author(world.bob)
        )
        steady = create_objective(
            world.period, "Steady releases", owner_unit=world.web_team, activated_at=FIRST_DAY
        )
        deploys = add_key_result(steady, "Deploys a week", start=0, target=10)
        record_check_in(
            deploys, 4.2, 8, "", now=NOW, by=Author(world.bob)
        )  # 42% vs 50%: on track, behind
        secret = create_objective(
            world.period, "Acquire a competitor", owner_unit=world.api_team, visibility="private"
        )
        term = add_key_result(secret, "Term sheet", direction="milestone")
        record_check_in(term, 0, 2, "Lawyers blocked", "blocker", now=NOW, by=Author(world.alice))
        stale = create_objective(
            world.period, "Docs for everyone", owner_unit=world.web_team, activated_at=FIRST_DAY
        )
        pages = add_key_result(stale, "Pages written", start=0, target=10)
        record_check_in(pages, 5, 7, "", now=NOW - timedelta(days=30), by=Author(world.bob))
        recompute(world.organisation, now=NOW)  # as the nightly job does: stale -> outdated
    return area, web, steady, secret, stale


def home(client):
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def attention(page):
    start = page.index("Needs attention")
    return page[start : page.index("</section>", start)]


def test_it_links_units_and_focus_areas(client, world, okrs):
    area, *_ = okrs
    client.force_login(world.bob)
    page = home(client)
    assert f'href="{reverse("unit", args=[world.web_team.pk])}?period={world.period.pk}"' in page
    assert f'href="{reverse("focus-area", args=[area.pk])}"' in page


def test_it_lists_what_needs_attention(client, world, okrs):
    _, _web, _steady, _, _stale = okrs
    client.force_login(world.bob)
    part = attention(home(client))
    assert "Off track" in part
    assert "LCP p75" in part
    assert "Open blockers" in part
    assert "CDN contract stuck" in part
    assert "Outdated" in part
    assert "Docs for everyone" in part
    assert "Committed, behind pace" in part
    assert "Steady releases" in part


def test_a_newer_check_in_clears_a_blocker(client, world, okrs):
    _, web, *_ = okrs
    with time_machine.travel(NOW, tick=False):
        record_check_in(web.key_results.get(), 3300, 5, "CDN signed", now=NOW, by=Author(world.bob))
    client.force_login(world.bob)
    part = attention(home(client))
    assert "CDN contract stuck" not in part


def test_attention_hides_what_the_person_cannot_read(client, world, okrs):
    client.force_login(world.bob)
    part = attention(home(client))
    assert "Lawyers blocked" not in part
    assert "Term sheet" not in part
    client.force_login(world.carol)
    assert "Lawyers blocked" in attention(home(client))


def test_admins_see_links_to_close_and_clone_the_period(client, world, okrs):
    client.force_login(world.dave)
    page = home(client)
    assert reverse("period-close", args=[world.period.pk]) in page
    assert reverse("period-clone", args=[world.period.pk]) in page
    client.force_login(world.alice)
    assert reverse("period-close", args=[world.period.pk]) not in home(client)
