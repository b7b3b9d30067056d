"""The objective page: inline check-ins through HTMX or a plain form, and leads' feedback.

Alice leads Web, Bob is on Web, Carol leads Engineering, Dave is an admin; Vera is a viewer.
"""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.models import CheckIn, Feedback
from okrs.goals.services import (
    add_key_result,
    align,
    close_objective,
    create_focus_area,
    create_objective,
    record_check_in,
)
from okrs.orgs.services import add_person
from okrs.web.pages.charts import ChartPoint, ChartSpec, key_result_chart
from tests.factories import make_user, make_world

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def okrs(world):
    area = create_focus_area(world.period, "Fast everywhere")
    parent = create_objective(world.period, "Engineering is fast", owner_unit=world.engineering)
    add_key_result(parent, "Services answer in time", start=0, target=10)
    web = create_objective(
        world.period,
        "Make the web app feel instant",
        owner_unit=world.web_team,
        description="Pages answer before people notice.",
        focus_areas=[area],
    )
    lcp = add_key_result(
        web, "LCP p75", direction="decrease", start=3400, target=2500, unit_label="ms"
    )
    record_check_in(lcp, 2950, 7, "Images lazy-load now", "insight", by=Author(world.bob))
    align(web, parent_objective=parent)
    return web, lcp, parent


@pytest.fixture
def viewer(world):
    vera = make_user("vera-acme")
    add_person(world.organisation, vera, role="viewer")
    return vera


def check_in(client, kr, htmx=True, **fields):
    data = {"value": "2700", "confidence": "8", "note": "", "signal": "none"} | fields
    return client.post(reverse("check-in", args=[kr.pk]), data, **(HTMX if htmx else {}))


def test_it_shows_what_the_objective_is_and_where_it_belongs(client, world, okrs):
    web, _lcp, _parent = okrs
    client.force_login(world.bob)
    page = client.get(reverse("objective", args=[web.pk])).content.decode()
    assert "Pages answer before people notice." in page
    assert "committed" in page
    assert reverse("unit", args=[world.web_team.pk]) in page  # the owner links to its unit
    assert "Fast everywhere" in page
    assert "contributes to" in page
    assert "Engineering is fast" in page
    assert 'role="img"' in page
    assert "Value history of LCP p75" in page


def test_it_shows_the_confidence_trend(client, world, okrs):
    web, lcp, _ = okrs
    record_check_in(lcp, 2900, 5, by=Author(world.bob))
    client.force_login(world.bob)
    page = client.get(reverse("objective", args=[web.pk])).content.decode()
    assert "7 → 5" in page
    assert 'class="trend falling"' in page


