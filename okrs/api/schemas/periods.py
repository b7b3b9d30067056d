"""Periods and focus areas, with their stored roll-ups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from okrs.api.schemas.common import Day, Id, Input, LongText, Name, Omittable, PageQuery, Title
from okrs.core.health import Health

PeriodState = Literal["draft", "active", "closed"]


class Figures(Schema):
    """Stored roll-up over the public objectives below; read-only."""

    progress: float | None
    health: Health
    health_reason: str
    # the period's public objectives: the one count every page shows (web/pages/counts.py)
    objective_count: int
    last_check_in_at: datetime | None


class PeriodOut(Figures):
    id: int
    name: str
    start: date
    end: date
    state: PeriodState


class PeriodIn(Input):
    name: Name
    start: Day
    end: Day
    state: PeriodState = "draft"


class PeriodPatch(Input):
    name: Omittable[Name] = None
    start: Omittable[Day] = None
    end: Omittable[Day] = None
    state: Omittable[PeriodState] = None


class SuggestedPeriodOut(Schema):
    """What a new period would be: the quarter after the latest period, or this quarter."""

    name: str
    start: date
    end: date


class PeriodQuery(PageQuery):
    state: PeriodState | None = None


class FocusAreaOut(Figures):
    id: int
    period_id: int
    title: str
    description: str


class FocusAreaIn(Input):
    period: Id
    title: Title
    description: LongText = ""


class FocusAreaPatch(Input):
    title: Omittable[Title] = None
    description: Omittable[LongText] = None


class FocusAreaQuery(PageQuery):
    period: Id | None = Field(None, description="Only focus areas of this period.")
