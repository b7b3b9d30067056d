"""Issue 11's acceptance, over the API only: from an empty server, set up the organisation,
add a department and two teams, invite three people (the mail arrives at the test's SMTP
server), each accepts with the token of their link, a lead writes an objective with three
key results, a member checks in, and the team's roll-up shows it."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest
import time_machine

from tests.api.conftest import Api

pytestmark = pytest.mark.django_db
PASSWORD = "a long passphrase"
PEOPLE = [
    ("lena@acme.test", "Lena Lead", "web", "lead"),
    ("max@acme.test", "Max Member", "web", "member"),
    ("ora@acme.test", "Ora Other", "api", "member"),
]
KEY_RESULTS = [
    ("p75 LCP in ms", 4000, 2000, "decrease"),
    ("Lighthouse score", 60, 90, "increase"),
    ("Pages under budget", 0, 20, "increase"),
]


def _created(response, status: int = 201) -> dict:
    assert response.status_code == status, response.content
    return response.body


def _setup(api: Api, organisation: str) -> object:
    body = {"organisation": organisation, "name": "Ada Admin", "email": "ada@acme.test"}
    return api.post("/setup", {**body, "password": PASSWORD})


def _join(anonymous: Api, token: str, name: str) -> object:
    body = {"token": token, "name": name, "password": PASSWORD, "api_token_name": "laptop"}
    return anonymous.post("/invitations/accept", body)


@time_machine.travel(date(2026, 11, 2), tick=False)
def test_an_organisation_is_built_over_the_api_alone(mailbox):
    anonymous = Api()
    setup = _created(_setup(anonymous, "Acme"))
    ada = Api(setup["token"])
    assert ada.get("/me").body["can_administer"]
    assert _setup(anonymous, "Again").status_code == 409

    company = ada.get("/units").body["items"][0]
    department = {"name": "Engineering", "kind": "department", "parent": company["id"]}
    engineering = _created(ada.post("/units", department))
    teams = {
        slug: _created(ada.post("/units", {"name": name, "parent": engineering["id"]}))
        for slug, name in (("web", "Web App"), ("api", "Public API"))
    }

    tokens = {}
    for email, name, team, role in PEOPLE:
        invitation = {"email": email, "name": name, "unit": teams[team]["id"], "unit_role": role}
        sent = _created(ada.post("/invitations", invitation))
        assert sent["emailed"] is True
        assert sent["link"] is None  # it went by mail: the admin does not see it
        token = urlsplit(mailbox.link(email)).path.rstrip("/").rsplit("/", 1)[1]
        accepted = _created(_join(anonymous, token, name))
        assert accepted["unit_id"] == teams[team]["id"]
        tokens[email] = accepted["token"]
        assert _join(anonymous, token, "Someone else").status_code == 404  # it worked once

    lena, max_ = Api(tokens["lena@acme.test"]), Api(tokens["max@acme.test"])
    period = setup["period_id"]
    objective = {"period": period, "title": "Pages that feel instant"}
    objective = _created(lena.post("/objectives", {**objective, "owner_unit": teams["web"]["id"]}))
    results = []
    for title, start, target, direction in KEY_RESULTS:
        body = {"objective": objective["id"], "title": title, "start": start, "target": target}
        results.append(_created(lena.post("/key-results", {**body, "direction": direction})))
    # Max, a member of the team, checks in on the team's key result: half way.
    check_in = {"key_result": results[0]["id"], "value": 3000, "confidence": 7, "note": "CDN on"}
    _created(max_.post("/check-ins", check_in))
    # Ora, in the other team, may read it but not check in on it.
    assert Api(tokens["ora@acme.test"]).post("/check-ins", check_in).status_code == 403

    web = ada.get(f"/units/{teams['web']['id']}", period=period).body
    assert web["rollup"]["objective_count"] == 1
    assert web["rollup"]["progress"] == pytest.approx(0.5 / 3, abs=0.01)
    people = {person["full_name"]: person for person in ada.get("/people").body["items"]}
    assert set(people) == {"Ada Admin", "Lena Lead", "Max Member", "Ora Other"}
    assert people["Lena Lead"]["units"] == [{"unit_id": teams["web"]["id"], "role": "lead"}]
