"""Bench-only: the minimal django-ninja endpoint `make bench` compares the API and pages with.

Mounted by `okrs/urls.py` only when `OKRS_BENCH_BASELINE=1` (never in a deployment): one
`GET /bench/v1/rows` answering 20 check-ins of the organisation as plain rows through a
ninja schema, behind the same authentication as `/api/v1/` (token or session). Everything
a real route does around its queries (auth, middleware, ninja's parsing and rendering) is
there; okrs's own work (permissions, roll-ups, paging counts) is not. See
benchmarks/README.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from okrs.api.auth import API_AUTH
from okrs.goals.models import CheckIn

api = NinjaAPI(title="okrs bench baseline", urls_namespace="bench", auth=API_AUTH, docs_url=None)


class Row(Schema):
    id: int
    key_result_id: int
    value: float
    checked_at: datetime


@api.get("/rows", response=list[Row])
def rows(request: HttpRequest) -> list[Any]:
    found = CheckIn.objects.order_by("pk").values("id", "key_result_id", "value", "checked_at")
    return list(found[:20])
