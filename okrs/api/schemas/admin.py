"""Setting up a server, inviting people and changing their access."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, TypeAlias

from ninja import Field, Schema

from okrs.api.schemas.common import Id, Input, NoNul, Title

OrgRole = Literal["admin", "member", "viewer"]
UnitRole = Literal["lead", "member"]
Email: TypeAlias = Annotated[str, Field(min_length=3, max_length=254), NoNul]
PersonName: TypeAlias = Annotated[str, Field(min_length=0, max_length=150), NoNul]
Username: TypeAlias = Annotated[
    str, Field(min_length=0, max_length=150, pattern=r"^[\w.@+-]*$"), NoNul
]
Password: TypeAlias = Annotated[str, Field(min_length=1, max_length=4096), NoNul]
Token: TypeAlias = Annotated[str, Field(min_length=1, max_length=500), NoNul]


class SetupIn(Input):
    organisation: Title
    name: Annotated[str, Field(min_length=1, max_length=150), NoNul]
    email: Email
    password: Password
    username: Username = Field("", description="From the email if empty.")
    quarter: Literal["this", "next"] = "this"


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str


class SetupOut(Schema):
    organisation: OrganisationOut
    admin_id: int
    period_id: int
    token: str = Field(description="A write token for the admin, shown this once.")


class InvitationIn(Input):
    email: Email
    name: PersonName = ""
    role: OrgRole = "member"
    unit: Id
    unit_role: UnitRole = "member"


class InvitationOut(Schema):
    id: int
    email: str
    name: str
    role: OrgRole
    unit_id: int | None
    unit_role: UnitRole
    sent_at: datetime
    expires_at: datetime
    emailed: bool | None = Field(None, description="Only when just sent: did the mail go out?")
    link: str | None = Field(
        None, description="Only when just sent and no email went out: pass it on yourself."
    )


class AcceptIn(Input):
    token: Token = Field(description="The last part of the invitation link.")
    name: Annotated[str, Field(min_length=1, max_length=150), NoNul]
    password: Password
    username: Username = ""
    api_token_name: Annotated[str, Field(min_length=0, max_length=100), NoNul] = Field(
        "", description="Also make a write token with this name, for a client of this API."
    )


class AcceptedOut(Schema):
    person_id: int
    username: str
    organisation_id: int
    unit_id: int | None
    token: str | None = Field(None, description="With `api_token_name`: shown this once.")


class PersonPatch(Input):
    role: OrgRole | None = None
    active: bool | None = Field(None, description="false deactivates, keeping their history.")
