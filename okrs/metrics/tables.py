"""Reading CSV and JSON-lines exports: rows as dicts, with line numbers for errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from okrs.metrics.base import MetricError, columns_count, describe


def csv_rows(
    source: str, text: str, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; a missing column is an error naming it and the columns seen."""
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    missing = [name for name in required if name not in columns]
    if missing:
        raise MetricError(
            source, f"has no column {missing[0]!r} (the file has {columns_count(columns)})"
        )
    for row in reader:
        yield reader.line_num, row


def json_lines(source: str, lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) pairs of JSON lines (a text's lines, or an open file's)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise MetricError(source, f"line {number} is not JSON: {error.msg}") from None
        if not isinstance(record, dict):
            raise MetricError(source, f"line {number} is not a JSON object")
        yield number, record


def parse_time(source: str, line: int, raw: str) -> datetime:
    """ISO dates and times; a time without a zone is UTC."""
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise MetricError(
            source, f"line {line}: {describe(raw)} is not an ISO date or time"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def within(moment: datetime, since: date | None, until: date | None) -> bool:
    """Inclusive date range on the UTC calendar day."""
    day = moment.astimezone(UTC).date()
    return (since is None or day >= since) and (until is None or day <= until)


def parse_number(source: str, line: int, column: str, raw: str) -> float:
    try:
        return float(raw)
    except (TypeError, ValueError):
        raise MetricError(
            source, f"line {line}, column {column!r}: {describe(raw)} is not a number"
        ) from None