def test_a_member_checks_in_and_every_figure_it_moved_comes_back(client, world, okrs):
    _web, lcp, parent = okrs
    client.force_login(world.bob)
    response = check_in(
        client, lcp, value="2500", confidence="9", note="Done early", signal="insight"
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert f'id="kr-{lcp.pk}"' in fragment
    assert "Check-in saved" in fragment
    assert "100%" in fragment  # the key result reached its target
    assert 'id="objective-summary" class="objective-summary" hx-swap-oob="true"' in fragment
    parent_link = parent.child_links.get()
    assert f'id="parent-link-{parent_link.pk}" class="link-row" hx-swap-oob="true"' in fragment
    parent.refresh_from_db()
    assert f"{round(parent.progress * 100)}%" in fragment
    stored = lcp.check_ins.latest("checked_at")
    assert (stored.value, stored.confidence, stored.note, stored.signal) == (
        2500,
        9,
        "Done early",
        "insight",
    )
    assert stored.author == world.bob


def test_without_javascript_a_check_in_redirects_back_to_the_page(client, world, okrs):
    web, lcp, _ = okrs
    client.force_login(world.bob)
    response = check_in(client, lcp, htmx=False)
    assert response.status_code == 302
    assert response.url == reverse("objective", args=[web.pk]) + f"#kr-{lcp.pk}"
    assert lcp.check_ins.count() == 2


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_stored(client, world, okrs):
    _, lcp, _ = okrs
    client.force_login(world.bob)
    response = check_in(client, lcp, value="fast", confidence="11", note="x" * 141)
    assert response.status_code == 422
    fragment = response.content.decode()
    assert f'id="value-{lcp.pk}-error"' in fragment
    assert "must be a number" in fragment
    assert "whole number from 0 to 10" in fragment
    assert "141 characters; keep it to 140" in fragment
    assert 'value="fast"' in fragment  # what was typed stays
    assert "141/140" in fragment
    assert lcp.check_ins.count() == 1


def test_bad_input_without_javascript_shows_the_whole_page_again(client, world, okrs):
    _, lcp, _ = okrs
    client.force_login(world.bob)
    response = check_in(client, lcp, htmx=False, confidence="sure")
    assert response.status_code == 400
    assert "Make the web app feel instant" in response.content.decode()
    assert "Confidence must be a number" in response.content.decode()
    assert lcp.check_ins.count() == 1


def test_a_milestone_takes_done_or_not_done(client, world, okrs):
    web, _, _ = okrs
    shipped = add_key_result(web, "New image pipeline shipped", direction="milestone")
    client.force_login(world.bob)
    assert check_in(client, shipped, value="2").status_code == 422
    assert check_in(client, shipped, value="1").status_code == 200
    assert shipped.check_ins.get().value == 1


def test_viewers_and_people_outside_the_unit_may_not_check_in(client, world, okrs, viewer):
    _, lcp, _ = okrs
    api_member = make_user("erin-acme")
    add_person(world.organisation, api_member, units={world.api_team: "member"})
    for person in (viewer, api_member):
        client.force_login(person)
        assert check_in(client, lcp).status_code == 403
    assert lcp.check_ins.count() == 1


def test_the_check_in_form_shows_only_to_people_who_may_check_in(client, world, okrs, viewer):
    web, _lcp, _ = okrs
    client.force_login(viewer)
    assert "Save check-in" not in client.get(reverse("objective", args=[web.pk])).content.decode()
    client.force_login(world.bob)
    assert "Save check-in" in client.get(reverse("objective", args=[web.pk])).content.decode()


def test_another_organisation_cannot_check_in_or_give_feedback(client, world, okrs):
    _, lcp, _ = okrs
    other = make_world("globex")
    client.force_login(other.dave)
    assert check_in(client, lcp).status_code == 404
    entry = lcp.check_ins.get()
    assert (
        client.post(reverse("feedback", args=[entry.pk]), {"kind": "continue"}).status_code == 404
    )
    assert lcp.check_ins.count() == 1


def test_a_closed_objective_refuses_check_ins_with_a_reason(client, world, okrs):
    web, lcp, _ = okrs
    close_objective(web, 0.7, "LCP landed late")
    client.force_login(world.alice)
    page = client.get(reverse("objective", args=[web.pk])).content.decode()
    assert "Save check-in" not in page
    assert "closed: it takes no more check-ins" in page
    response = check_in(client, lcp)
    assert response.status_code == 422
    assert "This objective is closed" in response.content.decode()
    assert lcp.check_ins.count() == 1


def test_a_private_objective_is_a_404_for_outsiders_on_every_path(client, world):
    secret = create_objective(
        world.period, "Acquire a competitor", owner_unit=world.api_team, visibility="private"
    )
    kr = add_key_result(secret, "Term sheet signed", direction="milestone")
    entry = record_check_in(kr, 0, 4, by=Author(world.dave))
    client.force_login(world.bob)
    assert client.get(reverse("objective", args=[secret.pk])).status_code == 404
    assert check_in(client, kr, value="1").status_code == 404
    assert (
        client.post(reverse("feedback", args=[entry.pk]), {"kind": "continue"}).status_code == 404
    )


def test_a_missing_key_result_or_check_in_is_a_404(client, world):
    client.force_login(world.bob)
    assert client.post(reverse("check-in", args=[999999]), {}).status_code == 404
    assert client.post(reverse("feedback", args=[999999]), {}).status_code == 404


def test_check_in_and_feedback_take_only_post(client, world, okrs):
    _, lcp, _ = okrs
    client.force_login(world.bob)
    assert client.get(reverse("check-in", args=[lcp.pk])).status_code == 405


def test_a_lead_gives_feedback_on_a_check_in(client, world, okrs):
    _, lcp, _ = okrs
    entry = lcp.check_ins.get()
    client.force_login(world.alice)
    response = client.post(
        reverse("feedback", args=[entry.pk]),
        {"kind": "consider", "note": "Could the hero image go AVIF?"},
        **HTMX,
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert f'id="check-in-{entry.pk}"' in fragment
    assert "Could the hero image go AVIF?" in fragment
    assert "Feedback sent" in fragment
    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.author, feedback.check_in) == ("consider", world.alice, entry)


def test_feedback_without_javascript_redirects_to_the_check_in(client, world, okrs):
    web, lcp, _ = okrs
    entry = lcp.check_ins.get()
    client.force_login(world.carol)  # leads Engineering, above Web
    response = client.post(reverse("feedback", args=[entry.pk]), {"kind": "continue"})
    assert response.url == reverse("objective", args=[web.pk]) + f"#check-in-{entry.pk}"
    page = client.get(reverse("objective", args=[web.pk])).content.decode()
    assert "continue" in page
    assert "Carol" in page


def test_members_and_viewers_may_not_give_feedback(client, world, okrs, viewer):
    web, lcp, _ = okrs
    entry = lcp.check_ins.get()
    for person in (world.bob, viewer):
        client.force_login(person)
        assert (
            "Give feedback" not in client.get(reverse("objective", args=[web.pk])).content.decode()
        )
        response = client.post(reverse("feedback", args=[entry.pk]), {"kind": "continue"})
        assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_feedback_needs_a_known_kind(client, world, okrs):
    _, lcp, _ = okrs
    entry = lcp.check_ins.get()
    client.force_login(world.alice)
    response = client.post(
        reverse("feedback", args=[entry.pk]), {"kind": "praise", "note": "Keep going"}, **HTMX
    )
    assert response.status_code == 422
    assert f'id="kind-{entry.pk}-error"' in response.content.decode()
    assert "Keep going" in response.content.decode()
    plain = client.post(reverse("feedback", args=[entry.pk]), {"kind": ""})
    assert plain.status_code == 400
    assert not Feedback.objects.exists()


def test_user_text_is_escaped_on_the_page(client, world, okrs):
    web, lcp, _ = okrs
    record_check_in(lcp, 2800, 6, "<script>alert(1)</script>", by=Author(world.bob))
    client.force_login(world.bob)
    page = client.get(reverse("objective", args=[web.pk])).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page
    assert CheckIn.objects.count() == 2


def chart(**overrides):
    spec = ChartSpec(
        chart_id="c1",
        title="LCP <p75> & friends",
        direction="decrease",
        start=3400,
        target=2500,
        unit_label="ms",
        period_start=datetime(2026, 10, 1).date(),
        period_end=datetime(2026, 12, 31).date(),
    )
    points = [
        ChartPoint(datetime(2026, 10, 15, tzinfo=UTC), 3200),
        ChartPoint(datetime(2026, 11, 1, tzinfo=UTC), 2950),
    ]
    return str(key_result_chart(spec, points, datetime(2026, 11, 15, tzinfo=UTC)))


def test_the_chart_draws_the_values_against_the_target_and_the_pace():
    svg = chart()
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert svg.count("<circle") == 2
    assert '<polyline class="values"' in svg
    assert '<line class="target"' in svg
    assert "Target 2,500 ms" in svg
    assert '<line class="pace"' in svg
    assert "15 Oct: 3,200 ms" in svg
    assert "1 Nov: 2,950 ms" in svg
    assert "today" in svg
    assert "2 check-ins; latest 2,950 ms on 1 Nov" in svg  # the description


def test_the_chart_places_a_lower_value_higher_up_for_a_decrease_target():
    svg = chart()
    first, second = (float(y) for y in re.findall(r'cy="([\d.]+)"', svg))
    assert second > first  # 2,950 is below 3,200 on the y axis, so further down in SVG


def test_the_chart_escapes_text():
    svg = chart()
    assert "<p75>" not in svg
    assert "LCP &lt;p75&gt; &amp; friends" in svg


def test_the_page_costs_the_same_few_queries_however_many_check_ins(
    client, world, okrs, django_assert_max_num_queries
):
    web, lcp, _ = okrs
    for value in (3300, 3200, 3100, 3000, 2900, 2800):
        record_check_in(lcp, value, 7, by=Author(world.bob))
    client.force_login(world.bob)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("objective", args=[web.pk])).status_code == 200


