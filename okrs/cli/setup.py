"""`okrs setup`: the first run of a real deployment from the command line, the same as the
setup page (okrs.orgs.first_run), non-interactive when every flag is given."""

from __future__ import annotations

from typing import Annotated

import typer

from okrs.cli.common import console, fail, setup_django


def setup(
    organisation: Annotated[str, typer.Option("--org", help="The organisation's name.")],
    name: Annotated[str, typer.Option(help="The first admin's name.")],
    email: Annotated[str, typer.Option(help="The first admin's email.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="OKRS_SETUP_PASSWORD",
            help="The admin's password (asked for when left out; or OKRS_SETUP_PASSWORD).",
        ),
    ],
    username: Annotated[str, typer.Option(help="Login name; made from the email if empty.")] = "",
    quarter: Annotated[
        str, typer.Option(help="First period: 'this' calendar quarter or the 'next'.")
    ] = "this",
) -> None:
    """Set up an empty server: the organisation, its first admin and its first quarter."""
    setup_django()
    from django.core.management import call_command
    from django.utils import timezone

    from okrs.core.errors import Conflict, InvalidInput
    from okrs.orgs.first_run import FirstRun, set_up

    call_command("migrate", interactive=False, verbosity=0)
    plan = FirstRun(organisation, name, email, password, username, quarter)
    try:
        done = set_up(plan, today=timezone.localdate())
    except (InvalidInput, Conflict) as error:
        fail(str(error))
    console.print(
        f"Set up {done.organisation.name!r} (slug {done.organisation.slug}) with "
        f"{done.period.name} active. {done.admin.get_username()} can log in and invite people.",
        highlight=False,
    )
