"""Counts name what they count, and a period's objectives are counted once, the same on
every page (issue 12, finding 9: the demo's quarter showed 40, 38 and 41 objectives, and
"Off track 26" added 8 objectives to 18 key results)."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse

from okrs.demo import demo_now
from okrs.goals.models import KeyResult, Objective, UnitRollup, open_objectives
from okrs.orgs.models import Unit
from tests.demo.helpers import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    """Health ages when read: read the demo on the day it was built for."""
    with time_machine.travel(demo_now(TODAY), tick=False):
        yield


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def plural(n, word):
    return f"{n} {word}{'s' * (n != 1)}"


@pytest.fixture
def admin(client):
    client.force_login(User.objects.get(username="demo"))
    return client


def test_it_counts_a_periods_objectives_the_same_on_every_page(demo, current, admin):
    public = Objective.objects.filter(period=current, visibility="public")
    count = current.objective_count
    assert count == public.count()
    assert Objective.objects.filter(period=current).count() > count  # a private one is left out
    root = Unit.objects.get(organisation=demo, parent=None)
    said = f"{count} public objectives"
    home = page_of(admin, reverse("home") + f"?period={current.pk}")
    pages = {
        "home": home,
        "the root unit": page_of(admin, reverse("unit", args=[root.pk]) + f"?period={current.pk}"),
        "periods": page_of(admin, reverse("periods")),
    }
    for name, page in pages.items():
        assert said in page, name
    listed = admin.get("/api/v1/periods").json()["items"]
    assert [row["objective_count"] for row in listed if row["id"] == current.pk] == [count]
    # The unit tree counts by owning unit; its root names the personal objectives it leaves
    # out, which make up the difference.
    personal = public.filter(owner_user__isnull=False).count()
    in_units = UnitRollup.objects.get(unit=root, period=current).objective_count
    assert personal > 0
    assert in_units + personal == count
    assert f"{in_units} public objectives + {personal} personal (under no unit)" in home
    assert f"these {in_units} and {personal} personal ones" in pages["the root unit"]


def test_it_counts_objectives_and_key_results_apart_in_needs_attention(demo, current, admin):
    home = page_of(admin, reverse("home") + f"?period={current.pk}")
    still_open = Objective.objects.filter(period=current).filter(open_objectives())
    objectives = still_open.filter(health="off_track").count()
    key_results = KeyResult.objects.filter(objective__in=still_open, health="off_track").count()
    # the demo has both: the case that was one number
    assert objectives > 0
    assert key_results > 0
    heading = re.search(r'class="concern-off_track">Off track <span class="count">([^<]*)<', home)
    assert heading is not None
    expected = f"{plural(objectives, 'objective')} · {plural(key_results, 'key result')}"
    assert heading.group(1) == expected
    # Every heading names what it counts, whatever the concern.
    counts = re.findall(r'<h3 class="concern-\w+">[^<]*<span class="count">([^<]*)<', home)
    assert len(counts) > 1
    for counted in counts:
        assert re.fullmatch(r"\d+ objectives?( · \d+ key results?)?|\d+ key results?", counted)
