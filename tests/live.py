"""A real `okrs serve` in a subprocess, on its own SQLite file or PostgreSQL database.

The database follows the test run: when the suite runs on PostgreSQL, the server gets a
fresh database on the same PostgreSQL server, dropped afterwards; otherwise a SQLite file
in a temporary folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

OKRS = Path(sys.executable).parent / "okrs"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server_database(tmp_path: Path):
    """Yield a DATABASE_URL for the server: SQLite file, or a new PostgreSQL database."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path}/okrs.sqlite3"
        return
    import psycopg

    settings = connection.settings_dict
    name = f"okrs_live_{uuid.uuid4().hex[:10]}"
    auth = (
        f"{settings['USER']}:{settings['PASSWORD']}@"
        if settings["PASSWORD"]
        else f"{settings['USER']}@"
    )
    base = f"postgresql://{auth}{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class LiveOkrs:
    def __init__(self, tmp_path: Path, database_url: str) -> None:
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in (
                "SECRET_KEY",
                "DJANGO_SETTINGS_MODULE",
                "OKRS_STATIC_FROM_APPS",
                "DJANGO_ALLOW_ASYNC_UNSAFE",  # the test run's switch, not the server's
            )
        }
        self.env |= {"OKRS_DATA_DIR": str(tmp_path), "DATABASE_URL": database_url}
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp_path / "serve.log"

    def okrs(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run another `okrs` command against the same database."""
        return subprocess.run(
            [str(OKRS), *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def python(self, code: str, timeout: float = 120) -> str:
        """Run Python with Django set up on the served database (to arrange a scene the
        shells cannot build yet); answers what it printed."""
        script = "import django; django.setup()\n" + code
        env = {**self.env, "DJANGO_SETTINGS_MODULE": "okrs.settings"}
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    @contextmanager
    def serving(self, *options: str, workers: int = 2):
        command = [
            str(OKRS),
            "serve",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            *options,
        ]
        with self.log_path.open("w") as log:
            process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            try:
                self._wait(process)
                yield self
            finally:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:  # a stuck worker must not hang the run
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=30)

    def _wait(self, process: subprocess.Popen, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(
                    f"okrs serve exited with {process.returncode}:\n{self.log_path.read_text()}"
                )
            try:
                urllib.request.urlopen(f"{self.base}/login/", timeout=5).close()
                return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(
            f"okrs serve did not answer in {seconds} s:\n{self.log_path.read_text()}"
        )


def query(database_url: str, sql: str) -> list[tuple]:
    """Read the served database directly, to check what the server stored."""
    if database_url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(database_url) as db:
        return db.execute(sql).fetchall()


class SignedIn:
    """A person signed in to a live server over plain HTTP: cookies kept, CSRF token sent."""

    def __init__(self, base: str, username: str, password: str) -> None:
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.post("/login/", {"username": username, "password": password})

    @property
    def session_key(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "sessionid")

    def get(self, path: str, **headers: str) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, headers=headers)
        return self._open(request)

    def post(self, path: str, form: dict[str, str], **headers: str) -> tuple[int, str]:
        import urllib.parse

        if not any(cookie.name == "csrftoken" for cookie in self.jar):
            self.opener.open(self.base + "/login/").close()  # sets the CSRF cookie
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": token}).encode()
        headers = {"Referer": self.base + path, **headers}
        return self._open(urllib.request.Request(self.base + path, body, headers=headers))

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        import urllib.error

        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()
