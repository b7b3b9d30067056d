"""What every command shares: Django set up lazily, one-line errors, the console."""

from __future__ import annotations

import os
from typing import NoReturn

import typer
from rich.console import Console

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
