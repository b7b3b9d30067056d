"""Closing a period: a score per key result, reasons, retrospectives, all or nothing."""

import re

import pytest
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.models import KeyResult, Objective, Period
from okrs.goals.services import add_key_result, create_objective, record_check_in
from tests.factories import make_world


@pytest.fixture
def okrs(world):
    web = create_objective(world.period, "Make the web app feel instant", owner_unit=world.web_team)
    lcp = add_key_result(web, "LCP p75", direction="decrease", start=3400, target=2500)
    record_check_in(lcp, 2950, 7, "Half way", by=Author(world.bob))
    bundle = add_key_result(web, "Bundle under 200 kB", direction="milestone", weight=3)
    api = create_objective(
        world.period, "Delight API users", owner_unit=world.api_team, kind="aspirational"
    )
    docs = add_key_result(api, "Docs rated 4+", start=3, target=4.5)
    bare = create_objective(world.period, "Tidy the backlog", owner_unit=world.engineering)
    return web, lcp, bundle, api, docs, bare


def url(world):
    return reverse("period-close", args=[world.period.pk])


def fieldset_of(page, objective):
    """The part of the page about one objective."""
    start = page.index(f'id="objective-{objective.pk}"')
    return page[start : page.index("</fieldset>", start)]


def good_form(okrs, **changes):
    web, lcp, bundle, _api, docs, bare = okrs
    form = {
        f"kr-{lcp.pk}": "0.5",
        f"kr-{bundle.pk}": "1",
        f"note-{web.pk}": "LCP work started late",
        f"retrospective-{web.pk}": "Measure first",
        f"kr-{docs.pk}": "0.6",
        f"score-{bare.pk}": "1",
        f"note-{bare.pk}": "",
    }
    return form | changes


def test_it_suggests_each_key_results_score_from_its_progress(client, world, okrs):
    _web, lcp, bundle, *_ = okrs
    client.force_login(world.dave)
    page = client.get(url(world)).content.decode()
    assert re.search(rf'name="kr-{lcp.pk}" value="0.50"', page)
    assert re.search(rf'name="kr-{bundle.pk}" value="0.00"', page)
    assert "Make the web app feel instant" in page
    assert "Tidy the backlog" in page


@pytest.mark.parametrize("person", ["alice", "bob", "carol"])
def test_only_admins_close_a_period(client, world, okrs, person):
    client.force_login(getattr(world, person))
    assert client.get(url(world)).status_code == 403
    assert client.post(url(world), good_form(okrs)).status_code == 403
    world.period.refresh_from_db()
    assert world.period.state == Period.State.ACTIVE
    assert not Objective.objects.filter(state=Objective.State.CLOSED).exists()


def test_another_organisations_admin_sees_no_such_period(client, world, okrs):
    client.force_login(make_world("globex").dave)
    assert client.get(url(world)).status_code == 404
    assert client.get(reverse("period-close", args=[999999])).status_code == 404


def test_it_closes_every_objective_with_weighted_scores_then_the_period(client, world, okrs):
    web, lcp, bundle, api, _docs, bare = okrs
    client.force_login(world.dave)
    response = client.post(url(world), good_form(okrs))
    assert response.status_code == 302
    world.period.refresh_from_db()
    assert world.period.state == Period.State.CLOSED
    web.refresh_from_db()
    assert web.state == Objective.State.CLOSED
    assert web.final_score == 0.88  # (0.5 x 1 + 1.0 x 3) / 4, in hundredths
    assert web.score_note == "LCP work started late"
    assert web.retrospective == "Measure first"
    assert KeyResult.objects.get(pk=lcp.pk).final_score == 0.5
    assert KeyResult.objects.get(pk=bundle.pk).final_score == 1.0
    api.refresh_from_db()
    assert api.final_score == 0.6  # aspirational: no reason needed
    bare.refresh_from_db()
    assert bare.final_score == 1.0
    page = client.get(response.url).content.decode()
    assert "is closed; 3 objectives scored" in page
    assert "0.88" in page
    home = client.get(reverse("home"), {"period": world.period.pk}).content.decode()
    assert "score 0.88" in home  # the unit tree shows final scores instead of health


def test_a_committed_objective_below_one_needs_a_reason_and_nothing_closes(client, world, okrs):
    web, _, _, api, *_ = okrs
    client.force_login(world.dave)
    response = client.post(
        url(world), good_form(okrs, **{f"note-{web.pk}": " ", f"retrospective-{api.pk}": "Kept"})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was closed" in page
    assert "explain why a committed objective ends below 1.0" in fieldset_of(page, web)
    assert "explain why" not in fieldset_of(page, api)
    assert ">Kept</textarea>" in fieldset_of(page, api)  # what was typed stays
    world.period.refresh_from_db()
    assert world.period.state == Period.State.ACTIVE
    assert not Objective.objects.filter(state=Objective.State.CLOSED).exists()
    assert not KeyResult.objects.filter(final_score__isnull=False).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("abc", "must be a number"), ("1.5", "between 0 and 1"), ("", "give a score")],
)
def test_it_refuses_a_bad_score_next_to_its_key_result(client, world, okrs, typed, message):
    web, lcp, *_ = okrs
    client.force_login(world.dave)
    response = client.post(url(world), good_form(okrs, **{f"kr-{lcp.pk}": typed}))
    assert response.status_code == 400
    part = fieldset_of(response.content.decode(), web)
    assert message in part
    assert f'aria-describedby="kr-{lcp.pk}-error"' in part
    assert not Objective.objects.filter(state=Objective.State.CLOSED).exists()


def test_an_objective_without_key_results_is_scored_directly(client, world, okrs):
    *_, bare = okrs
    client.force_login(world.dave)
    response = client.post(url(world), good_form(okrs, **{f"score-{bare.pk}": "0.4"}))
    assert response.status_code == 400  # committed below 1.0 without a reason
    assert "explain why" in fieldset_of(response.content.decode(), bare)
    response = client.post(
        url(world),
        good_form(okrs, **{f"score-{bare.pk}": "0.4", f"note-{bare.pk}": "Backlog grew"}),
    )
    assert response.status_code == 302
    bare.refresh_from_db()
    assert (bare.final_score, bare.score_note) == (0.4, "Backlog grew")


def test_a_closed_period_shows_its_final_scores_and_cannot_close_again(client, world, okrs):
    web, *_ = okrs
    client.force_login(world.dave)
    client.post(url(world), good_form(okrs))
    response = client.post(url(world), good_form(okrs, **{f"kr-{okrs[1].pk}": "0.1"}))
    assert response.status_code == 200
    web.refresh_from_db()
    assert web.final_score == 0.88
    assert "Final scores" in response.content.decode()
