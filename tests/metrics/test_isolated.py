"""Measuring in the guarded child process: refusals at read time, deadline, budget, env."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from http.server import ThreadingHTTPServer

import pytest

from okrs.metrics.base import MetricError
from okrs.metrics.guard import Guard
from okrs.metrics.isolated import child_environment, measure_isolated
from tests.metrics.http_server import QuietHandler, serving

SECRET = "s3cret-session-key-0123456789"


def isolated(guard, kind, source, options=None, memory_mb=512):
    return measure_isolated(kind, source, options or {}, guard, memory_mb=memory_mb)


def refusal(guard, kind, source, options=None) -> str:
    with pytest.raises(MetricError) as caught:
        isolated(guard, kind, source, options)
    assert SECRET not in str(caught.value)
    return caught.value.problem


@pytest.fixture
def home(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    own = data / "okrs.sqlite3"
    with sqlite3.connect(own) as db:
        db.execute("CREATE TABLE django_session (session_key TEXT)")
        db.execute("INSERT INTO django_session VALUES (?)", (SECRET,))
    (data / "secret_key").write_text(SECRET)
    guard = Guard(
        file_roots=(str(tmp_path),),
        forbidden_paths=(str(data),),
        forbidden_databases=(f"sqlite:///{own}",),
        databases=(f"sqlite:///{own}", f"sqlite:///{tmp_path}/metrics.db"),
        deadline_seconds=5,
    )
    return guard, tmp_path, own


def test_it_refuses_okrs_own_database_and_the_numeric_channel(home):
    guard, _, own = home
    for query in (
        "SELECT group_concat(session_key, ',') FROM django_session",
        "SELECT unicode(substr(session_key, 1, 1)) FROM django_session",
    ):
        problem = refusal(guard, "sql", f"sqlite:///{own}", {"query": query})
        assert "okrs's own database" in problem


def test_it_refuses_a_file_swapped_for_a_symlink_into_the_data_folder(home):
    guard, root, _ = home
    export = root / "export.csv"
    export.write_text("date,value\n2026-01-01,1\n")
    assert isolated(guard, "csv", str(export)).value == 1
    export.unlink()
    os.symlink(root / "data" / "secret_key", export)
    assert "part of okrs itself" in refusal(guard, "csv", str(export), {"column": "x"})


def test_the_audit_hook_refuses_files_the_guard_does_not_allow(home, tmp_path):
    guard, _, _ = home
    script = (
        "import json, sys\n"
        "from okrs.metrics import guard_runtime\n"
        "from okrs.metrics.base import MetricError\n"
        "from okrs.metrics.guard import Guard\n"
        "guard_runtime.begin(Guard.from_json(json.loads(sys.argv[1])), 'the input')\n"
        "guard_runtime.install_hook()\n"
        "for path in sys.argv[2:]:\n"
        "    try:\n"
        "        open(path).close(); print('read', path)\n"
        "    except MetricError as error:\n"
        "        print('refused', error)\n"
    )
    allowed = tmp_path / "ok.txt"
    allowed.write_text("x")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            json.dumps(guard.to_json()),
            str(allowed),
            "/etc/passwd",
            str(tmp_path / "data" / "secret_key"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == f"read {allowed}"
    assert lines[1].startswith("refused the input: tried to open /etc/passwd")
    assert "part of okrs itself" in lines[2]


class Numbers(QuietHandler):
    def do_GET(self):
        if self.path.startswith("/redirect"):
            target = self.path.partition("to=")[2]
            self.send(302, "text/plain", b"", {"Location": target})
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1)
        elif self.path == "/big":
            self.send(200, "application/json", b"[" + b"1," * 600_000 + b"1]")
        else:
            auth = self.headers.get("Authorization", "")
            self.send(200, "application/json", json.dumps({"n": 7, "auth": auth}).encode())


@pytest.fixture
def server():
    with serving(Numbers) as url:
        yield url


def test_it_refuses_loopback_urls_unless_allowed(server):
    assert "loopback" in refusal(Guard(), "http-json", f"{server}/n", {"path": "$.n"})
    allowed = Guard(allowed_networks=("127.0.0.1/32",))
    assert isolated(allowed, "http-json", f"{server}/n", {"path": "$.n"}).value == 7


def test_it_refuses_a_redirect_to_an_address_the_guard_does_not_allow(server):
    httpd = ThreadingHTTPServer(("127.0.0.2", 0), Numbers)
    import threading

    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        outer = f"http://127.0.0.2:{httpd.server_address[1]}"
        guard = Guard(allowed_networks=("127.0.0.2/32",))
        assert isolated(guard, "http-json", f"{outer}/n", {"path": "$.n"}).value == 7
        url = f"{outer}/redirect?to={server}/n"
        assert "127.0.0.1 is a loopback address" in refusal(
            guard, "http-json", url, {"path": "$.n"}
        )
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_trickling_source_is_stopped_at_the_deadline(server):
    guard = Guard(allowed_networks=("127.0.0.0/8",), deadline_seconds=2)
    started = time.monotonic()
    problem = refusal(guard, "http-json", f"{server}/trickle", {"path": "$.n"})
    assert "took longer than 2 s" in problem
    assert time.monotonic() - started < 6


def test_a_recursive_query_is_stopped(home):
    guard, root, _ = home
    with sqlite3.connect(root / "metrics.db") as db:
        db.execute("CREATE TABLE t (x)")
    query = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c"
    started = time.monotonic()
    problem = refusal(
        Guard(**{**guard.to_json(), "deadline_seconds": 2}),
        "sql",
        f"sqlite:///{root}/metrics.db",
        {"query": query},
    )
    assert "took longer than" in problem
    assert time.monotonic() - started < 6


def test_reads_past_the_size_cap_are_stopped(server, home):
    guard = Guard(allowed_networks=("127.0.0.0/8",), max_bytes=2**20)
    assert "read more than 1 MB" in refusal(guard, "http-json", f"{server}/big", {"path": "$[0]"})
    _, root, _ = home
    big = root / "big.csv"
    big.write_text("date,value\n" + "2026-01-01,1\n" * 100_000)
    files = Guard(file_roots=(str(root),), max_bytes=2**20)
    assert "read more than 1 MB" in refusal(files, "csv", str(big))


def test_the_child_gets_tokens_and_basics_only(server, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", SECRET)
    monkeypatch.setenv("DATABASE_URL", "postgresql://x/y")
    monkeypatch.setenv("OKRS_BINDING_DATABASES", "sqlite:///x")
    monkeypatch.setenv("OKRS_METRIC_TOKEN_CI", "token-123")
    env = child_environment()
    assert "SECRET_KEY" not in env
    assert "DATABASE_URL" not in env
    assert not [name for name in env if name.startswith("OKRS_") and "METRIC_TOKEN" not in name]
    assert env["OKRS_METRIC_TOKEN_CI"] == "token-123"
    assert "PATH" in env
    guard = Guard(allowed_networks=("127.0.0.0/8",))
    options = {"path": "$.n", "token-env": "OKRS_METRIC_TOKEN_CI"}
    assert isolated(guard, "http-json", f"{server}/n", options).value == 7
    assert "OKRS_METRIC_TOKEN_" in refusal(
        guard, "http-json", f"{server}/n", {"path": "$.n", "token-env": "SECRET_KEY"}
    )


def test_a_child_past_its_memory_is_stopped(home):
    guard, root, _ = home
    with sqlite3.connect(root / "metrics.db") as db:
        db.execute("CREATE TABLE IF NOT EXISTS t (x)")
    query = (
        "SELECT length(group_concat(zeroblob(1000000))) FROM (WITH RECURSIVE c(n) AS "
        "(SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT 400) SELECT n FROM c)"
    )
    with pytest.raises(MetricError) as caught:
        isolated(guard, "sql", f"sqlite:///{root}/metrics.db", {"query": query}, memory_mb=200)
    assert "memory" in str(caught.value) or "too big" in str(caught.value)
