"""Issue exports read into one shape: GitHub and GitLab REST lists, Jira JSON and CSV exports.

The format is detected from the content:

- a JSON list of objects with `number`/`html_url` (GitHub) or `iid`/`project_id` (GitLab);
  GitHub's search answer `{"items": [...]}` too;
- a JSON object with `issues: [{key, fields}]` (Jira search / export), or a list of such issues;
- a CSV whose header has `Issue Type` and `Created` (Jira's CSV export).

GitHub lists pull requests as issues: entries with a `pull_request` key are skipped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from okrs.metrics.base import MetricError, columns_count, describe

# Jira's default CSV date format is "dd/MMM/yy h:mm a"; instances may change it.
CSV_DATE_FORMATS = (
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y %H:%M",
    "%d/%b/%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%d.%m.%Y %H:%M",
    "%m/%d/%Y %H:%M",
)
JIRA_POINTS_NAMES = ("story points", "story point estimate")
CSV_POINTS_COLUMNS = (
    "Custom field (Story Points)",
    "Story Points",
    "Custom field (Story point estimate)",
    "Story point estimate",
)
GITHUB_DROPPED_REASONS = ("not_planned", "duplicate")


@dataclass(frozen=True)
class Issue:
    key: str  # "#12" or "PROJ-7": how errors and details name it
    created: datetime
    closed: datetime | None  # None while open
    dropped: str | None = None  # why a closed issue is not done: not_planned, duplicate, …
    tags: frozenset[str] = frozenset()  # labels and the issue type, lower case
    points: float | None = None
    closed_guessed: bool = False  # GitLab closed without closed_at: updated_at stands in


@dataclass
class Export:
    format: str  # github | gitlab | jira-json | jira-csv
    issues: list[Issue] = field(default_factory=list)
    pull_requests: int = 0
    points_source: str | None = None


@dataclass(frozen=True)
class Settings:
    exclude: frozenset[str]  # labels / resolutions of issues closed without being done
    points_field: str | None  # a field (JSON) or column (CSV) holding story points
    points_label: str  # a label prefix holding points on GitHub/GitLab, e.g. "points:"


def read_export(source: str, text: str, settings: Settings) -> Export:
    head = text.lstrip()[:1]
    if head in ("[", "{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise MetricError(
                source,
                f"is not valid JSON (truncated?): {error.msg} at line {error.lineno} "
                f"column {error.colno}",
            ) from None
        return from_json(source, data, settings)
    return from_jira_csv(source, text, settings)


def from_json(source: str, data: Any, settings: Settings) -> Export:
    if isinstance(data, dict):
        if isinstance(data.get("issues"), list):
            return _jira(source, data["issues"], data.get("names"), settings)
        if isinstance(data.get("items"), list):  # GitHub's search API
            return _github(source, data["items"], settings)
        keys = f"{len(data)} keys"
        raise MetricError(
            source,
            f"is a JSON object without 'issues' (Jira) or 'items' (GitHub search); keys: {keys}",
        )
    if not isinstance(data, list):
        raise MetricError(source, "is JSON but neither a list of issues nor a Jira export")
    if not data:
        raise MetricError(source, "has no issues (an empty list)")
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise MetricError(source, f"item {index} is not a JSON object")
    if any("fields" in item and "key" in item for item in data):
        return _jira(source, data, None, settings)
    if any("iid" in item or "project_id" in item or item.get("state") == "opened" for item in data):
        return _gitlab(source, data, settings)
    if any(key in item for item in data for key in ("number", "html_url", "node_id")):
        return _github(source, data, settings)
    raise MetricError(
        source,
        "is a JSON list but not of GitHub (number), GitLab (iid) or Jira (key, fields) issues",
    )


def _moment(source: str, where: str, name: str, raw: Any) -> datetime:
    if raw is None or raw == "":
        raise MetricError(source, f"{where}: no {name!r}")
    if not isinstance(raw, str) or not raw.strip():
        raise MetricError(source, f"{where}: {name!r} is {describe(raw)}, not a date and time")
    moment = _parse_moment(raw.strip())
    if moment is None:
        raise MetricError(source, f"{where}: {name} {describe(raw)} is not a date and time")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parse_moment(text: str) -> datetime | None:
    """ISO 8601 (GitHub, GitLab, Jira JSON), else one of Jira's CSV date formats."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for pattern in CSV_DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def _required(source: str, where: str, item: Mapping[str, Any], name: str) -> Any:
    if item.get(name) in (None, ""):
        raise MetricError(source, f"{where}: no {name!r}")
    return item[name]


