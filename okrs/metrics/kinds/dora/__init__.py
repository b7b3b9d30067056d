"""`dora`: the four DORA keys as Google's Four Keys computes them (metrics.md §8).

INPUT holds the rows of the three Four Keys tables, with their column names:

- deployments: `deploy_id`, `time_created`, `changes` (the commit SHAs it shipped), and
  optionally `main_commit`, `source`, `status` (when present, only `success`/`succeeded`/
  `successful` rows count: the Four Keys table holds successful deploys only);
- changes: `change_id` (the commit SHA), `time_created`;
- incidents: `incident_id`, `time_created`, `time_resolved` (null or blank while open),
  `changes` (the root-cause SHAs, from "root cause: <sha>"); `deploy_id` links an incident
  to a deployment directly.

As a JSON object `{"deployments": […], "changes": […], "incidents": […]}`, a JSON array
or JSON lines of records, or a CSV with the union of the columns (one record per row).
Records are told apart by their id field. An item of `changes` may also be an object
`{"change_id": sha, "time_created": …}`, which carries the commit time inline; in CSV,
`changes` is a list of SHAs separated by spaces, commas, semicolons or `|`.

The window is [since, until], by UTC day; by default the three months up to today, as the
Four Keys dashboard does, and never before the day of the first record.

- `deployment-frequency`: value = deployments / (days in the window / 7), in deploys per
  week. Details carry the Four Keys bucket: weeks start on Sunday (BigQuery `WEEK`);
  **daily** if the median week has ≥ 3 days with a deploy, **weekly** if the median week has
  a deploy, **monthly** if the median (over weeks) of "weeks with a deploy in that week's
  month" is ≥ 1, else **yearly**.
- `lead-time`: the median of (deploy time − commit time) in whole minutes over every
  (deployment in the window, change) pair whose commit time is known, ignoring differences
  ≤ 0 ("automated pushes"), in hours.
- `change-failure-rate`: 100 × deployments in the window linked to ≥ 1 incident (through a
  root-cause SHA among its changes, or `deploy_id`) / deployments in the window.
- `time-to-restore`: the median of (time_resolved − start) in whole minutes over resolved
  incidents created in the window, in hours; start is the incident's `time_created`, or
  the time of its root-cause deployment when that is earlier (as Four Keys'
  `incidents.sql` builds `time_created`). Four Keys' dashboard truncates to whole hours;
  okrs keeps minutes.

Lead time and time to restore carry the Four Keys bucket ("One day" < 24 h, "One week"
< 168 h, "One month" < 730 h, "Six months" < 4380 h, else "One year"); the change failure
rate carries "0-15%" (≤ 15 %), "16-45%" (< 46 %) or "46-60%".
"""

from __future__ import annotations

import calendar
import statistics
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from okrs.metrics.base import Kind, MetricError, Options, Reading
from okrs.metrics.inputs import read_text
from okrs.metrics.kinds.dora.records import Deployment, Incident, Records, load
from okrs.metrics.tables import within

MEASURES = ("deployment-frequency", "lead-time", "change-failure-rate", "time-to-restore")
TIME_BUCKETS = ((24, "One day"), (168, "One week"), (730, "One month"), (6 * 730, "Six months"))


def measure(source: str, options: Options) -> Reading:
    text, digest = read_text(source)
    kind = options.choice("measure", MEASURES, "deployment-frequency")
    records = load(source, text)
    if not records.deployments and kind != "time-to-restore":
        raise MetricError(source, "has no deployment records (rows with a deploy_id)")
    since, until = _window(source, options, records)
    in_window = [d for d in records.deployments.values() if within(d.time, since, until)]
    if kind == "deployment-frequency":
        value, unit, details = _frequency(in_window, since, until)
    elif kind == "lead-time":
        value, unit, details = _lead_time(source, in_window, records)
    elif kind == "change-failure-rate":
        value, unit, details = _failure_rate(source, in_window, records)
    else:
        value, unit, details = _restore(source, records, since, until)
    details = {
        "measure": kind,
        "since": since.isoformat(),
        "until": until.isoformat(),
        **details,
        "not_successful_skipped": records.not_successful,
    }
    return Reading(value, unit, "dora", source, dict(options), digest, details)


Result = tuple[float, str, dict[str, Any]]


def _window(source: str, options: Options, records: Records) -> tuple[date, date]:
    until = options.day("until") or datetime.now(UTC).date()
    since = options.day("since") or _months_before(until, 3)
    first = records.first_day()
    if first is not None and first > since:
        since = first
    if since > until:
        raise MetricError(source, f"the window {since} to {until} is empty")
    return since, until


