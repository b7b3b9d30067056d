"""Text people type is shown as text: injected markup never runs on any page.

Every text field the pages show is filled through the API with payloads that would run
script if a page rendered them as HTML; then every page that shows them is opened in the
browser. The module's guard fails the test if a dialog opens (`alert(1)` ran) or a page
answers 5xx; the test also checks the payload is visible as plain text.
"""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    '{{ 7*7 }}<iframe srcdoc="<script>parent.alert(1)</script>">',
]
EVIL = " ".join(PAYLOADS)


class Api:
    def __init__(self, site, token):
        self.base, self.token = f"{site.base}/api/v1", token

    def call(self, method, path, body=None):
        request = urllib.request.Request(
            self.base + path,
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


@pytest.fixture(scope="module")
def planted(site):
    """Objects in the Web App team whose every text field holds the payloads."""
    created = site.okrs("token", "create", "demo", "--name", "xss", "--org", "demo", "--write")
    assert created.returncode == 0, created.stderr
    api = Api(site, created.stdout.strip().splitlines()[-1])
    period = next(p for p in api.call("GET", "/periods")["items"] if p["state"] == "active")
    unit = next(u for u in api.call("GET", "/units?limit=500")["items"] if u["slug"] == "web-app")
    area = api.call(
        "POST", "/focus-areas", {"period": period["id"], "title": PAYLOADS[1], "description": EVIL}
    )
    objective = api.call(
        "POST",
        "/objectives",
        {
            "period": period["id"],
            "title": PAYLOADS[0],
            "description": EVIL,
            "owner_unit": unit["id"],
            "focus_areas": [area["id"]],
        },
    )
    key_result = api.call(
        "POST",
        "/key-results",
        {
            "objective": objective["id"],
            "title": PAYLOADS[1],
            "start": 0,
            "target": 10,
            "unit_label": "<b>x</b>",
        },
    )
    api.call(
        "POST",
        "/key-results",
        {"objective": objective["id"], "title": PAYLOADS[2], "start": 0, "target": 5},
    )
    check_in = api.call(
        "POST",
        "/check-ins",
        {
            "key_result": key_result["id"],
            "value": 4,
            "confidence": 6,
            "note": PAYLOADS[1],
            "signal": "blocker",
        },
    )
    api.call(
        "POST", "/feedback", {"check_in": check_in["id"], "kind": "consider", "note": PAYLOADS[0]}
    )
    api.call(
        "PUT",
        "/canvases",
        {
            "unit": unit["id"],
            "period": period["id"],
            "current_state": EVIL,
            "impacts": PAYLOADS[:3],
            "blockers": PAYLOADS[2:],
        },
    )
    return {"period": period, "unit": unit, "area": area, "objective": objective}


def pages(planted):
    period, unit = planted["period"]["id"], planted["unit"]["id"]
    objective = planted["objective"]["id"]
    return {
        "home": f"/?period={period}",
        "unit": f"/units/{unit}/?period={period}",
        "objective": f"/objectives/{objective}/",
        "edit": f"/objectives/{objective}/edit/",
        "focus area": f"/focus-areas/{planted['area']['id']}/",
        "canvas": f"/units/{unit}/canvas/?period={period}",
        "alignment": f"/alignment/?period={period}",
        "search": "/search/?q=script",
        "close": f"/periods/{period}/close/",
        "clone": f"/periods/{period}/clone/",
    }


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "unit",
        "objective",
        "edit",
        "focus area",
        "canvas",
        "alignment",
        "search",
        "close",
        "clone",
    ],
)
def test_it_shows_injected_markup_as_text(page, site, planted, name):
    sign_in(page, site)
    response = page.goto(site.base + pages(planted)[name])
    assert response.status == 200, f"{name}: {response.status}"
    page.wait_for_load_state("networkidle")
    body = page.locator("body")
    # The payload is on the page as text: the browser made no element out of it.
    expect(body).to_contain_text(re.compile(r"alert\(1\)"))
    assert page.locator("img[src='x'], svg[onload], iframe[srcdoc]").count() == 0
