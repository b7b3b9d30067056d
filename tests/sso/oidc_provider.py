"""A real OpenID Connect provider on loopback for the tests: panva's oidc-provider (npm),
run by `node provider/provider.js`; its npm packages are installed from the committed lock
file the first time (`npm ci`), since a clean clone has none."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

FOLDER = Path(__file__).parent / "provider"
CLIENT_ID = "okrs-test"
CLIENT_SECRET = "okrs-test-client-secret-0123456789"


@dataclass(frozen=True)
class Person:
    sub: str
    email: str
    name: str
    password: str


@dataclass(frozen=True)
class RunningProvider:
    issuer: str
    client_id: str
    client_secret: str


def node_or_skip() -> tuple[str, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed to run the OpenID Connect test provider")
    return node, npm


def install(npm: str) -> None:
    if (FOLDER / "node_modules" / "oidc-provider").is_dir():
        return
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=FOLDER,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"npm ci failed in {FOLDER}:\n{done.stderr[-3000:]}"


@contextmanager
def running(port: int, redirect_uri: str, people: list[Person], log: Path):
    node, npm = node_or_skip()
    install(npm)
    config = {
        "port": port,
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
        "redirectUri": redirect_uri,
        "users": [vars(person) for person in people],
    }
    env = {**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)}
    with log.open("w") as out:
        process = subprocess.Popen(
            [node, "provider.js"],
            cwd=FOLDER,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    issuer = f"http://127.0.0.1:{port}"
    try:
        _wait(process, f"{issuer}/.well-known/openid-configuration", log)
        yield RunningProvider(issuer, CLIENT_ID, CLIENT_SECRET)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait(process: subprocess.Popen, url: str, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"the provider exited with {process.returncode}:\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the provider did not answer in {seconds} s:\n{log.read_text()}")
