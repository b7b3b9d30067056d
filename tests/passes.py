"""Which pass of `make test` is running. The PostgreSQL pass repeats what the database can
change; where a test's variants differ only in who asks (the same SQL either way), it runs
one of them there, and the SQLite pass runs them all (docs/architecture.md, "Tests")."""

import os

POSTGRES_PASS = os.environ.get("OKRS_TEST_EXPECT_VENDOR") == "postgresql"


def every_pass(all_variants: list[str], on_postgres: list[str]) -> list[str]:
    return on_postgres if POSTGRES_PASS else all_variants
