"""`csv`: a column of any CSV aggregated over a date range.

For figures kept by hand, such as value delivered or the cost of development:
sum, mean, last or count of `column`, over rows whose `date` column falls in
[since, until].
"""

from __future__ import annotations

import math

from okrs.metrics.base import Kind, MetricError, Options, Reading
from okrs.metrics.inputs import read_text
from okrs.metrics.tables import csv_rows, parse_number, parse_time, within

AGGREGATES = ("sum", "mean", "last", "count")


def measure(source: str, options: Options) -> Reading:
    text, digest = read_text(source)
    column = options.text("column", "value")
    date_column = options.text("date-column", "date")
    aggregate = options.choice("aggregate", AGGREGATES, "sum")
    since, until = options.day("since"), options.day("until")
    dated = since is not None or until is not None or aggregate == "last"
    required = (column, date_column) if dated else (column,)
    values: list[tuple[object, float]] = []
    for line, row in csv_rows(source, text, required):
        moment = parse_time(source, line, row[date_column]) if dated else None
        if moment is not None and not within(moment, since, until):
            continue
        values.append((moment, parse_number(source, line, column, row[column])))
    if not values and aggregate != "count":
        raise MetricError(source, "no rows in the date range")
    numbers = [number for _, number in values]
    result = _aggregate(aggregate, values, numbers)
    details = {"aggregate": aggregate, "column": column, "rows": len(numbers)}
    return Reading(result, options.text("unit", ""), "csv", source, dict(options), digest, details)


def _aggregate(aggregate: str, values: list[tuple[object, float]], numbers: list[float]) -> float:
    if aggregate == "sum":
        return math.fsum(numbers)
    if aggregate == "mean":
        return math.fsum(numbers) / len(numbers)
    if aggregate == "count":
        return float(len(numbers))
    # Ignored below: the keys are a column's comparable values, typed object here
    return max(values, key=lambda pair: pair[0])[1]  # type: ignore[arg-type,return-value]


KIND = Kind(
    name="csv",
    summary="A column of any CSV aggregated (sum, mean, last, count) over a date range.",
    options={
        "column": "the column to aggregate (default: value)",
        "date-column": "the column with each row's date (default: date)",
        "aggregate": "sum | mean | last | count (default: sum)",
        "since": "first day to include, YYYY-MM-DD",
        "until": "last day to include, YYYY-MM-DD",
        "unit": "the unit label to report, e.g. EUR",
    },
    measure=measure,
)
