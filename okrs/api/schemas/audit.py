"""The audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, TypeAlias

from ninja import Field, Schema

from okrs.api.schemas.common import Id, Moment, NoNul, PageQuery

ObjectType: TypeAlias = Annotated[str, Field(min_length=0, max_length=30), NoNul]


class AuditEntryOut(Schema):
    id: int
    at: datetime
    actor_id: int | None
    via: str = Field(description="web, api, token:<id>, cli, demo, measure, system")
    action: Literal["create", "update", "delete"]
    object_type: str
    object_id: int
    object_repr: str
    changes: dict[str, Any] = Field(description='{"field": [old, new]}')
    objective_id: int | None
    key_result_id: int | None
    moved_goal_post: bool


class AuditQuery(PageQuery):
    objective: Id | None = None
    key_result: Id | None = None
    object_type: ObjectType | None = None
    action: Literal["create", "update", "delete"] | None = None
    moved_goal_post: bool | None = None
    since: Moment | None = None
    ordering: Literal["at", "-at"] = "at"