def _label_names(source: str, where: str, labels: Any) -> set[str]:
    if labels is None:
        return set()
    if not isinstance(labels, list):
        raise MetricError(source, f"{where}: 'labels' is not a list")
    names = set()
    for label in labels:
        name = label.get("name") if isinstance(label, dict) else label
        if isinstance(name, str) and name.strip():
            names.add(normal(name))
    return names


def _label_points(tags: Iterable[str], prefix: str) -> float | None:
    prefix = prefix.lower()
    for tag in tags:
        if prefix and tag.startswith(prefix):
            try:
                return float(tag[len(prefix) :].strip())
            except ValueError:
                continue
    return None


def _field_points(source: str, where: str, item: Mapping[str, Any], name: str) -> float | None:
    raw = item.get(name)
    if raw in (None, ""):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise MetricError(source, f"{where}: {name!r} is {describe(raw)}, not a number")
    try:
        return float(raw)
    except ValueError:
        raise MetricError(source, f"{where}: {name!r} is {describe(raw)}, not a number") from None


def _github(source: str, items: Sequence[Any], settings: Settings) -> Export:
    by_label = f"label {settings.points_label}N"
    export = Export("github", points_source=settings.points_field or by_label)
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise MetricError(source, f"item {index} is not a JSON object")
        if "pull_request" in item:
            export.pull_requests += 1
            continue
        where = f"item {index}"  # never the issue's number or key: errors quote no data
        created = _moment(source, where, "created_at", _required(source, where, item, "created_at"))
        tags = _label_names(source, where, item.get("labels"))
        kind = item.get("type")
        if isinstance(kind, dict) and isinstance(kind.get("name"), str):
            tags.add(normal(kind["name"]))  # GitHub issue types
        closed = None
        dropped = None
        if item.get("state") == "closed":
            raw = _required(source, f"{where}, closed", item, "closed_at")
            closed = _moment(source, where, "closed_at", raw)
            reason = item.get("state_reason")
            dropped = reason if reason in GITHUB_DROPPED_REASONS else _dropped_label(tags, settings)
        points = None
        if settings.points_field:
            points = _field_points(source, where, item, settings.points_field)
        if points is None:
            points = _label_points(tags, settings.points_label)
        key = f"#{item.get('number', index)}"
        export.issues.append(Issue(key, created, closed, dropped, frozenset(tags), points))
    return export


def _dropped_label(tags: set[str], settings: Settings) -> str | None:
    found = sorted(tags & settings.exclude)
    return f"label {found[0]}" if found else None


def _gitlab(source: str, items: Sequence[Any], settings: Settings) -> Export:
    points_field = settings.points_field or "weight"
    export = Export("gitlab", points_source=f"{points_field}, else label {settings.points_label}N")
    for index, item in enumerate(items, start=1):
        where = f"item {index}"
        created = _moment(source, where, "created_at", _required(source, where, item, "created_at"))
        tags = _label_names(source, where, item.get("labels"))
        closed = None
        dropped = None
        guessed = False
        if item.get("state") == "closed":
            raw = item.get("closed_at")
            if raw in (None, ""):  # issues imported from GitHub: closed_at is null
                raw, guessed = _required(source, f"{where}, closed", item, "updated_at"), True
            closed = _moment(source, where, "closed_at", raw)
            dropped = "moved" if item.get("moved_to_id") else _dropped_label(tags, settings)
        points = _field_points(source, where, item, points_field)
        if points is None:
            points = _label_points(tags, settings.points_label)
        key = f"#{item.get('iid', index)}"
        issue = Issue(key, created, closed, dropped, frozenset(tags), points, guessed)
        export.issues.append(issue)
    return export


