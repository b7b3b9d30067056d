"""`okrs serve` on a fresh data dir: migrates, loads the demo, serves it with gunicorn."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

OKRS = Path(sys.executable).parent / "okrs"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"okrs serve exited with {process.returncode}")
        try:
            return urllib.request.urlopen(url, timeout=5)
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.fixture
def served_demo(tmp_path):
    # Always a fresh SQLite file: this is the newcomer's first `make run`.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env["OKRS_DATA_DIR"] = str(tmp_path)
    env.pop("OKRS_STATIC_FROM_APPS", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    port = free_port()
    command = [str(OKRS), "serve", "--port", str(port), "--workers", "1", "--demo-if-empty"]
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/login/", process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_it_serves_the_demo_to_its_demo_login(served_demo):
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_page = browser.open(f"{served_demo}/login/").read().decode()
    assert "okrs-demo" in login_page  # the demo login is shown while the demo is loaded
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    form = urllib.parse.urlencode(
        {"username": "demo", "password": "okrs-demo", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{served_demo}/login/", form, headers={"Referer": f"{served_demo}/login/"}
    )
    home = browser.open(request).read().decode()
    assert "Units" in home
    assert "Engineering" in home
    assert re.search(r"\d+%", home)
    assert re.search(r"on track|at risk|off track|outdated", home)
    assert browser.open(f"{served_demo}/static/okrs/okrs.css").status == 200


def test_it_refuses_a_bad_setting_with_one_line(tmp_path):
    env = {**os.environ, "OKRS_DATA_DIR": str(tmp_path), "DEBUG": "perhaps"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [str(OKRS), "recompute"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "DEBUG='perhaps'" in result.stderr
    assert "Traceback" not in result.stderr
