"""sql: one number from a read-only query; a query that writes is refused and changes nothing.

SQLite databases are built in the test. PostgreSQL is tested against DATABASE_URL when that
is a postgresql URL, else against postgresql://postgres@127.0.0.1:5432/postgres, in a
schema of its own that is dropped afterwards; the PostgreSQL tests are skipped, saying
why, when that server does not answer.
"""

import os
import sqlite3
import uuid

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.base import MetricError
from okrs.metrics.kinds.sql import check_read_only, redact
from okrs.metrics.registry import measure
from tests.metrics.http_server import refused_port

runner = CliRunner()
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def sqlite_db(tmp_path):
    path = tmp_path / "delivery.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE deploys (id INTEGER, env TEXT, lead_minutes REAL)")
        connection.executemany(
            "INSERT INTO deploys VALUES (?, ?, ?)",
            [(1, "prod", 30), (2, "prod", 90), (3, "staging", 5), (4, "prod", 120)],
        )
    connection.close()
    return path


def count_rows(path):
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM deploys").fetchone()[0]
    finally:
        connection.close()


def run(url, query):
    return runner.invoke(app, ["metric", "sql", url, "--opt", f"query={query}"])


def test_it_takes_one_number_from_sqlite(sqlite_db):
    url = f"sqlite:///{sqlite_db}"  # an absolute path: sqlite:////tmp/…
    query = "SELECT avg(lead_minutes) FROM deploys WHERE env = 'prod'"
    result = measure("sql", url, {"query": query})
    assert result.value == 80  # (30 + 90 + 120) / 3
    assert result.details == {"column": "avg(lead_minutes)", "raw": 80.0}
    assert result.digest.startswith("sha256:")


def test_it_accepts_with_comments_and_a_trailing_semicolon(sqlite_db):
    query = "-- prod\nWITH p AS (SELECT * FROM deploys WHERE env = 'prod') SELECT count(*) FROM p;"
    assert measure("sql", f"sqlite:///{sqlite_db}", {"query": query}).value == 3


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("DELETE FROM deploys", "only a read-only SELECT or WITH query is allowed, not DELETE"),
        ("  /* hi */ update deploys set env = 'x'", "not UPDATE"),
        ("SELECT 1; DROP TABLE deploys", "only one statement is allowed"),
        ("WITH d AS (SELECT 1) DELETE FROM deploys", "attempt to write a readonly database"),
        ("CREATE TABLE x AS SELECT 1", "not CREATE"),
        ("PRAGMA journal_mode = delete", "not PRAGMA"),
    ],
)
def test_a_query_that_writes_is_refused_and_changes_nothing(sqlite_db, query, problem):
    result = run(f"sqlite:///{sqlite_db}", query)
    assert result.exit_code == 2
    assert problem in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert count_rows(sqlite_db) == 4


def test_semicolons_in_strings_and_comments_are_not_statements():
    check_read_only("db", "SELECT ';' AS a -- ; DROP\n")
    check_read_only("db", 'SELECT 1 AS "x;y" /* ; */')
    check_read_only("db", "SELECT $$;$$, $tag$ ; $tag$")
    with pytest.raises(MetricError, match="only one statement"):
        check_read_only("db", "SELECT ';'; SELECT 2")


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("SELECT lead_minutes FROM deploys", "one row with one column, not more than one row"),
        ("SELECT id, env FROM deploys WHERE id = 1", "not 2 columns"),
        ("SELECT id FROM deploys WHERE id = 99", "not 0 rows"),
        ("SELECT env FROM deploys WHERE id = 1", "returned a text of 4 characters, not a number"),
        ("SELECT NULL", "returned nothing (null), not a number"),
        ("SELECT x FROM nowhere", "the database refused the query: no such table: nowhere"),
        ("", "option query is required"),
    ],
)
def test_the_result_must_be_one_number(sqlite_db, query, problem):
    result = run(f"sqlite:///{sqlite_db}", query)
    assert result.exit_code == 2
    assert f"sqlite:///{sqlite_db}" in result.output
    assert problem in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_databases_get_exit_code_2(tmp_path):
    missing = run(f"sqlite:///{tmp_path / 'nope.db'}", "SELECT 1")
    assert missing.exit_code == 2
    assert "no such database file" in missing.output
    text = tmp_path / "notes.db"
    text.write_text("these are not the tables you are looking for\n" * 100)
    not_a_db = run(f"sqlite:///{text}", "SELECT 1 FROM sqlite_master")
    assert not_a_db.exit_code == 2
    assert "file is not a database" in not_a_db.output
    binary = tmp_path / "binary.db"
    binary.write_bytes(bytes(range(256)) * 64)
    assert run(f"sqlite:///{binary}", "SELECT count(*) FROM sqlite_master").exit_code == 2
    other = run("mysql://root@localhost/db", "SELECT 1")
    assert other.exit_code == 2
    assert "use sqlite:///path or postgresql://" in other.output


def test_an_unreachable_server_is_named_without_its_password():
    with refused_port() as port:
        url = f"postgresql://okrs:hunter2@127.0.0.1:{port}/okrs"
        result = run(url, "SELECT 1")
    assert result.exit_code == 2
    assert "is unreachable" in result.output
    assert "hunter2" not in result.output
    assert "postgresql://okrs:***@127.0.0.1" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"


# PostgreSQL --------------------------------------------------------------------------------


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgresql://", "postgres://")) else LOCAL_POSTGRES


@pytest.fixture
def pg_table():
    psycopg = pytest.importorskip("psycopg")
    url = postgres_url()
    try:
        connection = psycopg.connect(url, connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL answers at {redact(url)}: {str(error).splitlines()[0]}")
    schema = f"okrs_sql_test_{uuid.uuid4().hex[:12]}"
    try:
        connection.execute(f"CREATE SCHEMA {schema}")
        connection.execute(f"CREATE TABLE {schema}.signups (day date, n integer)")
        connection.execute(
            f"INSERT INTO {schema}.signups VALUES ('2026-03-01', 12), ('2026-03-02', 30)"
        )
        yield url, f"{schema}.signups", connection
    finally:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")
        connection.close()


def pg_rows(connection, table):
    return connection.execute(f"SELECT sum(n), count(*) FROM {table}").fetchone()


def test_it_takes_one_number_from_postgresql(pg_table):
    url, table, _ = pg_table
    result = measure("sql", url, {"query": f"SELECT sum(n) FROM {table}"})
    assert result.value == 42  # 12 + 30, a bigint
    numeric = measure("sql", url, {"query": f"SELECT avg(n) FROM {table}"})
    assert numeric.value == 21  # numeric -> Decimal('21.0…')


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        # passes the up-front check; the READ ONLY transaction refuses it
        (
            "WITH d AS (DELETE FROM {t} RETURNING 1) SELECT count(*) FROM d",
            "the database refused the query: cannot execute SELECT in a read-only transaction",
        ),
        ("SELECT 1 INTO TEMP x", "cannot execute SELECT INTO in a read-only transaction"),
        ("UPDATE {t} SET n = 0", "not UPDATE"),
        ("SELECT 1; DELETE FROM {t}", "only one statement is allowed"),
        ("WITH d AS (INSERT INTO {t} VALUES (now(), 1) RETURNING n) SELECT n FROM d", "read-only"),
    ],
)
def test_a_query_that_writes_leaves_postgresql_unchanged(pg_table, query, problem):
    url, table, connection = pg_table
    result = run(url, query.format(t=table))
    assert result.exit_code == 2
    assert problem in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert pg_rows(connection, table) == (42, 2)
