"""Issue 9, findings 1 and 3, reproduced against a real `okrs serve` holding two organisations.

The outside test bound a key result to okrs's own database and data folder and read live
session keys, password hashes and the SECRET_KEY back through *Measure now*; and two presses
on slow sources held the web workers until the login page took 40 s. Each test here does
what the tester did, through the pages, and checks what a user would see: refusals that
quote nothing, no stored value, and pages that keep answering.

Runs on the suite's database vendor: the served database is a SQLite file or a fresh
PostgreSQL database (tests/live.py).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.live import LiveOkrs, SignedIn, query, server_database

PASSWORD = "correct horse battery"
DEADLINE_SECONDS = 3

SCENE = """
import json
from tests.factories import make_world
from okrs.goals.services import add_key_result, create_objective
from okrs.orgs.accounts import create_person

acme, globex = make_world("acme"), make_world("globex")
create_person("operator", "{password}", organisation_slug="globex", admin=True, operator=True)
objective = create_objective(globex.period, "Ship faster", owner_unit=globex.web_team)
krs = [add_key_result(objective, f"KR {{n}}", target=100) for n in range(4)]
print(json.dumps({{"objective": objective.pk, "krs": [kr.pk for kr in krs]}}))
"""

BIND = """
from okrs.bindings.models import Binding
from django.utils import timezone
Binding.objects.update_or_create(key_result_id={kr}, defaults=dict(
    kind={kind!r}, input={source!r}, options={options!r}, cadence_hours=24,
    next_due_at=timezone.now(), last_error=""))
"""


class Trickle(BaseHTTPRequestHandler):
    """Answers 200 and then one byte every second, for as long as the client listens."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        try:
            while True:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            return

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """okrs serving acme and globex; sources in a folder the operator allowed."""
    folder = tmp_path_factory.mktemp("shared")
    sources, data = folder / "sources", folder / "data"
    sources.mkdir()
    data.mkdir()
    slow = sources / "slow.sqlite3"
    with sqlite3.connect(slow) as db:
        db.execute("CREATE TABLE t (x INTEGER)")
    with server_database(data) as database_url:
        live = LiveOkrs(data, database_url)
        live.env |= {
            # Even a careless operator who allows the whole folder (data folder included)
            # and loopback gets okrs itself refused.
            "OKRS_BINDING_FILE_ROOTS": str(folder),
            "OKRS_BINDING_ALLOWED_NETWORKS": "127.0.0.0/8",
            "OKRS_BINDING_DATABASES": f"sqlite:///{slow}",
            "OKRS_MEASURE_DEADLINE_SECONDS": str(DEADLINE_SECONDS),
        }
        with live.serving(workers=2):
            scene = json.loads(live.python(SCENE.format(password="operator-pass-2026!")))
            live.scene = scene
            live.slow_db = f"sqlite:///{slow}"
            live.database_url = database_url
            yield live


def sign_in(live: LiveOkrs, username: str, password: str = PASSWORD) -> SignedIn:
    person = SignedIn(live.base, username, password)
    status, page = person.get("/")
    assert status == 200
    assert "Sign in" not in page, f"{username} could not sign in"
    return person


def own_database_spellings(live: LiveOkrs) -> list[str]:
    if live.database_url.startswith("sqlite:///"):
        path = live.database_url.removeprefix("sqlite:///")
        folder, name = os.path.split(path)
        roundabout = os.path.join(folder, "..", os.path.basename(folder), ".", name)
        return [f"sqlite:///{path}", f"sqlite:///{path}?mode=ro", f"sqlite:///{roundabout}"]
    return [live.database_url, live.database_url.replace("127.0.0.1", "localhost")]


def bind_form(person: SignedIn, kr: int, kind: str, source: str, options: str):
    return person.post(
        f"/key-results/{kr}/binding/",
        {"kind": kind, "input": source, "options": options, "cadence": "daily"},
    )


def measure_now(live: LiveOkrs, person: SignedIn, kr: int) -> None:
    status, _ = person.post(f"/key-results/{kr}/measure/", {}, **{"HX-Request": "true"})
    assert status in (200, 202), status


