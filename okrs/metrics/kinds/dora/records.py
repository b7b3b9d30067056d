"""Reading Four Keys deployment, change and incident records for the `dora` kind.

Formats and fields: see `okrs/metrics/kinds/dora/__init__.py`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from okrs.metrics.base import MetricError, columns_count, describe

TABLES = {"deployments": "deploy_id", "changes": "change_id", "incidents": "incident_id"}
SUCCESS = {"success", "succeeded", "successful"}


@dataclass
class Deployment:
    id: str
    time: datetime
    changes: list[str]


@dataclass
class Incident:
    id: str
    where: str
    created: datetime
    resolved: datetime | None
    changes: list[str]
    deploy_id: str | None


@dataclass
class Records:
    deployments: dict[str, Deployment] = field(default_factory=dict)
    change_times: dict[str, datetime] = field(default_factory=dict)
    incidents: list[Incident] = field(default_factory=list)
    not_successful: int = 0

    def first_day(self) -> date | None:
        times = [d.time for d in self.deployments.values()]
        times += self.change_times.values()
        times += [i.created for i in self.incidents]
        return min(times).astimezone(UTC).date() if times else None


def load(source: str, text: str) -> Records:
    records = Records()
    for where, record in _raw_records(source, text):
        _add(source, where, record, records)
    return records


def _add(source: str, where: str, record: dict[str, Any], records: Records) -> None:
    if _text(record.get("incident_id")):
        records.incidents.append(
            Incident(
                id=_text(record["incident_id"]),
                where=where,
                created=_time(source, where, record, "time_created"),
                resolved=(
                    _time(source, where, record, "time_resolved")
                    if _text(record.get("time_resolved"))
                    else None
                ),
                changes=_changes(source, where, record, records),
                deploy_id=_text(record.get("deploy_id")) or None,
            )
        )
    elif _text(record.get("deploy_id")):
        status = _text(record.get("status")).lower()
        if status and status not in SUCCESS:
            records.not_successful += 1
            return
        deploy_id = _text(record["deploy_id"])
        time = _time(source, where, record, "time_created")
        changes = _changes(source, where, record, records)
        main = _text(record.get("main_commit"))
        if main and main not in changes:
            changes.append(main)  # Four Keys' changes come from the push that holds it
        records.deployments.setdefault(deploy_id, Deployment(deploy_id, time, changes))
    elif _text(record.get("change_id")):
        change_id = _text(record["change_id"])
        records.change_times[change_id] = _time(source, where, record, "time_created")
    else:
        raise MetricError(source, f"{where} has no deploy_id, change_id or incident_id")


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    return (raw if isinstance(raw, str) else json.dumps(raw)).strip()


def _time(source: str, where: str, record: dict[str, Any], name: str) -> datetime:
    raw = _text(record.get(name))
    if not raw:
        raise MetricError(source, f"{where} has no {name!r}")
    if raw.endswith(" UTC"):  # BigQuery's JSON export: "2026-03-02 10:00:00 UTC"
        raw = raw[:-4] + "+00:00"
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise MetricError(
            source, f"{where}, {name}: {describe(raw)} is not an ISO date or time"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _changes(source: str, where: str, record: dict[str, Any], records: Records) -> list[str]:
    raw = record.get("changes")
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        return [sha for sha in re.split(r"[\s,;|]+", raw) if sha]
    if not isinstance(raw, list):
        raise MetricError(source, f"{where}, changes: expected a list of commit SHAs")
    shas = []
    for item in raw:
        if isinstance(item, dict):
            sha = _text(item.get("change_id") or item.get("id"))
            if not sha:
                raise MetricError(source, f"{where}, changes: an item has no change_id")
            if _text(item.get("time_created")):
                records.change_times[sha] = _time(source, where, item, "time_created")
        else:
            sha = _text(item)
        shas.append(sha)
    return shas


def _raw_records(source: str, text: str) -> list[tuple[str, dict[str, Any]]]:
    start = text.lstrip()[:1]
    if start not in "{[":
        reader = csv.DictReader(io.StringIO(text))
        if not any(name in (reader.fieldnames or []) for name in TABLES.values()):
            seen = columns_count(reader.fieldnames or [])
            raise MetricError(
                source, f"has no column deploy_id, change_id or incident_id (the file has {seen})"
            )
        return [(f"line {reader.line_num}", row) for row in reader]
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if start == "{" and error.msg == "Extra data":
            return _json_lines(source, text)
        raise MetricError(source, f"is not valid JSON: {error.msg} (line {error.lineno})") from None
    if isinstance(document, list):
        return [
            (f"record {n}", _object(source, f"record {n}", r)) for n, r in enumerate(document, 1)
        ]
    if not any(table in document for table in TABLES):
        if any(name in document for name in TABLES.values()):
            return [("record 1", document)]
        raise MetricError(source, "has no deployments, changes or incidents lists")
    found: list[tuple[str, dict[str, Any]]] = []
    for table, id_field in TABLES.items():
        rows = document.get(table) or []
        if not isinstance(rows, list):
            raise MetricError(source, f"{table} is not a list")
        for number, row in enumerate(rows):
            where = f"{table}[{number}]"
            if not isinstance(row, dict) or id_field not in row:
                raise MetricError(source, f"{where} has no {id_field!r}")
            found.append((where, row))
    return found


def _json_lines(source: str, text: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise MetricError(source, f"line {number} is not JSON: {error.msg}") from None
            found.append((f"line {number}", _object(source, f"line {number}", record)))
    return found


def _object(source: str, where: str, record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise MetricError(source, f"{where} is not a JSON object")
    return record
