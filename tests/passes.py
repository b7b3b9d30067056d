"""Which pass of `make test` is running. The PostgreSQL pass repeats what the database can
change; where a test's variants differ only in who asks or in a value the SQL does not see,
it runs one of them there, and the SQLite pass runs them all (docs/architecture.md, "Tests")."""

import os
from typing import TypeVar

T = TypeVar("T")

POSTGRES_PASS = os.environ.get("OKRS_TEST_EXPECT_VENDOR") == "postgresql"


def every_pass(all_variants: list[T], on_postgres: list[T]) -> list[T]:
    return on_postgres if POSTGRES_PASS else all_variants


def on_sqlite_or_postgres(on_sqlite: T, on_postgres: T) -> T:
    """A size for each pass: the SQLite pass's, or the smaller the PostgreSQL pass needs."""
    return on_postgres if POSTGRES_PASS else on_sqlite
