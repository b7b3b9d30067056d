"""On the demo, no page shows a progress figure beside a health or check-in line that
contradicts it (issue 12): every objective page and unit page, walked as the admin."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import User

from okrs.demo import DEMO_USERNAME, demo_now
from okrs.goals.models import Objective
from okrs.orgs.models import Unit
from tests.demo.helpers import TODAY

# _progress.html then _health.html, as every row and key result renders them
FIGURE = re.compile(
    r'<span class="pct">(?P<pct>[^<]*)</span>\s*'
    r'<span class="badge health-(?P<health>\w+)" title="(?P<reason>[^"]*)"'
)
KEY_RESULT = re.compile(r'<article class="kr state-\w+" id="kr-\d+".*?</article>', re.S)
DONE = re.compile(r"(\d+)% done")
DAYS_AGO = re.compile(r"Last check-in (\d+) days ago")
TIME = re.compile(r'<time datetime="([^"]+)"')


def contradictions(html, now):
    """What a lead would stop trusting, one line each."""
    found = []
    for figure in FIGURE.finditer(html):
        pct, health, reason = figure["pct"], figure["health"], figure["reason"]
        if (pct == "–") != (health in ("pending", "closed")) and health != "closed":
            found.append(f"{pct} progress beside {health}: {reason}")
        done = DONE.search(reason)
        if done and f"{done[1]}%" != pct:
            found.append(f"{pct} progress beside '{reason}'")
    for block in KEY_RESULT.findall(html):
        days = DAYS_AGO.search(block)
        times = [datetime.fromisoformat(moment) for moment in TIME.findall(block)]
        if days and times and now - max(times) < timedelta(days=int(days[1])):
            found.append(f"'{days[0]}' beside a check-in of {max(times):%-d %b}")
    return found


@pytest.mark.django_db
def test_it_shows_no_figure_beside_a_contradicting_line(demo, client):
    client.force_login(User.objects.get(username=DEMO_USERNAME))
    now = demo_now(TODAY)
    pages = [f"/objectives/{pk}/" for pk in Objective.objects.values_list("pk", flat=True)]
    units = Unit.objects.filter(organisation=demo).values_list("pk", flat=True)
    for period in demo.periods.all():
        pages += [f"/units/{pk}/?period={period.pk}" for pk in units]
    problems, compared = [], 0
    with time_machine.travel(now, tick=False):
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            html = response.content.decode()
            assert FIGURE.search(html), f"{page} shows no figure to compare"
            compared += len(FIGURE.findall(html))
            problems += [f"{page}: {line}" for line in contradictions(html, now)]
    assert compared > 400  # every objective and key result, some on several pages
    assert problems == []
