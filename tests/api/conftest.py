"""Helpers for API tests: clients that call /api/v1/ as a person, through a token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from okrs.goals.services import add_key_result, create_objective
from okrs.tokens.services import create_token

BASE = "/api/v1"


class Api:
    """A test client speaking JSON to /api/v1/ with a bearer token (or none)."""

    def __init__(self, secret: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def call(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        send = getattr(self.client, method)
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
        response = send(BASE + path, **kwargs)
        response.body = response.json() if response.content else None
        return response

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(BASE + path, params, headers=self.headers)
        response.body = response.json()
        return response

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.call("post", path, body, **headers)

    def patch(self, path: str, body: Any = None) -> Any:
        return self.call("patch", path, body)

    def put(self, path: str, body: Any = None) -> Any:
        return self.call("put", path, body)

    def delete(self, path: str) -> Any:
        return self.call("delete", path)


@pytest.fixture
def as_user(world):
    """`as_user(world.bob)` -> an Api with a read-write token of that person."""

    def make(user, *, can_write: bool = True, unit=None) -> Api:
        new = create_token(world.organisation, user, "tests", can_write=can_write, unit=unit)
        api = Api(new.secret)
        api.token = new.token
        return api

    return make


@pytest.fixture
def okrs(world):
    """A public web-team objective with one key result, and a private API-team one."""
    web = create_objective(world.period, "Make the web app feel instant", owner_unit=world.web_team)
    lcp = add_key_result(
        web, "LCP p75", direction="decrease", start=3400, target=2500, unit_label="ms"
    )
    secret = create_objective(
        world.period,
        "Acquire a competitor quietly",
        owner_unit=world.api_team,
        visibility="private",
    )
    term_sheet = add_key_result(secret, "Term sheet signed", direction="milestone")
    return type("Okrs", (), {"web": web, "lcp": lcp, "secret": secret, "term_sheet": term_sheet})
