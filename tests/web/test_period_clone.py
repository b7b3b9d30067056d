"""Cloning chosen objectives into the next period, from the web."""

from datetime import date

import pytest
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.models import CheckIn, Objective, Period
from okrs.goals.services import add_key_result, create_objective, create_period, record_check_in


@pytest.fixture
def okrs(world):
    web = create_objective(world.period, "Make the web app feel instant", owner_unit=world.web_team)
    lcp = add_key_result(web, "LCP p75", direction="decrease", start=3400, target=2500)
    record_check_in(lcp, 2950, 7, "Half way", by=Author(world.bob))
    api = create_objective(world.period, "Delight API users", owner_unit=world.api_team)
    mine = create_objective(world.period, "Learn Rust", owner_user=world.bob)
    return web, api, mine


def url(world):
    return reverse("period-clone", args=[world.period.pk])


def test_it_lists_only_what_the_person_may_clone(client, world, okrs):
    client.force_login(world.alice)
    page = client.get(url(world)).content.decode()
    assert "Make the web app feel instant" in page
    assert "LCP p75" in page
    assert "Delight API users" not in page  # alice leads Web, not API
    client.force_login(world.bob)
    page = client.get(url(world)).content.decode()
    assert "Learn Rust" in page
    assert "Make the web app feel instant" not in page  # members edit only their own


def test_it_clones_into_the_next_period_without_check_ins(client, world, okrs):
    web, *_ = okrs
    following = create_period(world.organisation, "2027 Q1", date(2027, 1, 1), date(2027, 3, 31))
    client.force_login(world.alice)
    assert f'<option value="{following.pk}" selected' in client.get(url(world)).content.decode()
    response = client.post(url(world), {"objective": [web.pk], "target": following.pk})
    assert response.status_code == 302
    copy = Objective.objects.get(period=following)
    assert copy.cloned_from == web
    assert copy.key_results.get().title == "LCP p75"
    assert not CheckIn.objects.filter(key_result__objective=copy).exists()
    assert "1 objective cloned into 2027 Q1" in client.get(response.url).content.decode()


def test_an_admin_may_create_the_next_quarter_to_clone_into(client, world, okrs):
    web, api, _ = okrs
    client.force_login(world.dave)
    page = client.get(url(world)).content.decode()
    assert '<option value="new" selected>New period: Q1 2027' in page
    response = client.post(url(world), {"objective": [web.pk, api.pk], "target": "new"})
    assert response.status_code == 302
    created = Period.objects.get(name="Q1 2027")
    assert (created.start, created.end, created.state) == (
        date(2027, 1, 1),
        date(2027, 3, 31),
        "draft",
    )
    assert sorted(created.objectives.values_list("title", flat=True)) == [
        "Delight API users",
        "Make the web app feel instant",
    ]


def test_a_lead_may_not_create_a_period(client, world, okrs):
    web, *_ = okrs
    client.force_login(world.alice)
    response = client.post(url(world), {"objective": [web.pk], "target": "new"})
    assert response.status_code == 400
    assert "choose the period to clone into" in response.content.decode()
    assert Period.objects.count() == 1


def test_it_asks_for_objectives_and_ignores_ones_the_person_may_not_clone(client, world, okrs):
    _, api, _ = okrs
    following = create_period(world.organisation, "2027 Q1", date(2027, 1, 1), date(2027, 3, 31))
    client.force_login(world.alice)
    response = client.post(url(world), {"objective": [api.pk], "target": following.pk})
    assert response.status_code == 400
    assert "choose at least one objective" in response.content.decode()
    assert not following.objectives.exists()


def test_a_closed_period_is_no_target(client, world, okrs):
    web, *_ = okrs
    closed = create_period(
        world.organisation, "2026 Q3", date(2026, 7, 1), date(2026, 9, 30), "closed"
    )
    client.force_login(world.dave)
    response = client.post(url(world), {"objective": [web.pk], "target": closed.pk})
    assert response.status_code == 400
    assert not closed.objectives.exists()


def test_a_viewer_may_not_clone_and_strangers_see_nothing(client, world, okrs):
    from okrs.orgs.services import add_person
    from tests.factories import make_user

    viewer = make_user("vera")
    add_person(world.organisation, viewer, role="viewer")
    client.force_login(viewer)
    assert client.get(url(world)).status_code == 403
    client.force_login(make_user("stranger"))
    assert client.get(url(world)).status_code == 404
