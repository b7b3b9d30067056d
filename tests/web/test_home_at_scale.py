"""The home page of a large organisation shows the top levels and the person's own units,
with the rest a click away, and costs the same at two sizes (issue 13)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.services import add_key_result, create_objective, record_check_in
from okrs.orgs.services import add_unit
from okrs.web.pages import tree

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
START = datetime(2026, 10, 1, tzinfo=UTC)


def grow(world, teams, first=0):
    """`teams` more teams under Engineering, each with an objective and a key result."""
    for number in range(first, first + teams):
        team = add_unit(world.organisation, f"Team {number:04}", "team", world.engineering)
        objective = create_objective(world.period, f"Objective {number}", owner_unit=team)
        add_key_result(objective, "Deploys a week", start=0, target=10)


def home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.django_db
def test_it_folds_a_large_tree_to_the_top_and_the_persons_own_units(client, world, monkeypatch):
    monkeypatch.setattr(tree, "FULL_TREE_UNITS", 10)
    grow(world, 12)
    client.force_login(world.bob)  # a member of Web, under Engineering
    page, _ = home(client)
    assert "Engineering" in page  # the top levels
    assert ">Web</a>" in page  # bob's own team, and the line down to it
    assert "Team 0003" not in page  # everybody else's team is a click away
    assert "13 more units below Engineering" in page  # 12 new teams and API


@pytest.mark.django_db
def test_the_home_page_costs_the_same_for_a_larger_organisation(client, world, monkeypatch):
    monkeypatch.setattr(tree, "FULL_TREE_UNITS", 10)
    grow(world, 12)
    client.force_login(world.bob)
    small_page, small_queries = home(client)
    grow(world, 40, first=12)
    large_page, large_queries = home(client)
    assert large_queries == small_queries
    assert len(large_page) < len(small_page) * 1.05  # only the folded count grew


def behind(world, count, first=0):
    """`count` objectives of Web, set on the quarter's first day and barely moved: off track."""
    with time_machine.travel(NOW, tick=False):
        for number in range(first, first + count):
            objective = create_objective(
                world.period, f"Behind {number:03}", owner_unit=world.web_team, activated_at=START
            )
            kr = add_key_result(objective, "Deploys a week", start=0, target=10)
            record_check_in(kr, 1, 5, by=Author(world.bob))


@pytest.mark.django_db
def test_needs_attention_counts_in_sql_and_lists_a_few(client, world):
    client.force_login(world.bob)
    behind(world, 3)
    with time_machine.travel(NOW, tick=False):
        _, small_queries = home(client)
    behind(world, 30, first=3)
    with time_machine.travel(NOW, tick=False):
        large_page, large_queries = home(client)
    assert large_queries <= small_queries  # one fewer: no key result fits the list any more
    assert 'Off track <span class="count">33 objectives · 33 key results</span>' in large_page
    assert "and 46 more not listed here" in large_page  # 66 in all, 20 listed
