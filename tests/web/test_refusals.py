"""Refusals are pages in the site's layout that say why, not bare text."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.fixture
def bob(client, world):
    client.force_login(world.bob)
    return client


def test_a_member_is_told_only_admins_close_a_period(bob, world):
    page = bob.get(reverse("period-close", args=[world.period.pk]))
    assert page.status_code == 403
    text = page.content.decode()
    assert "Only admins close a period." in text
    assert 'class="topbar"' in text  # the site's layout, with its navigation
    assert "Back to home" in text


def test_the_editor_says_whose_objectives_a_member_may_not_write(bob, world):
    owner = f"unit:{world.engineering.pk}"
    answer = bob.post(reverse("objective-new"), {"owner": owner, "period": world.period.pk})
    assert answer.status_code == 403
    assert "You may not write objectives for this owner." in answer.content.decode()


def test_an_unknown_page_is_a_404_in_the_layout_naming_no_url_pattern(bob):
    page = bob.get("/no/such/page/")
    assert page.status_code == 404
    text = page.content.decode()
    assert "There is nothing here, or nothing you may see." in text
    assert 'class="topbar"' in text
    assert "api/v1/" not in text  # Django's own 404 would list the URL patterns tried


def test_an_anonymous_visitor_is_offered_the_login(client, world):
    page = client.get("/no/such/page/")
    assert page.status_code == 404
    assert reverse("login") in page.content.decode()


def test_the_api_keeps_answering_in_its_envelope(bob):
    answer = bob.get("/api/v1/no-such-endpoint")
    assert answer.status_code == 404
    assert answer.json()["error"] == "No such endpoint."
