"""The security log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, TypeAlias

from ninja import Field, Schema

from okrs.api.schemas.common import Moment, NoNul, PageQuery

Username: TypeAlias = Annotated[str, Field(min_length=0, max_length=150), NoNul]
EventKind = Literal[
    "login",
    "login_failed",
    "locked_out",
    "logout",
    "denied",
    "token_created",
    "token_revoked",
    "membership_changed",
    "membership_removed",
    "password_changed",
]


class SecurityEventOut(Schema):
    id: int
    at: datetime
    kind: EventKind
    username: str = Field(description="As typed at the login; the person's name otherwise.")
    user_id: int | None
    address: str | None
    detail: str


class SecurityEventQuery(PageQuery):
    kind: EventKind | None = None
    username: Username | None = None
    since: Moment | None = None
