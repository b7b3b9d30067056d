"""Browser tests: Playwright driving Debian's Chromium against a real `okrs serve`.

Every module gets its own copy of one demo database (built once per run), served by
gunicorn, so a test that closes a period cannot disturb another module's pages. The
served database is always a SQLite file: these tests are about the pages, and the
PostgreSQL run of the suite leaves them out (the API and service tests cover PostgreSQL).

Two guards run around every test:
- a JavaScript dialog (`alert(1)` from an injected script) fails the test;
- a response with status 500 or more fails the test.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.live import LiveOkrs

CHROMIUM = "/usr/bin/chromium"
# The flags machine.md found to work as root, without calling Google hosts.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
DEMO_LOGIN = ("demo", "okrs-demo")


def pytest_collection_modifyitems(config, items):
    # (The PostgreSQL pass of `make test` leaves these out: see tests/conftest.py.)
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)"
        for item in items:
            if "tests/browser/" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _django_after_playwright(django_beside_playwright):
    """Every browser test switches Django's async check off (tests/conftest.py says why)."""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """The demo organisation, built once with `okrs demo` into a SQLite file."""
    folder = tmp_path_factory.mktemp("demo-db")
    path = folder / "okrs.sqlite3"
    built = LiveOkrs(folder, f"sqlite:///{path}").okrs("demo", timeout=300)
    assert built.returncode == 0, built.stderr
    return path


@pytest.fixture(scope="module")
def site(demo_database, tmp_path_factory):
    """A served copy of the demo, private to the test module."""
    folder = tmp_path_factory.mktemp("site")
    shutil.copy(demo_database, folder / "okrs.sqlite3")
    live = LiveOkrs(folder, f"sqlite:///{folder / 'okrs.sqlite3'}")
    # The operator lets bindings read the tests' temporary files (its own folder stays off).
    live.env["OKRS_BINDING_FILE_ROOTS"] = tempfile.gettempdir()
    with live.serving(workers=2):
        yield live


@pytest.fixture(autouse=True)
def _guards(request):
    """Fail on any dialog (an injected script ran) and on any server error."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("response", lambda r: r.status >= 500 and errors.append(f"{r.status} {r.url}"))
    yield
    assert not dialogs, f"a dialog opened: {dialogs}"
    assert not errors, f"server errors: {errors}"


def sign_in(page, site, username: str = DEMO_LOGIN[0], password: str = DEMO_LOGIN[1]):
    """Log in through the login form; leaves the page on home."""
    page.goto(f"{site.base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.wait_for_url(f"{site.base}/")
    return page


def shoot(page, name: str) -> Path:
    """A full-page screenshot into the git-ignored screenshots/ folder, to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