def _months_before(day: date, months: int) -> date:
    """Like BigQuery's DATE_SUB(day, INTERVAL n MONTH): the same day, clamped to the month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _frequency(deployments: list[Deployment], since: date, until: date) -> Result:
    days = (until - since).days + 1
    deploy_days = {d.time.astimezone(UTC).date() for d in deployments}
    weeks: dict[date, int] = defaultdict(int)  # week start (Sunday) -> days with a deploy
    for offset in range(days):
        day = since + timedelta(days=offset)
        weeks[day - timedelta(days=(day.weekday() + 1) % 7)] += day in deploy_days
    months: dict[tuple[int, int], int] = defaultdict(int)
    for week, deployed_days in weeks.items():
        months[week.year, week.month] += deployed_days > 0
    median_days = statistics.median(weeks.values())
    median_weekly = statistics.median(1 if n else 0 for n in weeks.values())
    median_monthly = statistics.median(months[week.year, week.month] for week in weeks)
    if median_days >= 3:
        bucket = "Daily"
    elif median_weekly >= 1:
        bucket = "Weekly"
    elif median_monthly >= 1:
        bucket = "Monthly"
    else:
        bucket = "Yearly"
    details = {
        "deployments": len(deployments),
        "days": days,
        "weeks": len(weeks),
        "days_with_deploys": len(deploy_days),
        "median_days_deployed_per_week": median_days,
        "median_week_deployed": median_weekly,
        "median_weeks_deployed_per_month": median_monthly,
        "bucket": bucket,
    }
    return len(deployments) / (days / 7), "deploys/week", details


def _lead_time(source: str, deployments: list[Deployment], records: Records) -> Result:
    minutes: list[int] = []
    unknown = ignored = 0
    for deployment in deployments:
        for change in deployment.changes:
            committed = records.change_times.get(change)
            if committed is None:
                unknown += 1
                continue
            diff = _whole_minutes(deployment.time - committed)
            if diff > 0:
                minutes.append(diff)
            else:
                ignored += 1
    if not minutes:
        raise MetricError(
            source, "has no changes with a commit time in the deployments of the window"
        )
    median = statistics.median(minutes) / 60
    details = {
        "deployments": len(deployments),
        "changes": len(minutes),
        "changes_without_time": unknown,
        "ignored_not_after_commit": ignored,
        "median_minutes": statistics.median(minutes),
        "bucket": _time_bucket(median),
    }
    return median, "hours", details


def _failure_rate(source: str, deployments: list[Deployment], records: Records) -> Result:
    if not deployments:
        raise MetricError(source, "has no deployments in the window")
    failed = [d.id for d in deployments if _incidents_of(d, records)]
    rate = 100 * len(failed) / len(deployments)
    bucket = "0-15%" if rate <= 15 else "16-45%" if rate < 46 else "46-60%"
    details = {
        "deployments": len(deployments),
        "failed_deployments": len(failed),
        "failed": sorted(failed)[:20],
        "bucket": bucket,
    }
    return rate, "%", details


def _incidents_of(deployment: Deployment, records: Records) -> list[Incident]:
    shipped = set(deployment.changes)
    return [
        incident
        for incident in records.incidents
        if incident.deploy_id == deployment.id or shipped.intersection(incident.changes)
    ]


def _restore(source: str, records: Records, since: date, until: date) -> Result:
    deploy_times: dict[str, datetime] = {}
    for deployment in records.deployments.values():
        for change in deployment.changes:
            if change not in deploy_times or deployment.time < deploy_times[change]:
                deploy_times[change] = deployment.time
    minutes: list[int] = []
    unresolved = 0
    for incident in records.incidents:
        start = incident.created
        linked = [deploy_times[c] for c in incident.changes if c in deploy_times]
        if incident.deploy_id in records.deployments:
            linked.append(records.deployments[incident.deploy_id].time)
        start = min([start, *linked])
        if not within(start, since, until):
            continue
        if incident.resolved is None:
            unresolved += 1
            continue
        if incident.resolved < start:
            raise MetricError(
                source, f"{incident.where}: an incident is resolved before it started"
            )
        minutes.append(_whole_minutes(incident.resolved - start))
    if not minutes:
        raise MetricError(source, "has no resolved incidents in the window")
    median = statistics.median(minutes) / 60
    details = {
        "incidents": len(minutes),
        "unresolved": unresolved,
        "median_minutes": statistics.median(minutes),
        "bucket": _time_bucket(median),
    }
    return median, "hours", details


def _whole_minutes(delta: timedelta) -> int:
    """Like BigQuery's TIMESTAMP_DIFF(…, MINUTE): whole minutes, truncated toward zero."""
    return int(delta.total_seconds() / 60)


def _time_bucket(hours: float) -> str:
    return next((name for limit, name in TIME_BUCKETS if hours < limit), "One year")


KIND = Kind(
    name="dora",
    summary="Deployment frequency (Four Keys buckets), median lead time for changes, change "
    "failure rate or median time to restore, from Four Keys deployment, change and incident "
    "records (JSON or CSV).",
    options={
        "measure": "deployment-frequency | lead-time | change-failure-rate | time-to-restore "
        "(default: deployment-frequency)",
        "since": "first day of the window, YYYY-MM-DD (default: three months before until)",
        "until": "last day of the window, YYYY-MM-DD (default: today, UTC)",
    },
    measure=measure,
)
