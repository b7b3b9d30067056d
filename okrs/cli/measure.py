"""`okrs measure`: measure bound key results and store each value as a check-in.

Exit codes a cron job can act on: 0 every binding measured (or none due), 1 some failed
(one line each on stderr), 2 a usage error (unknown key result, bad date, clashing flags).
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import Progress

from okrs.cli.common import console, err, fail, setup_django

if TYPE_CHECKING:
    from okrs.bindings.backfill import History
    from okrs.bindings.measuring import Outcome
    from okrs.bindings.models import Binding


def measure(
    due: Annotated[
        bool, typer.Option("--due", help="Bindings whose next measurement is due (default).")
    ] = False,
    all_: Annotated[bool, typer.Option("--all", help="Every binding, due or not.")] = False,
    kr: Annotated[
        list[int] | None, typer.Option("--kr", help="The key result with this id; repeatable.")
    ] = None,
    backfill: Annotated[
        bool,
        typer.Option(
            "--backfill", help="Weekly history of git and issues bindings; needs --since."
        ),
    ] = False,
    since: Annotated[
        str | None, typer.Option("--since", help="With --backfill: the first day, YYYY-MM-DD.")
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", min=1, max=32, help="Bindings measured at the same time.")
    ] = 2,
    deadline: Annotated[
        int | None,
        typer.Option(
            "--deadline",
            min=1,
            help="Seconds the whole run may take; bindings not started by then are reported "
            "as not measured (each measurement has its own limit too).",
        ),
    ] = None,
) -> None:
    """Measure bound key results and record each value as a check-in with its provenance."""
    if sum([due, all_, bool(kr)]) > 1:
        fail("use one of --due, --all and --kr")
    if backfill and due:
        fail("--backfill takes --since and optionally --kr, not --due")
    if since is not None and not backfill:
        fail("--since goes with --backfill")
    first_day = _first_day(since) if backfill else None
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    bindings = _chosen(kr or [], all_ or backfill)
    if first_day is not None:
        _backfill(bindings, first_day, named=bool(kr))
    else:
        _measure(bindings, jobs, deadline)


def _first_day(since: str | None) -> date:
    if since is None:
        fail("--backfill needs --since YYYY-MM-DD")
    try:
        day = date.fromisoformat(since)
    except ValueError:
        fail(f"--since {since!r} is not a date (YYYY-MM-DD)")
    if day > datetime.now(UTC).date():
        fail(f"--since {since} is in the future")
    return day


def _chosen(key_result_ids: list[int], every: bool) -> list[Binding]:
    from okrs.bindings.measuring import due_bindings, open_bindings
    from okrs.bindings.models import Binding
    from okrs.goals.models import KeyResult

    if not key_result_ids:
        return list((open_bindings() if every else due_bindings()).order_by("pk"))
    chosen = []
    for key_result_id in key_result_ids:
        if not KeyResult.objects.filter(pk=key_result_id).exists():
            fail(f"no key result with id {key_result_id}")
        binding = Binding.objects.filter(key_result_id=key_result_id).first()
        if binding is None:
            fail(f"key result {key_result_id} is not bound to a metric source")
        chosen.append(binding)
    return chosen


def _name(binding: Binding) -> str:
    return escape(f"KR {binding.key_result_id} ({binding.key_result.title})")


def _measure(bindings: list[Binding], jobs: int, deadline: int | None) -> None:
    """Measure `jobs` bindings at a time and print each result the moment it is known, so a
    run killed halfway has already said what it stored."""
    from okrs.bindings.runs import measure_bindings

    ends_at = None if deadline is None else time.monotonic() + deadline
    counts = dict.fromkeys(("stored", "unchanged", "failed", "skipped"), 0)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Measuring", total=len(bindings))
        for outcome in measure_bindings(bindings, jobs=jobs, ends_at=ends_at):
            _report(outcome)
            counts[outcome.status] += 1
            progress.advance(task)
    console.print(
        f"Measured {len(bindings)} bindings: {counts['stored']} new values, "
        f"{counts['unchanged']} unchanged, {counts['failed']} failed, "
        f"{counts['skipped']} skipped (being measured by another run).",
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(1 if counts["failed"] else 0)


def _shown(outcome: Outcome) -> str:
    """The stored value at its key result's precision, as the objective page shows it."""
    from okrs.core.numbers import decimals_for, format_value

    assert outcome.value is not None
    kr = outcome.binding.key_result
    decimals = decimals_for(kr.start, kr.target, kr.low, kr.high, kr.precision)
    return format_value(outcome.value.value, decimals, trim=kr.precision is None)


def _report(outcome: Outcome) -> None:
    name = _name(outcome.binding)
    if outcome.status == "failed":
        err.print(
            f"[red]error:[/red] {name}: {escape(outcome.error)}", highlight=False, soft_wrap=True
        )
        return
    if outcome.status == "skipped":
        console.print(f"skipped {name}: {outcome.error}", highlight=False, soft_wrap=True)
        return
    assert outcome.value is not None
    value = escape(f"{_shown(outcome)} {outcome.value.unit}".strip())
    digest = escape(outcome.value.digest[:19])
    console.print(f"{outcome.status} {name}: {value} ({digest})", highlight=False, soft_wrap=True)


def _backfill(bindings: list[Binding], first_day: date, *, named: bool) -> None:
    from okrs.bindings.backfill import BACKFILL_KINDS, backfill_binding

    refused = [binding for binding in bindings if binding.kind not in BACKFILL_KINDS]
    if named and refused:
        fail(
            f"{_name(refused[0])} measures {refused[0].kind}: --backfill rebuilds the history "
            f"of {' and '.join(BACKFILL_KINDS)} bindings only"
        )
    for binding in refused:
        console.print(f"skipped {_name(binding)}: {binding.kind} has no history to rebuild")
    histories = []
    chosen = [binding for binding in bindings if binding.kind in BACKFILL_KINDS]
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Back-filling", total=len(chosen))
        for binding in chosen:
            progress.update(task, description=f"Back-filling KR {binding.key_result_id}")
            histories.append(backfill_binding(binding, first_day))
            progress.advance(task)
    for history in histories:
        _report_history(history)
    raise typer.Exit(1 if any(history.failed for history in histories) else 0)


def _report_history(history: History) -> None:
    name = _name(history.binding)
    if history.failed:
        day, problem = history.skipped[-1]
        err.print(f"[red]error:[/red] {name}: {escape(problem)}", highlight=False, soft_wrap=True)
        return
    for day, problem in history.skipped:
        console.print(
            f"no value for {name} in the week ending {day}: {escape(problem)}",
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"{name}: {history.stored} weeks stored, {history.existing} already stored, "
        f"{len(history.skipped)} without a value.",
        highlight=False,
        soft_wrap=True,
    )
