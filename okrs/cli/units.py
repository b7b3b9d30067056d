"""`okrs unit add | rename | move | archive | restore | list | member add | member remove`:
the organisation tree from the command line, acting as the system (recorded as `cli`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.tree import Tree

from okrs.cli.common import console, fail, organisation_named, person_in, setup_django

if TYPE_CHECKING:
    from okrs.audit.services import Author
    from okrs.orgs.models import Organisation, Unit

app = typer.Typer(
    help="Add, rename, move and archive units; say who is in them.", no_args_is_help=True
)
members = typer.Typer(help="Add people to a unit or take them out.", no_args_is_help=True)
app.add_typer(members, name="member")

Org = Annotated[str, typer.Option("--org", help="Organisation slug.")]
UnitSlug = Annotated[str, typer.Argument(help="The unit's slug.")]
T = TypeVar("T")


def _cli() -> Author:
    from okrs.audit.services import Author

    return Author(None, "cli")


def _unit(organisation: Organisation, slug: str) -> Unit:
    from okrs.orgs.models import Unit

    found = Unit.objects.filter(organisation=organisation, slug=slug).first()
    if found is None:
        fail(f"no unit {slug!r} in {organisation.slug!r}")
    return found


def _run(change: Callable[[], T]) -> T:
    """The change, or its refusal as one line naming the field (exit 2)."""
    from okrs.core.errors import InvalidInput

    try:
        return change()
    except InvalidInput as error:
        fail(str(error))


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The new unit's name.")],
    organisation: Org,
    parent: Annotated[str | None, typer.Option(help="Slug of the unit it goes below.")] = None,
    kind: Annotated[str, typer.Option(help="company, department, team or role.")] = "team",
    slug: Annotated[str, typer.Option(help="From the name if left out.")] = "",
) -> None:
    """Add a unit below another (without --parent: below the organisation's root, or the
    root itself when the organisation has no unit yet)."""
    setup_django()
    from okrs.orgs.services import add_unit

    org = organisation_named(organisation)
    above = _unit(org, parent) if parent else org.units.filter(parent=None).order_by("pk").first()
    unit = _run(lambda: add_unit(org, name, kind, above, slug, by=_cli()))
    console.print(f"Added {unit.name} ({unit.slug}).", highlight=False)


@app.command("rename")
def rename(
    unit: UnitSlug,
    name: Annotated[str, typer.Argument(help="The new name.")],
    organisation: Org,
    slug: Annotated[str | None, typer.Option("--slug", help="A new slug too.")] = None,
    kind: Annotated[str | None, typer.Option(help="A new kind too.")] = None,
) -> None:
    """Rename a unit (and optionally change its slug and kind)."""
    setup_django()
    from okrs.orgs.units import rename_unit

    found = _unit(organisation_named(organisation), unit)
    renamed = _run(lambda: rename_unit(found, name=name, slug=slug, kind=kind, by=_cli()))
    console.print(f"Renamed {unit} to {renamed.name} ({renamed.slug}).", highlight=False)


@app.command("move")
def move(
    unit: UnitSlug,
    parent: Annotated[str, typer.Option(help="Slug of the unit to move it under.")],
    organisation: Org,
) -> None:
    """Move a unit and its subtree under another unit of the organisation."""
    setup_django()
    from okrs.orgs.units import move_unit

    org = organisation_named(organisation)
    found, above = _unit(org, unit), _unit(org, parent)
    _run(lambda: move_unit(found, above, by=_cli()))
    console.print(f"Moved {found.name} under {above.name}.", highlight=False)


@app.command("archive")
def archive(unit: UnitSlug, organisation: Org) -> None:
    """Take a unit and its subtree out of the tree; their objectives stay readable."""
    setup_django()
    from okrs.orgs.units import archive_unit, open_objectives_of

    found = _unit(organisation_named(organisation), unit)
    open_count = open_objectives_of(found).count()
    archived = _run(lambda: archive_unit(found, by=_cli()))
    console.print(
        f"Archived {found.name} and {len(archived) - 1} units below it; "
        f"{open_count} open objectives of active periods left the tree (still readable).",
        highlight=False,
    )


@app.command("restore")
def restore(unit: UnitSlug, organisation: Org) -> None:
    """Bring back an archived unit with the units archived with it."""
    setup_django()
    from okrs.orgs.units import restore_unit

    found = _unit(organisation_named(organisation), unit)
    restored = _run(lambda: restore_unit(found, by=_cli()))
    console.print(f"Restored {found.name} ({len(restored)} units).", highlight=False)


@app.command("list")
def list_units(
    organisation: Org,
    archived: Annotated[bool, typer.Option("--archived", help="Show archived units too.")] = False,
) -> None:
    """The organisation's tree with each unit's slug, kind and people."""
    setup_django()
    from okrs.orgs.models import Membership, Unit

    org = organisation_named(organisation)
    rows = Unit.objects.filter(organisation=org).order_by("depth", "name")
    if not archived:
        rows = rows.filter(archived_at=None)
    people: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(unit__organisation=org).select_related("user"):
        mark = " (lead)" if membership.role == Membership.Role.LEAD else ""
        people.setdefault(membership.unit_id, []).append(membership.user.get_username() + mark)
    tree = Tree(f"[bold]{org.name}[/bold]")
    branches: dict[int, Tree] = {}
    for row in rows:
        label = f"{row.name} [dim]{row.slug} · {row.kind}[/dim]"
        if row.archived_at:
            label += " [yellow]archived[/yellow]"
        if people.get(row.pk):
            label += f" — {', '.join(sorted(people[row.pk]))}"
        branches[row.pk] = branches.get(row.parent_id or 0, tree).add(label)
    console.print(tree)


@members.command("add")
def member_add(
    unit: UnitSlug,
    person: Annotated[str, typer.Argument(help="Username or email of a person of the org.")],
    organisation: Org,
    role: Annotated[str, typer.Option(help="lead or member.")] = "member",
) -> None:
    """Put a person in a unit, or change their role there."""
    setup_django()
    from okrs.orgs.units import set_membership

    org = organisation_named(organisation)
    found, user = _unit(org, unit), person_in(org, person)
    _run(lambda: set_membership(found, user, role, by=_cli()))
    console.print(f"{user.get_username()} is {role} of {found.name}.", highlight=False)


@members.command("remove")
def member_remove(
    unit: UnitSlug,
    person: Annotated[str, typer.Argument(help="Username or email.")],
    organisation: Org,
) -> None:
    """Take a person out of a unit; their objectives and check-ins stay."""
    setup_django()
    from okrs.orgs.units import remove_membership

    org = organisation_named(organisation)
    found, user = _unit(org, unit), person_in(org, person)
    _run(lambda: remove_membership(found, user, by=_cli()))
    console.print(f"Removed {user.get_username()} from {found.name}.", highlight=False)
