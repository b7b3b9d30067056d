"""Units, people and the caller."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, TypeAlias

from ninja import Field, Schema

from okrs.api.schemas.common import Id, Input, NoNul, Omittable, PageQuery, Search, Title
from okrs.core.health import Health

UnitKind = Literal["company", "department", "team", "role"]
SLUG_MAX_LENGTH = 50  # Django's SlugField default, which Unit.slug uses
Slug: TypeAlias = Annotated[str, Field(min_length=0, max_length=SLUG_MAX_LENGTH), NoNul]


class RollupOut(Schema):
    """A unit's stored figures for one period, over the public objectives of its subtree."""

    period_id: int
    progress: float | None
    health: Health
    health_reason: str
    objective_count: int
    last_check_in_at: datetime | None


class UnitOut(Schema):
    id: int
    name: str
    slug: str
    kind: UnitKind
    parent_id: int | None
    depth: int
    archived: bool = Field(
        description="Out of the tree of current units; its objectives stay readable."
    )
    rollup: RollupOut | None = Field(None, description="Only when `period` is given.")


class RollupQuery(Schema):
    period: Id | None = Field(None, description="Include the unit's roll-up for this period.")


class UnitQuery(PageQuery):
    period: Id | None = Field(None, description="Include each unit's roll-up for this period.")
    parent: Id | None = None
    kind: UnitKind | None = None
    include_archived: bool = Field(
        False, description="Archived units too; current ones only if not."
    )


class UnitIn(Input):
    name: Title
    kind: UnitKind = "team"
    parent: Id | None = None
    slug: Slug = Field("", pattern=r"^[-a-zA-Z0-9_]*$", description="From the name if empty.")


class UnitPatch(Input):
    """Renaming is for those who manage the unit; a new parent is for admins."""

    name: Omittable[Title] = None
    slug: Omittable[Slug] = Field(None, pattern=r"^[-a-zA-Z0-9_]*$")
    kind: Omittable[UnitKind] = None
    parent: Omittable[Id] = Field(None, description="Move the unit under this one.")


UnitRole = Literal["lead", "member"]


class UnitMemberIn(Input):
    role: UnitRole


class UnitMemberOut(Schema):
    person_id: int
    username: str
    full_name: str
    role: UnitRole


class MembershipOut(Schema):
    unit_id: int
    role: Literal["lead", "member"]


class PersonOut(Schema):
    id: int
    username: str
    full_name: str
    role: Literal["admin", "member", "viewer"]
    active: bool = Field(description="false once deactivated: they keep their history.")
    units: list[MembershipOut]


class PeopleQuery(PageQuery):
    unit: Id | None = Field(None, description="Only people in this unit (directly).")
    role: Literal["admin", "member", "viewer"] | None = None
    q: Search | None = Field(None, description="Search in username and names.")


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    can_write: bool
    unit_id: int | None
    scope: str


class MeOut(Schema):
    person: PersonOut
    organisation: OrganisationOut
    via: str = Field(description="How changes you make are recorded: api or token:<id>.")
    can_write: bool
    can_administer: bool
    can_read_audit: bool
    token: TokenOut | None
