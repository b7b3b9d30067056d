"""Objectives, their closing and their alignment."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from okrs.api.schemas.common import (
    Id,
    Input,
    LinkWeight,
    LongText,
    Omittable,
    PageQuery,
    Score,
    Search,
    Title,
)
from okrs.core.alignment import LinkKind, LinkState
from okrs.core.health import Health
from okrs.core.scoring import Kind

Visibility = Literal["public", "private"]
ObjectiveState = Literal["draft", "active", "closed"]


class ObjectiveOut(Schema):
    id: int
    period_id: int
    title: str
    description: str
    owner_unit_id: int | None
    owner_user_id: int | None
    kind: Kind
    visibility: Visibility
    state: ObjectiveState
    focus_areas: list[int]
    progress: float | None
    health: Health
    health_reason: str
    last_check_in_at: datetime | None
    final_score: float | None
    score_note: str
    activated_at: datetime | None = Field(
        description="When it became active: its expected pace starts then (or on the period's "
        "first day, if later); null for a draft."
    )
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_focus_areas(objective: object) -> list[int]:
        # Ignored below: ninja hands the resolver an Objective; the schema keeps it untyped
        return [area.pk for area in objective.focus_areas.all()]  # type: ignore[attr-defined]


class ObjectiveIn(Input):
    period: Id
    title: Title
    description: LongText = ""
    owner_unit: Id | None = Field(None, description="Exactly one of owner_unit, owner_user.")
    owner_user: Id | None = None
    kind: Kind = Kind.COMMITTED
    visibility: Visibility = "public"
    focus_areas: list[Id] = Field(default_factory=list, max_length=100)


class ObjectivePatch(Input):
    """Only the fields sent change. Setting one owner clears the other; closing is
    `POST /objectives/{id}/close`, which records a score."""

    title: Omittable[Title] = None
    description: Omittable[LongText] = None
    owner_unit: Id | None = None
    owner_user: Id | None = None
    kind: Omittable[Kind] = None
    visibility: Omittable[Visibility] = None
    state: Omittable[Literal["draft", "active"]] = None
    focus_areas: Omittable[list[Id]] = Field(None, max_length=100)


class ObjectiveQuery(PageQuery):
    period: Id | None = None
    unit: Id | None = Field(None, description="Owner unit.")
    owner_user: Id | None = None
    focus_area: Id | None = None
    health: Health | None = None
    state: ObjectiveState | None = None
    visibility: Visibility | None = None
    q: Search | None = Field(None, description="Search in title and description.")
    ordering: Literal["id", "title", "-title", "progress", "-progress"] = "id"


class CloseIn(Input):
    score: Score
    note: LongText = Field("", description="Required when a committed objective ends below 1.")


class AlignmentOut(Schema):
    id: int
    child_id: int
    parent_objective_id: int | None
    parent_key_result_id: int | None
    kind: LinkKind
    weight: float
    state: LinkState = Field(
        description="accepted: it counts; proposed: waits for the parent's owner or lead."
    )


class AlignmentIn(Input):
    child: Id
    parent_objective: Id | None = Field(None, description="Exactly one parent.")
    parent_key_result: Id | None = None
    kind: LinkKind = LinkKind.CONTRIBUTE
    weight: LinkWeight = Field(1.0, description="Above 0, at most 10 (a key result weighs 1).")


class AlignmentQuery(PageQuery):
    state: LinkState = Field(
        LinkState.ACCEPTED, description="Proposed links are listed only when asked for."
    )
