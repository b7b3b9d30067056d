"""Check-ins and the leads' feedback on them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from okrs.api.schemas.common import (
    CheckInNote,
    Confidence,
    Id,
    Input,
    Moment,
    Note,
    Number,
    PageQuery,
)
from okrs.core.checkins import FeedbackKind, Signal

BATCH_MAX = 100  # each item rolls up on its own (see the report); keep batches short


class CheckInOut(Schema):
    id: int
    key_result_id: int
    value: float
    confidence: int | None = Field(
        description="0-10 as the person gave it; null for a measured or pushed value"
    )
    note: str
    signal: Signal
    author_id: int | None
    checked_at: datetime
    created_at: datetime
    source: str


class CheckInIn(Input):
    key_result: Id
    value: Number
    confidence: Confidence | None = Field(None, description="How sure you are, 0-10; optional.")
    note: CheckInNote = ""
    signal: Signal = Signal.NONE
    checked_at: Moment | None = Field(None, description="When the value held; now if omitted.")


class BatchIn(Input):
    """All stored or none; an error names its item: `items.3.value`."""

    items: list[CheckInIn] = Field(min_length=1, max_length=BATCH_MAX)


class CheckInQuery(PageQuery):
    key_result: Id | None = None
    objective: Id | None = None
    signal: Signal | None = None
    since: Moment | None = Field(None, description="Only check-ins for this moment or later.")
    ordering: Literal["checked_at", "-checked_at"] = "checked_at"


class ValueHistoryQuery(PageQuery):
    # Oldest first, as a chart reads a series and as /check-ins lists; the web page pages
    # newest first, and so may a client.
    ordering: Literal["checked_at", "-checked_at"] = "checked_at"


class FeedbackOut(Schema):
    id: int
    check_in_id: int
    author_id: int
    kind: FeedbackKind
    note: str
    created_at: datetime


class FeedbackIn(Input):
    check_in: Id
    kind: FeedbackKind
    note: Note = ""


class FeedbackQuery(PageQuery):
    check_in: Id | None = None
    key_result: Id | None = None
