"""The OKR Canvas of a unit for a period."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from okrs.api.schemas.common import Id, Input, LongText, Note, PageQuery


class CanvasOut(Schema):
    id: int
    unit_id: int
    period_id: int
    current_state: str
    impacts: list[str]
    blockers: list[str]
    updated_at: datetime


class CanvasIn(Input):
    unit: Id
    period: Id
    current_state: LongText = ""
    impacts: list[Note] = Field(default_factory=list, max_length=50)
    blockers: list[Note] = Field(default_factory=list, max_length=50)


class CanvasQuery(PageQuery):
    unit: Id | None = None
    period: Id | None = None