def _jira_points_field(names: Any, settings: Settings) -> str | None:
    if settings.points_field:
        return settings.points_field
    if isinstance(names, dict):
        for field_id, name in names.items():
            if isinstance(name, str) and name.strip().lower() in JIRA_POINTS_NAMES:
                return str(field_id)
    return None


def _jira(source: str, items: Sequence[Any], names: Any, settings: Settings) -> Export:
    points_field = _jira_points_field(names, settings)
    export = Export("jira-json", points_source=points_field)
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
            raise MetricError(source, f"issue {index} has no 'fields' object")
        where = f"issue {index}"
        fields = item["fields"]
        created = _moment(source, where, "created", _required(source, where, fields, "created"))
        tags = _label_names(source, where, fields.get("labels"))
        kind = fields.get("issuetype")
        if isinstance(kind, dict) and isinstance(kind.get("name"), str):
            tags.add(normal(kind["name"]))
        closed = None
        dropped = None
        if fields.get("resolutiondate"):
            closed = _moment(source, where, "resolutiondate", fields["resolutiondate"])
            resolution = fields.get("resolution")
            name = resolution.get("name") if isinstance(resolution, dict) else resolution
            if isinstance(name, str) and normal(name) in settings.exclude:
                dropped = name.strip()
        points = _field_points(source, where, fields, points_field) if points_field else None
        key = str(item.get("key", index))
        export.issues.append(Issue(key, created, closed, dropped, frozenset(tags), points))
    return export


def from_jira_csv(source: str, text: str, settings: Settings) -> Export:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise MetricError(source, "is not JSON and not a Jira CSV export") from None
    columns: dict[str, list[int]] = {}
    for position, name in enumerate(header):
        columns.setdefault(name.strip(), []).append(position)
    for required in ("Issue Type", "Created"):
        if required not in columns:
            seen = columns_count(columns)
            if len(header) < 2:
                raise MetricError(
                    source, "is not JSON and not a Jira CSV export (no columns on line 1)"
                )
            raise MetricError(source, f"has no column {required!r} (the file has {seen})")
    points_column = settings.points_field or next(
        (name for name in CSV_POINTS_COLUMNS if name in columns), None
    )
    if settings.points_field and settings.points_field not in columns:
        raise MetricError(source, f"has no column {settings.points_field!r} (option points-field)")
    export = Export("jira-csv", points_source=points_column)

    def cell(row: list[str], name: str) -> str:
        positions = columns.get(name, ())
        return next((row[at].strip() for at in positions if at < len(row) and row[at].strip()), "")

    try:
        for row in reader:
            if not any(value.strip() for value in row):
                continue
            line = reader.line_num
            named = cell(row, "Issue key")
            key = named or f"line {line}"
            where = f"line {line} ({named})" if named else f"line {line}"
            created = _moment(source, where, "Created", cell(row, "Created"))
            tags = {
                normal(row[at])
                for at in columns.get("Labels", ())
                if at < len(row) and row[at].strip()
            }
            kind = cell(row, "Issue Type")
            if kind:
                tags.add(normal(kind))
            closed = None
            dropped = None
            if cell(row, "Resolved"):
                closed = _moment(source, where, "Resolved", cell(row, "Resolved"))
                resolution = cell(row, "Resolution")
                if normal(resolution) in settings.exclude:
                    dropped = resolution
            points = None
            if points_column and cell(row, points_column):
                raw = cell(row, points_column)
                try:
                    points = float(raw)
                except ValueError:
                    raise MetricError(
                        source,
                        f"{where}: column {points_column!r}: {describe(raw)} is not a number",
                    ) from None
            export.issues.append(Issue(key, created, closed, dropped, frozenset(tags), points))
    except csv.Error as error:
        raise MetricError(source, f"line {reader.line_num}: {error}") from None
    return export


def normal(name: str) -> str:
    """Labels, types and resolutions compare without case; ’ counts as '."""
    return name.strip().lower().replace("\u2019", "'")


def split_list(raw: str) -> frozenset[str]:
    return frozenset(normal(part) for part in raw.split(",") if part.strip())
