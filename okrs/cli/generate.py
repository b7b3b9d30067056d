"""`okrs generate`: a synthetic enterprise for benchmarks (okrs.demo.synthetic)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer

from okrs.cli.common import console, fail, setup_django

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


def generate(
    scale: Annotated[
        float, typer.Option(help="The default enterprise (50,000 people) times this.")
    ] = 1.0,
    people: Annotated[int | None, typer.Option(help="People, overriding the scale.")] = None,
    teams: Annotated[int | None, typer.Option(help="Units of the tree, root included.")] = None,
    levels: Annotated[int | None, typer.Option(help="Levels of the unit tree.")] = None,
    quarters: Annotated[int | None, typer.Option(help="Quarters, ending with this one.")] = None,
    objectives: Annotated[int | None, typer.Option(help="Objectives per quarter.")] = None,
    key_results_per_objective: Annotated[
        float | None, typer.Option(help="Key results per objective, on average.")
    ] = None,
    seed: Annotated[int, typer.Option(help="The same seed on the same day: the same data.")] = 13,
    slug: Annotated[str, typer.Option(help="The new organisation's slug.")] = "synthetic",
    password: Annotated[
        str | None,
        typer.Option(help="Everyone's password (without it nobody logs in with one)."),
    ] = None,
) -> None:
    """Generate a synthetic enterprise: units, people, quarters of OKRs, weekly check-ins."""
    setup_django()
    from django.core.management import call_command

    from okrs.core.errors import InvalidInput
    from okrs.demo.synthetic import Sizes, counts, with_overrides
    from okrs.demo.synthetic import generate as build

    call_command("migrate", interactive=False, verbosity=0)
    sizes = with_overrides(
        Sizes.scaled(scale),
        people=people,
        teams=teams,
        levels=levels,
        quarters=quarters,
        objectives=objectives,
        key_results_per_objective=key_results_per_objective,
    )
    began = time.perf_counter()
    bars = _Bars()
    try:
        with bars.progress:
            organisation = build(sizes, seed, slug=slug, password=password, progress=bars.report)
    except InvalidInput as error:
        fail(str(error))
    seconds = time.perf_counter() - began
    console.print(
        f"Generated {organisation.slug!r}: {counts(organisation).line()} in {seconds:.1f} s "
        f"(figures {bars.figures_seconds:.1f} s).",
        highlight=False,
        soft_wrap=True,  # one line however narrow the terminal, for scripts and logs
    )


class _Bars:
    """One Rich progress bar per stage, added as the stage reports first."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress: Progress = Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )
        self.tasks: dict[str, TaskID] = {}
        self.figures_began = 0.0
        self.figures_seconds = 0.0

    def report(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)
        # The rebuild reports only its start and end: time it for the summary.
        if stage == "figures":
            if done == 0:
                self.figures_began = time.perf_counter()
            else:
                self.figures_seconds = time.perf_counter() - self.figures_began
