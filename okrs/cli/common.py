"""What every command shares: Django set up lazily, one-line errors, the console."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from okrs.orgs.models import Organisation

console = Console()
err = Console(stderr=True)


def setup_django() -> None:
    """Configure Django once; a bad environment variable ends the command with one line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okrs.settings")
    import django

    from okrs.config import ConfigError

    try:
        django.setup()
    except ConfigError as error:
        fail(f"configuration: {error}")


def fail(message: str, code: int = 2) -> NoReturn:
    # soft_wrap: one line however narrow the terminal, so scripts can grep it
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def organisation_named(slug: str) -> Organisation:
    """The organisation a command's --org names, or one line and exit 2."""
    from okrs.orgs.models import Organisation

    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        fail(f"no organisation {slug!r}")
    return found


def person_in(organisation: Organisation, who: str) -> User:
    """A person of the organisation by username or email, or one line and exit 2."""
    from django.contrib.auth.models import User
    from django.db.models import Q

    people = User.objects.filter(org_members__organisation=organisation)
    found = people.filter(Q(username=who) | Q(email__iexact=who)).order_by("pk").first()
    if found is None:
        fail(f"no person {who!r} in {organisation.slug!r}: give a username or an email")
    return found
