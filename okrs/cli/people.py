"""`okrs invite` and `okrs person …`: people from the command line, as the people page
and the API do it (okrs.orgs.invitations, okrs.orgs.people), audited as the CLI."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Annotated

import typer

from okrs.cli.common import console, fail, organisation_named, person_in, setup_django

if TYPE_CHECKING:
    from okrs.orgs.models import Member, Organisation

person = typer.Typer(help="Change a person's access in an organisation.", no_args_is_help=True)
ORG = typer.Option("--org", help="Organisation slug.")


def _member(organisation: Organisation, who: str) -> Member:
    from okrs.orgs.models import Member

    user = person_in(organisation, who)
    return Member.objects.select_related("user").get(organisation=organisation, user=user)


def invite(
    email: str,
    organisation: Annotated[str, ORG],
    unit: Annotated[str, typer.Option(help="Slug of the unit they join.")],
    unit_role: Annotated[str, typer.Option(help="lead or member.")] = "member",
    role: Annotated[str, typer.Option(help="admin, member or viewer.")] = "member",
    name: Annotated[str, typer.Option(help="Their name, for the greeting.")] = "",
) -> None:
    """Invite someone by email into a unit; prints the link when no mail could go out."""
    setup_django()
    from okrs.audit.services import Author
    from okrs.core.errors import InvalidInput
    from okrs.orgs.invitations import invite as send
    from okrs.orgs.models import Unit

    org = organisation_named(organisation)
    found = Unit.objects.filter(organisation=org, slug=unit, archived_at=None).first()
    if found is None:
        fail(f"no unit {unit!r} in {organisation}")
    try:
        sent = send(
            org,
            email,
            name=name,
            role=role,
            unit=found,
            unit_role=unit_role,
            by=Author(None, "cli"),
        )
    except InvalidInput as error:
        fail(str(error))
    if sent.emailed:
        console.print(f"Invitation sent to {sent.invitation.email}.", highlight=False)
    else:
        console.print(
            f"No email went out (set OKRS_EMAIL_URL): give {sent.invitation.email} this link "
            f"yourself, it works once until {sent.invitation.expires_at:%Y-%m-%d %H:%M} UTC:",
            highlight=False,
        )
        console.print(sent.link, highlight=False, soft_wrap=True)


def _change(who: str, organisation: str, change: Callable[..., object], done: str) -> None:
    """Apply one of okrs.orgs.people's changes to a person, as the CLI."""
    from okrs.audit.services import Author
    from okrs.core.errors import InvalidInput

    member = _member(organisation_named(organisation), who)
    try:
        change(member, by=Author(None, "cli"))
    except InvalidInput as error:
        fail(str(error))
    console.print(f"{member.user.get_username()} {done}.", highlight=False)


@person.command("role")
def set_role(
    who: Annotated[str, typer.Argument(help="Username or email.")],
    role: Annotated[str, typer.Argument(help="admin, member or viewer.")],
    organisation: Annotated[str, ORG],
) -> None:
    """Make someone an admin, a member or a viewer of the organisation."""
    setup_django()
    from okrs.orgs import people

    _change(who, organisation, partial(people.set_role, role=role), f"is now {role}")


@person.command("deactivate")
def deactivate(
    who: Annotated[str, typer.Argument(help="Username or email.")],
    organisation: Annotated[str, ORG],
) -> None:
    """Take someone's access away; their OKRs, check-ins and history stay."""
    setup_django()
    from okrs.orgs import people

    _change(who, organisation, people.deactivate, "is deactivated")


@person.command("reactivate")
def reactivate(
    who: Annotated[str, typer.Argument(help="Username or email.")],
    organisation: Annotated[str, ORG],
) -> None:
    """Give a deactivated person their access back."""
    setup_django()
    from okrs.orgs import people

    _change(who, organisation, people.reactivate, "is active again")
