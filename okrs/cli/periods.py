"""`okrs period list | create | activate` and `okrs focus-area add | list`: an
organisation's periods and their focus areas, changed through the same services as the
web page and the API, audited as made through the CLI."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from okrs.cli.common import console, fail, organisation_named, setup_django

if TYPE_CHECKING:
    from okrs.goals.models import Period
    from okrs.orgs.models import Organisation

app = typer.Typer(help="List, create and activate periods.", no_args_is_help=True)
focus_areas = typer.Typer(help="Add and list the focus areas of a period.", no_args_is_help=True)

Org = Annotated[str, typer.Option("--org", help="Organisation slug.")]
PeriodName = Annotated[str, typer.Argument(help="The period's name or its id.")]


def _period(organisation: Organisation, name_or_id: str) -> Period:
    periods = organisation.periods.all()
    if name_or_id.isdigit():
        by_id = periods.filter(pk=int(name_or_id)).first()
        if by_id is not None:
            return by_id
    named = list(periods.filter(name__iexact=name_or_id.strip()))
    if len(named) > 1:
        ids = ", ".join(str(period.pk) for period in named)
        fail(f"{len(named)} periods are named {name_or_id!r} (ids {ids}); give the id")
    if not named:
        fail(f"no period {name_or_id!r} in {organisation.slug!r}")
    return named[0]


def _day(raw: str, option: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        fail(f"{option}: {raw!r} is not a date; give it as YYYY-MM-DD")


def _dates(period: Period) -> str:
    return f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}"


@app.command("list")
def list_periods(organisation: Org) -> None:
    """The organisation's periods, newest first, with their dates and state."""
    setup_django()
    org = organisation_named(organisation)
    table = Table("id", "name", "dates", "state")
    for period in org.periods.order_by("-start", "pk"):
        table.add_row(
            str(period.pk), period.name, _dates(period), period.state, str(period.objective_count)
        )
    console.print(table)


@app.command("create")
def create(
    organisation: Org,
    name: Annotated[str | None, typer.Option(help="Default: the suggested quarter's name.")] = None,
    start: Annotated[
        str | None, typer.Option(help="First day, YYYY-MM-DD. Default: after the latest period.")
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(help="Last day, YYYY-MM-DD. Default: three months after the start."),
    ] = None,
) -> None:
    """Create a draft period: the quarter after the latest period (or this quarter when
    there is none) unless told otherwise."""
    setup_django()
    from okrs.audit.services import Author
    from okrs.core.closing import next_quarter
    from okrs.core.errors import InvalidInput
    from okrs.goals import services

    org = organisation_named(organisation)
    suggested = services.suggested_period(org)
    if start is not None:
        # The quarter that starts on the day given, for whatever else was left out.
        suggested = next_quarter(_day(start, "--start") - timedelta(days=1))
    first = _day(start, "--start") if start is not None else suggested[1]
    last = _day(end, "--end") if end is not None else suggested[2]
    try:
        period = services.create_period(
            org, name if name is not None else suggested[0], first, last, by=Author(None, "cli")
        )
    except InvalidInput as error:
        fail(str(error))
    console.print(
        f"Created {period.name} ({_dates(period)}) as a draft, id {period.pk}; "
        f"`okrs period activate {period.pk} --org {org.slug}` makes it active.",
        highlight=False,
        soft_wrap=True,
    )


@app.command("activate")
def activate(name_or_id: PeriodName, organisation: Org) -> None:
    """Make a draft period active: check-ins and roll-ups run, its figures are rebuilt.
    Other active periods stay active."""
    setup_django()
    from okrs.audit.services import Author
    from okrs.core.errors import Conflict
    from okrs.goals import services
    from okrs.goals.models import Period

    org = organisation_named(organisation)
    period = _period(org, name_or_id)
    if period.state == Period.State.ACTIVE:
        console.print(f"{period.name} is active already.", highlight=False)
        return
    try:
        services.activate_period(period, by=Author(None, "cli"))
    except Conflict as error:
        fail(error.message)
    others = org.periods.filter(state=Period.State.ACTIVE).exclude(pk=period.pk)
    also = ", ".join(other.name for other in others)
    console.print(
        f"{period.name} is active." + (f" Still active: {also}." if also else ""),
        highlight=False,
        soft_wrap=True,
    )


@focus_areas.command("add")
def add_focus_area(
    period_name: PeriodName,
    title: Annotated[str, typer.Argument(help="The focus area's title.")],
    organisation: Org,
    description: Annotated[str, typer.Option(help="What the theme is about.")] = "",
) -> None:
    """Add a focus area to a period."""
    setup_django()
    from okrs.audit.services import Author
    from okrs.core.errors import InvalidInput
    from okrs.goals import services

    period = _period(organisation_named(organisation), period_name)
    try:
        area = services.create_focus_area(period, title, description, by=Author(None, "cli"))
    except InvalidInput as error:
        fail(str(error))
    console.print(f"Added {area.title} to {period.name}, id {area.pk}.", highlight=False)


@focus_areas.command("list")
def list_focus_areas(period_name: PeriodName, organisation: Org) -> None:
    """A period's focus areas with how many objectives are aligned with each."""
    setup_django()
    from django.db.models import Count

    period = _period(organisation_named(organisation), period_name)
    table = Table("id", "title", "objectives", "description", title=period.name)
    for area in period.focus_areas.annotate(aligned=Count("objectives")).order_by("title", "pk"):
        table.add_row(str(area.pk), area.title, str(area.aligned), area.description)
    console.print(table)
