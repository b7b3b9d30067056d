"""`okrs metric KIND INPUT`: one value from a file, folder or URL, with its provenance.

Needs no database: it runs wherever the input is, in CI or on a laptop.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from okrs.cli.common import console, fail


def parse_options(pairs: list[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            fail(f"--opt {pair!r}: write it as key=value")
        options[key.strip()] = value.strip()
    return options


def metric(
    kind: Annotated[str, typer.Argument(help="coverage, junit, git, issues, lighthouse, …")],
    source: Annotated[str, typer.Argument(metavar="INPUT", help="A file, folder or URL.")],
    opt: Annotated[
        list[str] | None, typer.Option("--opt", help="An option as key=value; repeatable.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the measurement as JSON.")] = False,
) -> None:
    """Measure one value from a file, folder or URL and print it with its provenance."""
    from okrs.core.numbers import format_reading
    from okrs.metrics.base import MetricError
    from okrs.metrics.registry import measure

    try:
        measurement = measure(kind, source, parse_options(opt or []))
    except MetricError as error:
        fail(str(error))
    if as_json:
        print(json.dumps(measurement.to_json(), indent=2, default=str))
        return
    table = Table(show_header=False, box=None)
    # Rounded for people (22.22, not 22.22222222222222); --json keeps every digit.
    table.add_row("value", f"{format_reading(measurement.value)} {measurement.unit}".strip())
    table.add_row("kind", measurement.kind)
    table.add_row("input", measurement.input)
    table.add_row("digest", measurement.digest)
    for name, value in measurement.details.items():
        table.add_row(name, format_reading(value))
    console.print(table)
