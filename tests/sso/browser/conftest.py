"""The single sign-on in a real browser: Chromium, a real `okrs serve` on a SQLite file,
and a real OpenID Connect provider on loopback (tests/sso/oidc_provider.py).

The server takes single sign-on only (OKRS_LOCAL_PASSWORDS=false) and places @acme.test
in the organisation acme. Like tests/browser, the PostgreSQL pass leaves these out: the
served database is a SQLite file whatever the run's database is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# The browser tests' Chromium and their switch for Django beside Playwright, used here too.
from tests.browser.conftest import (  # noqa: F401 (fixtures, found by name)
    CHROMIUM,
    _django_after_playwright,
    browser_type_launch_args,
)
from tests.live import LiveOkrs, free_port
from tests.sso.oidc_provider import Person, running

ADA = Person("ada", "ada@acme.test", "Ada Lovelace", "ada-at-the-provider")
EVE = Person("eve", "eve@other.test", "Eve Outsider", "eve-at-the-provider")
GRACE = Person("grace-sub", "grace@acme.test", "Grace Hopper", "grace-at-the-provider")
GRACE_LOCAL_PASSWORD = "grace's own local password"  # set before passwords were turned off

SETUP = f"""
from django.core.management import call_command
call_command("migrate", verbosity=0)
from okrs.orgs.accounts import create_person
from okrs.orgs.services import create_organisation
create_organisation("Acme Rockets", "acme")
create_organisation("Other Corp", "other-corp")
create_person("grace", {GRACE_LOCAL_PASSWORD!r}, email="grace@acme.test", organisation_slug="acme")
"""


def pytest_collection_modifyitems(config, items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: apt-get install chromium")
        for item in items:
            if "tests/sso/browser/" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def okrs_port() -> int:
    """Chosen before the provider starts: the provider knows okrs's redirect URI."""
    return free_port()


@pytest.fixture(scope="session")
def provider(okrs_port, tmp_path_factory):
    redirect_uri = f"http://127.0.0.1:{okrs_port}/oidc/callback/"
    log = tmp_path_factory.mktemp("provider") / "provider.log"
    with running(free_port(), redirect_uri, [ADA, EVE, GRACE], log) as started:
        yield started


@pytest.fixture(scope="session")
def sso_site(provider, okrs_port, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sso-site")
    live = LiveOkrs(folder, f"sqlite:///{folder / 'okrs.sqlite3'}")
    live.port, live.base = okrs_port, f"http://127.0.0.1:{okrs_port}"
    live.env |= {
        "OKRS_OIDC_ISSUER": provider.issuer,
        "OKRS_OIDC_CLIENT_ID": provider.client_id,
        "OKRS_OIDC_CLIENT_SECRET": provider.client_secret,
        "OKRS_OIDC_DOMAINS": "acme.test=acme",
        "OKRS_LOCAL_PASSWORDS": "false",
    }
    live.python(SETUP)
    with live.serving("--no-worker", workers=1):
        yield live


@pytest.fixture(autouse=True)
def _no_server_errors(request):
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    errors: list[str] = []
    page.on("response", lambda r: r.status >= 500 and errors.append(f"{r.status} {r.url}"))
    yield
    assert not errors, f"server errors: {errors}"
