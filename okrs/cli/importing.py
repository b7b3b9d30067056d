"""`okrs import people FILE.csv --org SLUG`: people, units and roles from a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from okrs.cli.common import console, err, fail, organisation_named, setup_django

if TYPE_CHECKING:
    from okrs.orgs.importing import ImportResult

app = typer.Typer(help="Import data from files.", no_args_is_help=True)


@app.command("people")
def people(
    file: Annotated[
        Path, typer.Argument(help="CSV with name, email, unit, role and optionally access.")
    ],
    organisation: Annotated[str, typer.Option("--org", help="Organisation slug.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and report; store nothing.")
    ] = False,
) -> None:
    """Add the people of a file to units (created when missing), all or nothing.

    Rerunning the same file changes nothing; memberships the file leaves out are kept.
    See docs/people-import.md.
    """
    setup_django()
    from rich.progress import Progress

    from okrs.audit.services import Author
    from okrs.core.errors import InvalidInput
    from okrs.core.people_file import MAX_BYTES, parse_people
    from okrs.orgs.importing import import_people

    org = organisation_named(organisation)
    try:
        # One byte past the limit is enough for the parser to refuse the size.
        with file.open("rb") as opened:
            data = opened.read(MAX_BYTES + 1)
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}")
    try:
        rows = parse_people(data)
        with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
            task = progress.add_task("Importing", total=len(rows))
            result = import_people(
                org,
                rows,
                by=Author(None, "cli"),
                dry_run=dry_run,
                on_row=lambda row: progress.advance(task),
            )
    except InvalidInput as error:
        for problem in error.errors:
            err.print(f"[red]error:[/red] {file}: {problem}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(_summary(result, dry_run), highlight=False, soft_wrap=True)


def _summary(result: ImportResult, dry_run: bool) -> str:
    counts = (
        f"{result.created_units} units created, {result.created_people} people created, "
        f"{result.joined_people} existing people added, {result.added_memberships} "
        f"memberships added, {result.changed_roles} roles changed, {result.unchanged} "
        "lines unchanged"
    )
    return (
        f"Would change: {counts} (dry run: nothing stored)." if dry_run else f"Imported: {counts}."
    )
