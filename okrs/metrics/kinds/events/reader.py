"""Streaming product-analytics events for the `events` kind: CSV, JSON lines or a JSON array.

Formats and fields: see `okrs/metrics/kinds/events/__init__.py`. Files are read line by line, so
memory stays flat however long the export is (a JSON array is the exception: it is parsed
whole).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, NamedTuple

from okrs.metrics.base import MetricError, columns_count, describe
from okrs.metrics.inputs import existing_file
from okrs.metrics.tables import json_lines, parse_time

FIELDS = {
    "user": ("user", "user_id"),
    "event": ("event",),
    "timestamp": ("timestamp", "ts", "time"),
}
TASK_FIELDS = ("task", "task_id")


class Event(NamedTuple):
    line: int
    user: str
    name: str
    time: datetime
    task: str


def check_file(source: str) -> None:
    path = existing_file(source)
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as error:
        raise MetricError(source, f"cannot be read: {error.strerror}") from None
    if b"\x00" in head:
        raise MetricError(source, "is a binary file, not text")


def events(source: str) -> Iterator[Event]:
    """Every event of the file, streamed; errors name the line and the field."""
    count, first = 0, ""
    try:
        with open(source, encoding="utf-8-sig", newline="") as handle:
            while not first:
                line = handle.readline()
                if not line:
                    break
                first = line.strip()[:1]
            if not first:
                raise MetricError(source, "is empty")
            handle.seek(0)
            if first == "{":
                records = json_lines(source, handle)
            elif first == "[":
                records = _json_array(source, handle)
            else:
                records = _csv(source, handle)
            for number, record in records:
                count += 1
                yield _event(source, number, record)
    except UnicodeDecodeError:
        raise MetricError(source, f"is not UTF-8 text (after record {count})") from None
    if not count:
        raise MetricError(source, "has no events")


def _json_array(source: str, handle: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        records = json.load(handle)
    except json.JSONDecodeError as error:
        raise MetricError(source, f"is not valid JSON: {error.msg} (line {error.lineno})") from None
    if not isinstance(records, list):
        raise MetricError(source, "is not a JSON array of events")
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise MetricError(source, f"record {number} is not a JSON object")
        yield number, record


def _csv(source: str, handle: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(handle)
    columns = reader.fieldnames or []
    for field, aliases in FIELDS.items():
        if not any(alias in columns for alias in aliases):
            raise MetricError(
                source, f"has no column {field!r} (the file has {columns_count(columns)})"
            )
    for row in reader:
        yield reader.line_num, row


def _event(source: str, line: int, record: dict[str, Any]) -> Event:
    values: dict[str, str] = {}
    for field, aliases in FIELDS.items():
        raw = next(
            (record[alias] for alias in aliases if record.get(alias) not in (None, "")), None
        )
        if raw is None:
            raise MetricError(source, f"line {line}: no {field!r} value")
        values[field] = raw if isinstance(raw, str) else json.dumps(raw)
    task = next((record[name] for name in TASK_FIELDS if record.get(name) not in (None, "")), "")
    time = _time(source, line, values["timestamp"])
    return Event(line, values["user"], values["event"], time, str(task))


def _time(source: str, line: int, raw: str) -> datetime:
    try:
        number = float(raw)
    except ValueError:
        return parse_time(source, line, raw)
    seconds = number / 1000 if abs(number) > 1e11 else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise MetricError(source, f"line {line}: {describe(raw)} is not a Unix time") from None
