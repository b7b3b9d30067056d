"""`okrs security-log` and `okrs unlock`: the operator's view of logins and lockouts."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from okrs.cli.common import console, fail, organisation_named, setup_django


def security_log(
    organisation: Annotated[
        str | None, typer.Option("--org", help="Only this organisation's events (slug).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind: login, login_failed, locked_out, …")
    ] = None,
    user: Annotated[str | None, typer.Option(help="Only this username (as typed).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many of the latest events.")] = 50,
) -> None:
    """The security log, newest first: logins, failures, lockouts, refusals, tokens, roles."""
    setup_django()
    from okrs.audit.models import SecurityEvent
    from okrs.audit.security import events

    organisation_id = None
    if organisation is not None:
        organisation_id = organisation_named(organisation).pk
    if kind is not None and kind not in SecurityEvent.Kind.values:
        fail(f"--kind {kind!r} is not one of {', '.join(SecurityEvent.Kind.values)}")
    table = Table()
    for column in ("when (UTC)", "kind", "username", "organisation", "address"):
        table.add_column(column, no_wrap=True)  # names and addresses are grepped whole
    table.add_column("detail")
    chosen = events(organisation_id, kind=kind, username=user).select_related("organisation")
    for event in chosen[:limit]:
        table.add_row(
            event.at.strftime("%Y-%m-%d %H:%M:%S"),
            event.kind,
            event.username,
            event.organisation.slug if event.organisation else "",
            event.address or "",
            event.detail,
        )
    console.print(table)


def unlock(
    username: Annotated[str, typer.Argument(help="The username the lockout is for.")],
) -> None:
    """Lift a login lockout of a username, from every address, before its cool-off ends."""
    setup_django()
    from axes.utils import reset

    lifted = reset(username=username)
    console.print(f"Lifted {lifted} lockout record(s) of {username}.", highlight=False)
