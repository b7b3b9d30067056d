"""`okrs serve` on a fresh data dir: migrates, loads the demo, serves it with gunicorn."""

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.live import LiveOkrs


@pytest.fixture
def served_demo(tmp_path):
    # Always a fresh SQLite file: this is the newcomer's first `make run`.
    live = LiveOkrs(tmp_path, f"sqlite:///{tmp_path}/okrs.sqlite3")
    with live.serving("--demo-if-empty", workers=1):
        yield live.base


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


def test_it_answers_a_long_url_with_the_api_error_not_the_servers(served_demo):
    # Many filter values make long URLs; gunicorn's own limit would answer with HTML 414.
    long_query = urllib.parse.urlencode({"search": "x" * 10_000})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{served_demo}/api/v1/objectives?{long_query}")
    assert refused.value.code == 401
    assert json.loads(refused.value.read())["error"]


def test_it_refuses_a_bad_setting_with_one_line(tmp_path):
    live = LiveOkrs(tmp_path, f"sqlite:///{tmp_path}/okrs.sqlite3")
    live.env["DEBUG"] = "perhaps"
    result = live.okrs("recompute")
    assert result.returncode == 2
    assert "DEBUG='perhaps'" in result.stderr
    assert "Traceback" not in result.stderr
