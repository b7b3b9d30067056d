"""`experiments`: hypothesis validation from an experiment log (ours; metrics.md §4).

The log is a CSV with the columns `name, started, ended, outcome`; `outcome` is `validated`,
`invalidated`, `inconclusive` (any case), or blank while the experiment is still running.

    hypothesis validation = 100 × decided / concluded

- concluded: experiments whose `ended` day falls in [since, until] (every ended experiment
  when no range is given);
- decided: the concluded ones whose outcome is `validated` or `invalidated`.

An experiment with an end date needs an outcome and one with an outcome needs an end date;
either gap, or an unknown outcome, is an error naming the line. Details also count the
experiments still running at the end of the range (started on or before `until`, no end).
"""

from __future__ import annotations

from collections import Counter

from okrs.metrics.base import Kind, MetricError, Options, Reading, describe
from okrs.metrics.inputs import read_text
from okrs.metrics.tables import csv_rows, parse_time, within

OUTCOMES = ("validated", "invalidated", "inconclusive")


def measure(source: str, options: Options) -> Reading:
    text, digest = read_text(source)
    since, until = options.day("since"), options.day("until")
    outcomes: Counter[str] = Counter()
    running = 0
    rows = csv_rows(source, text, ("name", "started", "ended", "outcome"))
    for line, row in rows:
        started_raw = (row["started"] or "").strip()
        ended_raw = (row["ended"] or "").strip()
        outcome = (row["outcome"] or "").strip().lower()
        started = parse_time(source, line, started_raw) if started_raw else None
        if outcome and outcome not in OUTCOMES:
            raise MetricError(
                source,
                f"line {line}, column 'outcome': {describe(row['outcome'])} is not one of "
                f"{', '.join(OUTCOMES)} (or blank while running)",
            )
        if bool(outcome) != bool(ended_raw):
            gap = "an end date but no outcome" if ended_raw else "an outcome but no end date"
            raise MetricError(source, f"line {line}: an experiment has {gap}")
        if not ended_raw:
            if started is None or within(started, None, until):
                running += 1
            continue
        if within(parse_time(source, line, ended_raw), since, until):
            outcomes[outcome] += 1
    concluded = sum(outcomes.values())
    if not concluded:
        where = "in the date range" if since or until else "in the log"
        raise MetricError(source, f"has no concluded experiments {where}")
    decided = outcomes["validated"] + outcomes["invalidated"]
    details = {
        "decided": decided,
        "concluded": concluded,
        **{outcome: outcomes[outcome] for outcome in OUTCOMES},
        "running": running,
    }
    return Reading(
        100 * decided / concluded, "%", "experiments", source, dict(options), digest, details
    )


KIND = Kind(
    name="experiments",
    summary="Hypothesis validation: experiments concluded with a decision / experiments "
    "concluded, from a CSV log.",
    options={
        "since": "first day of the range, on the ended column, YYYY-MM-DD",
        "until": "last day of the range, on the ended column, YYYY-MM-DD",
    },
    measure=measure,
)
