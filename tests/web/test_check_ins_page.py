"""A key result's check-ins page: every check-in, twenty a page, newest first (issue 12,
finding 11: the objective page said "6 earlier" with no way to see them).

Alice leads Web, Bob is on Web, Carol leads Engineering, Dave is an admin.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.models import CheckIn
from okrs.goals.services import add_key_result, create_objective, give_feedback, record_check_in

FIRST_DAY = datetime(2026, 10, 1, 9, tzinfo=UTC)


@pytest.fixture
def lcp(world):
    web = create_objective(world.period, "Make the web app feel instant", owner_unit=world.web_team)
    return add_key_result(
        web, "LCP p75", direction="decrease", start=3400, target=2500, unit_label="ms"
    )


def _check_ins(world, key_result, days, *, feedback=False):
    for day in days:
        entry = record_check_in(
            key_result,
            3400 - day * 10,
            5 + day % 5,
            f"Note of day {day}",
            checked_at=FIRST_DAY + timedelta(days=day),
            by=Author(world.bob),
        )
        if feedback:
            give_feedback(entry, "consider", f"Feedback on day {day}", by=Author(world.alice))


def _page(client, key_result, number=None):
    query = {} if number is None else {"page": number}
    response = client.get(reverse("key-result-check-ins", args=[key_result.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def _days(page):
    return [int(day) for day in re.findall(r"Note of day (\d+)", page)]


def test_it_pages_through_every_check_in(client, world, lcp):
    _check_ins(world, lcp, range(45))
    client.force_login(world.bob)
    first, second, third = (_page(client, lcp, n) for n in (1, 2, 3))
    assert _days(first) == list(range(44, 24, -1))  # newest first
    assert _days(second) == list(range(24, 4, -1))
    assert _days(third) == [4, 3, 2, 1, 0]
    assert "page 1 of 3" in first
    assert "‹ newer" not in first
    assert 'href="?page=2" rel="next">older ›' in first
    assert 'href="?page=1" rel="prev">‹ newer' in second
    assert 'href="?page=3" rel="next">older ›' in second
    assert "page 3 of 3" in third
    assert "older ›" not in third
    assert _days(_page(client, lcp)) == _days(first)
    assert "45 check-ins, newest first" in first


def test_it_answers_a_page_out_of_range_with_the_nearest_one(client, world, lcp):
    _check_ins(world, lcp, range(25))
    client.force_login(world.bob)
    assert _days(_page(client, lcp, "abc")) == list(range(24, 4, -1))
    assert _days(_page(client, lcp, "99")) == [4, 3, 2, 1, 0]


def test_it_shows_value_confidence_signal_note_and_feedback(client, world, lcp):
    entry = record_check_in(lcp, 2950.5, 7, "Images lazy-load", "blocker", by=Author(world.bob))
    give_feedback(entry, "continue", "Keep going", by=Author(world.alice))
    pushed = record_check_in(lcp, 2900, 6, source="ci-lcp", by=Author(world.bob))
    CheckIn.objects.filter(pk=pushed.pk).update(confidence=None)  # a machine's value
    client.force_login(world.bob)
    page = _page(client, lcp)
    assert "2,950.5 ms" in page
    assert "confidence 7/10" in page
    assert "blocker" in page
    assert "Images lazy-load" in page
    assert "Keep going" in page
    assert "2,900 ms" in page
    assert "2,900 ms</strong> · confidence" not in page  # nobody gave one
    assert "None/10" not in page
    assert "Give feedback" not in page  # feedback is given on the objective page


def test_it_links_every_check_in_from_the_objective_page(client, world, lcp):
    _check_ins(world, lcp, range(9))
    client.force_login(world.bob)
    page = client.get(reverse("objective", args=[lcp.objective_id])).content.decode()
    url = reverse("key-result-check-ins", args=[lcp.pk])
    assert f'<a href="{url}">see all 9 check-ins</a>' in page


def test_it_shows_a_private_key_results_check_ins_to_its_readers_only(client, world):
    secret = create_objective(
        world.period, "Acquire a competitor", owner_unit=world.api_team, visibility="private"
    )
    term_sheet = add_key_result(secret, "Term sheet signed", direction="milestone")
    record_check_in(term_sheet, 0, 4, "Lawyers slow", by=Author(world.carol))
    url = reverse("key-result-check-ins", args=[term_sheet.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(world.bob)
    refused = client.get(url)
    assert refused.status_code == 404
    assert "Lawyers" not in refused.content.decode()
    client.force_login(world.carol)
    assert "Lawyers slow" in _page(client, term_sheet)


def test_the_page_costs_as_many_queries_for_twenty_check_ins_as_for_two(client, world, lcp):
    _check_ins(world, lcp, range(2), feedback=True)
    client.force_login(world.bob)
    with CaptureQueriesContext(connection) as small:
        _page(client, lcp)
    _check_ins(world, lcp, range(2, 45), feedback=True)
    with CaptureQueriesContext(connection) as large:
        page = _page(client, lcp, 2)
    assert len(_days(page)) == 20
    assert "Feedback on day 24" in page
    assert len(large) == len(small), [query["sql"][:120] for query in large.captured_queries]
