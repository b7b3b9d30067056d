"""`sql`: one number from a read-only query against a database.

INPUT is a database URL: `sqlite:///relative/path.db`, `sqlite:////absolute/path.db`, or
`postgresql://user@host:port/db` (also `postgres://`, `postgresql+psycopg://`); a
password is better kept in PGPASSWORD or ~/.pgpass than in the URL, and is shown as `***`
wherever the input is named. Option `query` is the SQL.

Read-only, three times over:
1. up front, the query must be one statement starting with SELECT or WITH (comments,
   string literals and quoted names are skipped when looking; a trailing `;` is fine);
2. SQLite is opened with the `mode=ro` URI and `PRAGMA query_only`;
3. PostgreSQL runs the query in a `READ ONLY` transaction that is always rolled back, with
   `statement_timeout` set from the `timeout` option.
A query that tries to write (e.g. `WITH d AS (DELETE … RETURNING 1) SELECT …`) is refused
by the database, reported in one line, and leaves the database unchanged.

The result must be exactly one row with one column holding a number (or text that reads
as one). The digest is the sha256 of the query and the row it returned.
"""

from __future__ import annotations

import math
import re
import sqlite3
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from okrs.metrics import guard_runtime
from okrs.metrics.base import Kind, MetricError, Options, Reading, describe, sha256_digest

_TOKENS = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>--[^\n]*|/\*.*?\*/)
    | (?P<string>'(?:[^']|'')*'|"(?:[^"]|"")*")
    | (?P<dollar>\$\$.*?\$\$|\$(?P<tag>[A-Za-z_][A-Za-z_0-9]*)\$.*?\$(?P=tag)\$)
    | (?P<semicolon>;)
    | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def measure(source: str, options: Options) -> Reading:
    shown = redact(source)
    query = options.text("query", "").strip()
    if not query:
        raise MetricError(shown, "option query is required, e.g. query=SELECT count(*) FROM t")
    check_read_only(shown, query)
    timeout = guard_runtime.bounded(shown, options.number("timeout", 30))
    scheme = urlsplit(source).scheme.split("+")[0].lower()
    if scheme == "sqlite":
        rows, columns = _sqlite(shown, source, query, timeout)
    elif scheme in ("postgresql", "postgres"):
        rows, columns = _postgresql(shown, source, query, timeout)
    else:
        raise MetricError(shown, "is not a database URL: use sqlite:///path or postgresql://…")
    value, raw = _one_number(shown, rows, columns)
    details = {"column": columns[0] if columns else "", "raw": raw}
    digest = sha256_digest(f"{query}\n{raw!r}".encode())
    return Reading(value, options.text("unit", ""), "sql", shown, dict(options), digest, details)


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def check_read_only(source: str, query: str) -> None:
    """Refuse anything but one SELECT or WITH statement, before touching the database."""
    words: list[str] = []
    ended = False
    for match in _TOKENS.finditer(query):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        if kind == "semicolon":
            ended = True
            continue
        if ended:
            raise MetricError(source, "query: only one statement is allowed")
        if kind == "word":
            words.append(match.group().upper())
        elif not words:
            words.append(match.group())
    if not words:
        raise MetricError(source, "query: is empty")
    if words[0] not in ("SELECT", "WITH"):
        raise MetricError(
            source, f"query: only a read-only SELECT or WITH query is allowed, not {words[0]}"
        )


def _sqlite(shown: str, source: str, query: str, timeout: float) -> tuple[list[Any], list[str]]:
    path = source.split("://", 1)[1]
    path = path[1:] if path.startswith("/") else path  # sqlite:///rel, sqlite:////abs
    if not path or path == ":memory:":
        raise MetricError(shown, "names no database file")
    if not Path(path).is_file():
        raise MetricError(shown, "no such database file")
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=timeout)
    except sqlite3.Error as error:
        raise MetricError(shown, f"cannot be opened: {error}") from None
    ends_at = time.monotonic() + timeout
    # Called every 10,000 virtual-machine steps: a recursive query is stopped at the limit.
    connection.set_progress_handler(lambda: int(time.monotonic() > ends_at), 10_000)
    try:
        connection.execute("PRAGMA query_only = ON")
        cursor = connection.execute(query)
        rows = cursor.fetchmany(2)
        columns = [column[0] for column in cursor.description or []]
    except sqlite3.Error as error:
        guard_runtime.time_left(shown)  # past the measurement's deadline: say so
        if time.monotonic() > ends_at:
            raise MetricError(shown, f"the query took longer than {timeout:.3g} s") from None
        raise MetricError(shown, f"the database refused the query: {error}") from None
    finally:
        connection.rollback()
        connection.close()
    return rows, columns


def _postgresql(shown: str, source: str, query: str, timeout: float) -> tuple[list[Any], list[str]]:
    import psycopg

    url = source.replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        connection = psycopg.connect(url, connect_timeout=max(1, round(timeout)))
    except psycopg.Error as error:
        raise MetricError(shown, f"is unreachable: {_first_line(error)}") from None
    try:
        connection.read_only = True
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
            cursor.execute(f"SET LOCAL statement_timeout = {int(timeout * 1000)}")
            cursor.execute(query.rstrip().rstrip(";"))
            rows = cursor.fetchmany(2)
            columns = [column.name for column in cursor.description or []]
    except psycopg.errors.QueryCanceled:
        raise MetricError(shown, f"the query took longer than {timeout:.3g} s") from None
    except psycopg.Error as error:
        # PostgreSQL quotes values in its messages (invalid input syntax for type integer:
        # "<the value>"): only the class of the error is shown.
        raise MetricError(shown, f"the database refused the query: {_kind(error)}") from None
    finally:
        connection.rollback()
        connection.close()
    return rows, columns


# SQLSTATE classes whose messages speak of the query and the session only: syntax and
# access (42), transaction state (25), connection (08), cancel (57). Others (22, data
# exceptions, quote the value they choked on) are named by their class.
QUERY_ONLY_CLASSES = ("08", "25", "42", "57")


def _kind(error: Exception) -> str:
    code = str(getattr(error, "sqlstate", "") or "")
    if code[:2] in QUERY_ONLY_CLASSES:
        return _first_line(error)
    return f"{type(error).__name__}" + (f" (SQLSTATE {code})" if code else "")


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _one_number(source: str, rows: list[Any], columns: list[str]) -> tuple[float, Any]:
    if len(rows) != 1 or len(columns) != 1:
        many_rows = "more than one row" if len(rows) > 1 else f"{len(rows)} rows"
        shape = f"{len(columns)} columns" if len(columns) != 1 else many_rows
        raise MetricError(source, f"the query must return one row with one column, not {shape}")
    raw = rows[0][0]
    if isinstance(raw, bool) or raw is None:
        raise MetricError(source, f"the query returned {describe(raw)}, not a number")
    if isinstance(raw, Decimal | int | float):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw)
        except ValueError:
            raise MetricError(source, f"the query returned {describe(raw)}, not a number") from None
    else:
        raise MetricError(source, f"the query returned a {type(raw).__name__}, not a number")
    if not math.isfinite(value):
        raise MetricError(source, f"the query returned {describe(raw)}, not a finite number")
    shown = str(raw) if isinstance(raw, Decimal) else raw
    return value, shown


KIND = Kind(
    name="sql",
    summary="A read-only query against a database URL (sqlite:///…, postgresql://…) that "
    "returns one number.",
    options={
        "query": "one SELECT or WITH statement returning one row with one numeric column",
        "timeout": "seconds to wait for the connection and the query (default: 30)",
        "unit": "the unit label to report",
    },
    measure=measure,
)
