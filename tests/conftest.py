import os
from pathlib import Path

import pytest

from tests.factories import make_world

TESTS = Path(__file__).parent
# A real SMTP server in the test: the `mailbox` and `smtp_server` fixtures.
pytest_plugins = ["tests.mailbox"]
# These never touch the run's database (the core is pure; metric kinds read files, URLs and
# databases of their own; the browser tests serve a SQLite copy of the demo, the single
# sign-on browser tests a SQLite file of their own), so the PostgreSQL pass of `make test`
# does not run them again.
DATABASE_FREE = [TESTS / "core", TESTS / "metrics", TESTS / "browser", TESTS / "sso" / "browser"]
# and single files that never do: `manage.py check --deploy` in a subprocess, text checks.
DATABASE_FREE_FILES = {
    "test_deploy_check.py",
    "test_architecture.py",
    "test_one_home.py",
    "test_readme.py",
}


def pytest_collection_modifyitems(config, items):
    if os.environ.get("OKRS_TEST_EXPECT_VENDOR") != "postgresql":
        return
    free = [
        item
        for item in items
        if any(f in item.path.parents for f in DATABASE_FREE)
        or (item.path.parent == TESTS and item.path.name in DATABASE_FREE_FILES)
    ]
    if free:
        config.hook.pytest_deselected(items=free)
        kept = set(map(id, items)) - set(map(id, free))
        items[:] = [item for item in items if id(item) in kept]


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture(scope="session")
def django_beside_playwright():
    """Playwright's sync API leaves an event loop on the main thread for the rest of the
    session, and Django then refuses every later test's database call as coming "from an
    async context". No Django code runs on that loop (the pages run in `okrs serve`), so
    from the first browser test on, the check is switched off."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