def test_it_says_the_period_is_closed_when_checking_in(client, world, okrs):
    from okrs.goals.services import update_period

    _, lcp, _ = okrs
    update_period(world.period, state="closed")
    client.force_login(world.bob)
    said = "2026 Q4 is closed: check-ins are history now."
    page = client.get(reverse("objective", args=[lcp.objective_id])).content.decode()
    assert said in page
    for htmx, status in ((True, 422), (False, 400)):  # the form's answer, not a refusal page
        response = check_in(client, lcp, htmx=htmx)
        assert response.status_code == status
        assert said in response.content.decode()
        assert "You may not" not in response.content.decode()
    assert lcp.check_ins.count() == 1


def test_it_refuses_to_edit_a_closed_objective(client, world, okrs):
    web, _, _ = okrs
    close_objective(web, 0.7, "LCP landed late")
    client.force_login(world.alice)  # the lead: may edit it while it is open
    page = client.get(reverse("objective", args=[web.pk])).content.decode()
    assert "Edit objective" not in page
    edit = reverse("objective-edit", args=[web.pk])
    said = "This objective is closed: it is read-only until an admin reopens it."
    assert said in client.get(edit).content.decode()
    response = client.post(edit, {"action": "save_anyway", "title": "Renamed", "rows": 0})
    assert response.status_code == 409
    assert said in response.content.decode()
    web.refresh_from_db()
    assert web.title == "Make the web app feel instant"