def wait_for_error(live: LiveOkrs, kr: int, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rows = query(
            live.database_url,
            f"SELECT last_error FROM measure_binding WHERE key_result_id = {kr}",
        )
        if rows and rows[0][0]:
            return rows[0][0]
        time.sleep(0.3)
    raise AssertionError(f"KR {kr} was not measured in {seconds} s")


def check_ins(live: LiveOkrs, kr: int) -> int:
    rows = query(
        live.database_url, f"SELECT count(*) FROM goals_checkin WHERE key_result_id = {kr}"
    )
    return rows[0][0]


def test_it_refuses_to_bind_okrs_own_database_even_for_the_operator(shared):
    acme_admin = sign_in(shared, "dave-acme")  # a live session in the other organisation
    operator = sign_in(shared, "operator", "operator-pass-2026!")
    kr = shared.scene["krs"][0]
    sessions = "SELECT group_concat(session_key, ',') FROM django_session"
    for source in own_database_spellings(shared):
        status, page = bind_form(operator, kr, "sql", source, f"query={sessions}")
        assert status == 400, source
        assert "own database" in page
        assert acme_admin.session_key not in page
    assert query(
        shared.database_url, f"SELECT count(*) FROM measure_binding WHERE key_result_id = {kr}"
    ) == [(0,)]


def test_an_organisation_admin_on_a_shared_server_binds_no_server_file(shared):
    globex_admin = sign_in(shared, "dave-globex")
    status, page = bind_form(
        globex_admin, shared.scene["krs"][0], "sql", shared.slow_db, "query=SELECT 1"
    )
    assert status == 400
    assert "only its operator binds" in page


def test_a_binding_stored_before_the_upgrade_cannot_read_sessions_either(shared):
    acme_admin = sign_in(shared, "dave-acme")
    kr = shared.scene["krs"][1]
    sessions = (
        "SELECT group_concat(session_key, ',') FROM django_session"
        if shared.database_url.startswith("sqlite")
        else "SELECT string_agg(session_key, ',') FROM django_session"
    )
    shared.python(
        BIND.format(kr=kr, kind="sql", source=shared.database_url, options={"query": sessions})
    )
    member = sign_in(shared, "bob-globex")
    measure_now(shared, member, kr)
    error = wait_for_error(shared, kr)
    assert "own database" in error
    assert acme_admin.session_key not in error
    status, page = member.get(f"/objectives/{shared.scene['objective']}/")
    assert status == 200
    assert acme_admin.session_key not in page
    assert check_ins(shared, kr) == 0


def test_the_numeric_channel_stores_no_value(shared):
    kr = shared.scene["krs"][2]
    first_letter = (
        "SELECT unicode(substr(password, 1, 1)) FROM auth_user LIMIT 1"
        if shared.database_url.startswith("sqlite")
        else "SELECT ascii(substr(password, 1, 1)) FROM auth_user LIMIT 1"
    )
    shared.python(
        BIND.format(kr=kr, kind="sql", source=shared.database_url, options={"query": first_letter})
    )
    measure_now(shared, sign_in(shared, "bob-globex"), kr)
    assert "own database" in wait_for_error(shared, kr)
    assert check_ins(shared, kr) == 0


def test_the_secret_key_cannot_be_read_through_a_csv_binding(shared, tmp_path):
    secret_file = shared.log_path.parent / "secret_key"
    secret = secret_file.read_text().strip()
    operator = sign_in(shared, "operator", "operator-pass-2026!")
    kr = shared.scene["krs"][3]
    status, page = bind_form(operator, kr, "csv", str(secret_file), "column=x")
    assert status == 400
    assert secret not in page
    # A link planted in an allowed folder leads to the same file: still refused.
    link = shared.log_path.parent.parent / "sources" / "innocent.csv"
    link.symlink_to(secret_file)
    status, page = bind_form(operator, kr, "csv", str(link), "column=x")
    assert status == 400
    assert secret not in page
    shared.python(BIND.format(kr=kr, kind="csv", source=str(link), options={"column": "x"}))
    measure_now(shared, sign_in(shared, "bob-globex"), kr)
    error = wait_for_error(shared, kr)
    assert secret not in error
    assert check_ins(shared, kr) == 0


def test_slow_sources_do_not_slow_the_pages_down(shared):
    """Two presses of *Measure now* on a trickling server and a recursive query, while
    another person keeps loading pages: every page answers within a second, and both
    measurements end at the deadline with a clear error."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    trickle_kr, recursive_kr = shared.scene["krs"][0], shared.scene["krs"][1]
    try:
        url = f"http://127.0.0.1:{server.server_port}/total"
        recursive = (
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
        )
        shared.python(
            BIND.format(kr=trickle_kr, kind="http-json", source=url, options={"path": "$.total"})
        )
        shared.python(
            BIND.format(
                kr=recursive_kr, kind="sql", source=shared.slow_db, options={"query": recursive}
            )
        )
        member = sign_in(shared, "bob-globex")
        reader = sign_in(shared, "alice-globex")
        measure_now(shared, member, trickle_kr)
        measure_now(shared, member, recursive_kr)
        slowest = 0.0
        until = time.monotonic() + DEADLINE_SECONDS * 3
        while time.monotonic() < until:
            for path in ("/login/", f"/objectives/{shared.scene['objective']}/", "/"):
                started = time.monotonic()
                status, _ = reader.get(path)
                slowest = max(slowest, time.monotonic() - started)
                assert status == 200, path
        assert slowest < 1.0, f"a page took {slowest:.2f} s while sources were slow"
        assert "longer than" in wait_for_error(shared, trickle_kr)
        assert "longer than" in wait_for_error(shared, recursive_kr)
    finally:
        server.shutdown()
        server.server_close()
