"""The `okrs` command: serve the app, load the demo, rebuild figures, add people.

Django is set up lazily inside each command, so `okrs --help` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from okrs.cli import (
    generate,
    importing,
    measure,
    metric,
    people,
    periods,
    security,
    setup,
    tokens,
    units,
    worker,
)
from okrs.cli.common import console, fail, setup_django

app = typer.Typer(
    help="okrs: self-hosted OKRs for software organisations.",
    no_args_is_help=True,
    add_completion=False,
)


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="gunicorn worker processes.")] = 2,
    demo_if_empty: Annotated[
        bool, typer.Option(help="Load the demo organisation when the database has none.")
    ] = False,
    with_worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Start `okrs worker` beside the server (--no-worker when workers run apart).",
        ),
    ] = True,
) -> None:
    """Apply migrations and serve okrs with gunicorn, with a background worker beside it."""
    setup_django()
    from django.core.management import call_command

    from okrs.cli.server import run_gunicorn

    migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    if demo_if_empty:
        _load_demo_if_empty()
    background = worker.start_beside_server() if with_worker else None
    console.print(f"okrs serving on http://{host}:{port}/", highlight=False)
    try:
        run_gunicorn(host, port, workers)
    finally:
        if background is not None:
            worker.stop(background)


def _load_demo_if_empty() -> None:
    from okrs.orgs.models import Organisation

    if not Organisation.objects.exists():
        _build_demo()


def _build_demo(force: bool = False) -> None:
    from okrs.demo import DEMO_PASSWORD, DEMO_USERNAME, build_demo

    with console.status("Building the demo organisation…"):
        organisation = build_demo(force=force)
    console.print(
        f"Loaded the demo organisation {organisation.name!r}. "
        f"Log in as {DEMO_USERNAME} / {DEMO_PASSWORD}.",
        highlight=False,
    )


@app.command()
def demo(
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Load it even beside other organisations (its logins are public)."
        ),
    ] = False,
) -> None:
    """Load the demo software organisation (with history) into the database."""
    setup_django()
    from okrs.core.errors import InvalidInput

    migrate()
    try:
        _build_demo(force)
    except InvalidInput as error:
        fail(str(error))


@app.command()
def recompute(
    check: Annotated[
        bool,
        typer.Option("--check", help="Only report figures a rebuild would change; exit 1 if any."),
    ] = False,
) -> None:
    """Rebuild every stored progress and health figure from the check-ins."""
    setup_django()
    from rich.progress import Progress

    from okrs.goals.drift import drift
    from okrs.goals.rollup import recompute as rebuild
    from okrs.orgs.models import Organisation

    migrate()
    organisations = list(Organisation.objects.order_by("pk"))
    if check:
        differences = [line for organisation in organisations for line in drift(organisation)]
        for line in differences:
            console.print(line, highlight=False)
        console.print(f"{len(differences)} stored figures differ from a rebuild.")
        raise typer.Exit(1 if differences else 0)
    total = 0
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Recomputing", total=len(organisations))
        for organisation in organisations:
            progress.update(task, description=f"Recomputing {organisation.name}")
            total += rebuild(organisation)
            progress.advance(task)
    console.print(f"Recomputed {total} objectives in {len(organisations)} organisations.")


@app.command()
def createuser(
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    organisation: Annotated[
        str | None, typer.Option("--org", help="Slug of an organisation to join.")
    ] = None,
    admin: Annotated[bool, typer.Option(help="Make the person an organisation admin.")] = False,
    operator: Annotated[
        bool,
        typer.Option(
            help="The server's operator: may bind key results to files and databases "
            "on a server shared by several organisations."
        ),
    ] = False,
    email: Annotated[str, typer.Option()] = "",
) -> None:
    """Create a person who can log in, optionally in an organisation."""
    setup_django()
    from okrs.core.errors import InvalidInput
    from okrs.orgs.accounts import create_person

    migrate()
    try:
        user = create_person(
            username,
            password,
            email=email,
            organisation_slug=organisation,
            admin=admin,
            operator=operator,
        )
    except InvalidInput as error:
        fail(str(error))
    console.print(f"Created {user.get_username()}.", highlight=False)


app.add_typer(tokens.app, name="token")
app.add_typer(units.app, name="unit")
app.command("setup")(setup.setup)
app.add_typer(importing.app, name="import")
app.command("invite")(people.invite)
app.add_typer(people.person, name="person")
app.add_typer(periods.app, name="period")
app.add_typer(periods.focus_areas, name="focus-area")
app.command("metric")(metric.metric)
app.command("measure")(measure.measure)
app.command("worker")(worker.worker)
app.command("security-log")(security.security_log)
app.command("unlock")(security.unlock)
app.command("generate")(generate.generate)


def main() -> None:
    app()