def test_it_lets_an_admin_reopen_a_closed_objective(client, world, okrs):
    web, _, _ = okrs
    close_objective(web, 0.7, "LCP landed late")
    reopen = reverse("objective-reopen", args=[web.pk])
    client.force_login(world.alice)
    assert (
        "Reopen objective" not in client.get(reverse("objective", args=[web.pk])).content.decode()
    )
    assert client.post(reopen).status_code == 403
    client.force_login(world.dave)
    page = client.get(reverse("objective", args=[web.pk])).content.decode()
    assert f'action="{reopen}"' in page
    response = client.post(reopen, follow=True)
    assert "is open again" in response.content.decode()
    web.refresh_from_db()
    assert (web.state, web.final_score) == ("active", None)
    assert "Edit objective" in response.content.decode()
    assert "Save check-in" in response.content.decode()


def test_it_refuses_reopening_in_a_closed_period(client, world, okrs):
    from okrs.goals.services import update_period

    web, _, _ = okrs
    close_objective(web, 0.7, "LCP landed late")
    update_period(world.period, state="closed")
    client.force_login(world.dave)
    reopen = reverse("objective-reopen", args=[web.pk])
    assert (
        "Reopen objective" not in client.get(reverse("objective", args=[web.pk])).content.decode()
    )
    response = client.post(reopen, follow=True)
    assert "2026 Q4 is closed: its objectives stay closed." in response.content.decode()
    web.refresh_from_db()
    assert web.state == "closed"
