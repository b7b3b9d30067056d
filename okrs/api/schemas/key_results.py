"""Key results and the values machines push to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, TypeAlias

from ninja import Field, Schema

from okrs.api.schemas.common import (
    CheckInNote,
    Confidence,
    Id,
    Input,
    Moment,
    NoNul,
    NotBool,
    Number,
    Omittable,
    PageQuery,
    Source,
    Title,
    Weight,
)
from okrs.core.health import Health
from okrs.core.numbers import PRECISION_MAX, PRECISION_MIN
from okrs.core.progress import Direction

UnitLabel: TypeAlias = Annotated[str, Field(min_length=0, max_length=20), NoNul]
# Decimals pages show the values with (okrs.core.numbers); values here stay full floats.
Precision: TypeAlias = Annotated[
    int,
    NotBool,
    Field(ge=PRECISION_MIN, le=PRECISION_MAX, description="Decimals shown; null: inferred."),
]


DUE = "A milestone's due date, inside the period; null: the period's last day."


class KeyResultOut(Schema):
    id: int
    objective_id: int
    title: str
    owner_id: int | None
    direction: Direction
    unit_label: str
    start: float
    target: float
    low: float | None
    high: float | None
    tolerance: float | None
    weight: float
    precision: int | None
    due: date | None
    position: int
    current: float | None
    progress: float | None
    progress_raw: float | None
    health: Health
    health_reason: str
    confidence: int | None
    forecast_value: float | None
    forecast_off_track: bool
    forecast_reason: str
    last_check_in_at: datetime | None


class KeyResultIn(Input):
    objective: Id
    title: Title
    direction: Direction = Direction.INCREASE
    start: Number = 0.0
    target: Number = 1.0
    low: Number | None = Field(None, description="For stay_within: the band's low end.")
    high: Number | None = None
    tolerance: Number | None = None
    unit_label: UnitLabel = ""
    weight: Weight = 1.0
    precision: Precision | None = None
    due: date | None = Field(None, description=DUE)
    owner: Id | None = Field(None, description="A person of the organisation.")


class KeyResultPatch(Input):
    title: Omittable[Title] = None
    direction: Omittable[Direction] = None
    start: Omittable[Number] = None
    target: Omittable[Number] = None
    low: Number | None = None
    high: Number | None = None
    tolerance: Number | None = None
    unit_label: Omittable[UnitLabel] = None
    weight: Omittable[Weight] = None
    precision: Precision | None = None
    due: date | None = Field(None, description=DUE)
    owner: Id | None = None


class KeyResultQuery(PageQuery):
    objective: Id | None = None
    owner: Id | None = None
    health: Health | None = None
    ordering: str = Field("position", pattern=r"^(position|id|title|-title|progress|-progress)$")


class ValueIn(Input):
    """A measurement from CI or a script; retries with the same Idempotency-Key, or the same
    source and time, return the stored check-in instead of adding one."""

    value: Number
    time: Moment | None = Field(None, description="When the value held; now if omitted.")
    note: CheckInNote = ""
    source: Source = Field("", description="e.g. ci:lighthouse")
    confidence: Confidence | None = Field(
        None, description="How sure the team is, 0-10; a pushed value has none unless given."
    )
