"""`okrs token create | list | revoke`: API tokens for CI jobs and scripts."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from okrs.cli.common import console, fail, setup_django

app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)


@app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="The person whose rights the token carries.")],
    name: Annotated[str, typer.Option(help="What the token is for, e.g. 'CI coverage push'.")],
    organisation: Annotated[str, typer.Option("--org", help="Organisation slug.")],
    write: Annotated[bool, typer.Option("--write/--read", help="Allow writes.")] = False,
    unit: Annotated[
        str | None, typer.Option(help="Limit the token to this unit's subtree (unit slug).")
    ] = None,
) -> None:
    """Create a token and print it once; only its digest is stored."""
    setup_django()
    from django.contrib.auth.models import User

    from okrs.core.errors import InvalidInput
    from okrs.orgs.models import Organisation, Unit
    from okrs.tokens.services import create_token

    org = Organisation.objects.filter(slug=organisation).first()
    user = User.objects.filter(username=username).first()
    if org is None or user is None:
        fail(f"no organisation {organisation!r}" if org is None else f"no person {username!r}")
    scope = None
    if unit is not None:
        scope = Unit.objects.filter(organisation=org, slug=unit).first()
        if scope is None:
            fail(f"no unit {unit!r} in {organisation!r}")
    try:
        new = create_token(org, user, name, can_write=write, unit=scope, via="cli")
    except InvalidInput as error:
        fail(str(error))
    console.print(f"Token {new.token.name!r} ({new.token.scope_label}). Shown once, keep it safe:")
    print(new.secret)


@app.command("list")
def list_tokens(
    organisation: Annotated[str, typer.Option("--org", help="Organisation slug.")],
) -> None:
    """Tokens of an organisation with their scope and when they were last used."""
    setup_django()
    from okrs.tokens.models import ApiToken

    table = Table("id", "name", "person", "scope", "prefix", "last used", "state")
    tokens = ApiToken.objects.filter(organisation__slug=organisation).select_related("user", "unit")
    for token in tokens:
        last_used = token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never"
        state = "revoked" if token.revoked_at else "live"
        table.add_row(
            str(token.pk),
            token.name,
            token.user.get_username(),
            token.scope_label,
            token.prefix + "…",
            last_used,
            state,
        )
    console.print(table)


@app.command("revoke")
def revoke(
    token_id: Annotated[int, typer.Argument(help="The id `okrs token list` shows.")],
) -> None:
    """Revoke a token: requests with it are refused from now on."""
    setup_django()
    from okrs.tokens.models import ApiToken
    from okrs.tokens.services import revoke as revoke_token

    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None:
        fail(f"no token with id {token_id}")
    revoke_token(token, via="cli")
    console.print(f"Revoked {token}.", highlight=False)
