"""`crux`: the p75 of a CrUX metric, from a saved response or from a local stand-in API.

The responses in `data/crux/` are written in the shape the CrUX API returns (see its
README); a local `http.server` on 127.0.0.1 serves them, both as plain files (GET) and as the
API's own `records:queryRecord` (POST with a JSON body and `?key=`).
"""

import hashlib
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.registry import measure
from tests.metrics.bad_input import one_line_error
from tests.metrics.http_server import QuietHandler, refused_port, serving

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "crux"
ORIGIN = DATA / "origin-phone.json"
API_KEY = "test-key-123"


class StandIn(QuietHandler):
    """Files under /records/, and a queryRecord endpoint that checks the key and the body."""

    seen: list[dict] = []

    def answer(self, status: int, body: bytes) -> None:
        self.send(status, "application/json; charset=UTF-8", body)

    def do_GET(self):
        path = urlsplit(self.path).path
        self.seen.append({"method": "GET", "path": path, "auth": self.headers["Authorization"]})
        if path == "/empty":
            return self.answer(200, b"")
        file = DATA / path.removeprefix("/records/")
        if path.startswith("/records/") and file.is_file():
            return self.answer(200, file.read_bytes())
        return self.answer(404, (DATA / "not-found.json").read_bytes())

    def do_POST(self):
        parts = urlsplit(self.path)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = parse_qs(parts.query).get("key", [None])[0]
        self.seen.append({"method": "POST", "path": parts.path, "key": key, "body": body})
        if parts.path != "/v1/records:queryRecord":
            return self.answer(404, b"{}")
        if key != API_KEY:
            error = {
                "code": 400,
                "message": "API key not valid. Please pass a valid API key.",
                "status": "INVALID_ARGUMENT",
            }
            return self.answer(400, json.dumps({"error": error}).encode())
        if body.get("origin") == "https://okrs.example":
            return self.answer(200, ORIGIN.read_bytes())
        if body.get("url", "").startswith("https://okrs.example/objectives"):
            return self.answer(200, (DATA / "page-desktop.json").read_bytes())
        return self.answer(404, (DATA / "not-found.json").read_bytes())


@pytest.fixture(scope="module")
def api():
    with serving(StandIn) as url:
        yield url


@pytest.fixture
def seen():
    StandIn.seen.clear()
    return StandIn.seen


def cli(source: str, *options: str):
    args = [a for o in options for a in ("--opt", o)]
    return runner.invoke(app, ["metric", "crux", source, *args])


# Saved responses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metric", "name", "unit", "p75"),
    [
        ("lcp", "largest_contentful_paint", "ms", 2140),
        ("ttfb", "experimental_time_to_first_byte", "ms", 812),
        ("inp", "interaction_to_next_paint", "ms", 168),
        ("cls", "cumulative_layout_shift", "", 0.07),  # "0.07" in the response: a string
        ("FCP", "first_contentful_paint", "ms", 1693),
        ("round_trip_time", "round_trip_time", "ms", 193),
    ],
)
def test_it_reads_the_p75_of_a_metric(metric, name, unit, p75):
    result = measure("crux", str(ORIGIN), {"metric": metric})
    raw = json.loads(ORIGIN.read_text())["record"]["metrics"][name]["percentiles"]["p75"]
    assert result.value == float(raw) == p75
    assert result.unit == unit
    assert result.details["metric"] == name
    assert result.details["field"] == f"record.metrics.{name}.percentiles.p75"
    assert result.details["key"] == {"formFactor": "PHONE", "origin": "https://okrs.example"}
    assert result.details["collection_period"] == "2026-10-25..2026-11-21"
    assert len(result.details["histogram"]) == 3


def test_it_takes_the_last_p75_of_a_history_response():
    path = str(DATA / "history-origin-phone.json")
    lcp = measure("crux", path, {"metric": "lcp"})  # p75s [2391, 2298, null, 2140]
    assert lcp.value == 2140
    assert lcp.details["collection_period"] == "2026-10-25..2026-11-21"
    cls = measure("crux", path, {"metric": "cls"})  # p75s ["0.09", "0.08", "0.08", null]
    assert cls.value == 0.08
    assert cls.details["field"].endswith("percentilesTimeseries.p75s[2]")
    assert cls.details["collection_period"] == "2026-10-18..2026-11-14"


# Over HTTP --------------------------------------------------------------------------------


def test_it_gets_a_response_from_a_url_with_a_bearer_token(api, seen, monkeypatch):
    monkeypatch.setenv("CRUX_TEST_TOKEN", "t0ken")
    url = f"{api}/records/origin-phone.json"
    args = ["--opt", "metric=lcp", "--opt", "token-env=CRUX_TEST_TOKEN", "--json"]
    result = runner.invoke(app, ["metric", "crux", url, *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["value"] == 2140
    assert data["input"] == url
    assert data["digest"] == "sha256:" + hashlib.sha256(ORIGIN.read_bytes()).hexdigest()
    assert seen == [{"method": "GET", "path": "/records/origin-phone.json", "auth": "Bearer t0ken"}]


def test_it_queries_the_api_with_its_key_kept_out_of_the_input(api, seen, monkeypatch):
    monkeypatch.setenv("CRUX_TEST_KEY", API_KEY)
    url = f"{api}/v1/records:queryRecord"
    options = {
        "metric": "inp",
        "origin": "https://okrs.example",
        "form-factor": "PHONE",
        "key-env": "CRUX_TEST_KEY",
    }
    result = measure("crux", url, options)
    assert result.value == 168
    assert result.input == url
    assert API_KEY not in json.dumps(result.to_json())
    assert seen == [
        {
            "method": "POST",
            "path": "/v1/records:queryRecord",
            "key": API_KEY,
            "body": {
                "origin": "https://okrs.example",
                "formFactor": "PHONE",
                "metrics": ["interaction_to_next_paint"],
            },
        }
    ]


def test_it_queries_a_page_with_the_key_in_the_url(api, seen):
    url = f"{api}/v1/records:queryRecord?key={API_KEY}"
    page = "https://okrs.example/objectives?team=platform"
    result = measure("crux", url, {"metric": "cls", "page": page, "form-factor": "DESKTOP"})
    assert result.value == 0.01
    assert result.details["key"]["url"] == "https://okrs.example/objectives"
    assert seen[0]["body"] == {
        "url": page,
        "formFactor": "DESKTOP",
        "metrics": ["cumulative_layout_shift"],
    }


def test_api_errors_are_one_line_with_the_status_not_the_body(api):
    # The API's own message is the answer's content: errors name the status only (issue 9).
    url = f"{api}/v1/records:queryRecord?key={API_KEY}"
    result = cli(url, "metric=lcp", "origin=https://nobody.example")
    assert result.exit_code == 2
    assert result.output.rstrip().endswith("answered HTTP 404 Not Found")
    result = cli(f"{api}/v1/records:queryRecord?key=wrong", "metric=lcp", "origin=https://a.b")
    assert result.exit_code == 2
    assert result.output.rstrip().endswith("answered HTTP 400 Bad Request")
    result = cli(f"{api}/empty", "metric=lcp")
    assert result.exit_code == 2
    assert "answered with an empty body" in result.output


def test_a_url_that_answers_404_is_exit_code_2(api):
    result = cli(f"{api}/records/nothing-here.json", "metric=lcp")
    assert result.exit_code == 2
    assert "records/nothing-here.json: answered HTTP 404 Not Found" in result.output


def test_an_unreachable_url_is_exit_code_2():
    with refused_port() as port:
        url = f"http://127.0.0.1:{port}/v1/records:queryRecord"
        for options in (["metric=lcp"], ["metric=lcp", "origin=https://okrs.example"]):
            result = cli(url, *options)
            assert result.exit_code == 2, result.output
            assert f"{url}: is unreachable" in result.output
            assert len(result.output.strip().splitlines()) == 1


def test_a_missing_key_variable_is_named(api, monkeypatch):
    monkeypatch.delenv("CRUX_TEST_NO_KEY", raising=False)
    result = cli(f"{api}/records/origin-phone.json", "metric=lcp", "key-env=CRUX_TEST_NO_KEY")
    assert result.exit_code == 2
    assert "environment variable CRUX_TEST_NO_KEY is not set" in result.output


# Bad input --------------------------------------------------------------------------------


def bad(tmp_path: Path, name: str, content: bytes, *options: str) -> str:
    return one_line_error(tmp_path, "crux", name, content, *options)


@pytest.mark.parametrize(
    ("name", "content", "options", "problem"),
    [
        ("empty.json", b"", ["metric=lcp"], "is empty"),
        ("binary.json", b"\x00\x01\x02\x03", ["metric=lcp"], "is a binary file"),
        ("cut.json", ORIGIN.read_bytes()[:900], ["metric=lcp"], "is not valid JSON"),
        (
            "lighthouse.json",
            b'{"lighthouseVersion": "12.2.3", "audits": {}}',
            ["metric=lcp"],
            "is JSON but not a CrUX API response: no 'record' (an object of 2 members)",
        ),
        (
            "not-found.json",
            (DATA / "not-found.json").read_bytes(),
            ["metric=lcp"],
            "is a CrUX error 404 NOT_FOUND: chrome ux report data not found",
        ),
        (
            "origin.json",
            ORIGIN.read_bytes(),
            ["metric=fid"],
            "has no metric 'fid' (it has 7 metrics)",
        ),
        (
            "origin.json",
            ORIGIN.read_bytes(),
            ["metric=navigation_types"],
            "record.metrics.navigation_types has no percentiles.p75",
        ),
        (
            "odd.json",
            b'{"record": {"metrics": {"largest_contentful_paint": '
            b'{"percentiles": {"p75": "fast"}}}}}',
            ["metric=lcp"],
            (
                "record.metrics.largest_contentful_paint.percentiles.p75=a "
                "text of 4 characters is not a number"
            ),
        ),
        ("origin.json", ORIGIN.read_bytes(), [], "option metric= is required"),
        (
            "origin.json",
            ORIGIN.read_bytes(),
            ["metric=lcp", "origin=https://okrs.example"],
            "option origin is for a URL input, not a file",
        ),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, name, content, options, problem):
    assert problem in bad(tmp_path, name, content, *options)


def test_bad_request_options_are_named(api):
    url = f"{api}/v1/records:queryRecord"
    result = cli(url, "metric=lcp", "origin=https://okrs.example", "form-factor=mobile")
    assert result.exit_code == 2
    assert "option form-factor='mobile': use one of PHONE, DESKTOP, TABLET" in result.output
    result = cli(url, "metric=lcp", "origin=https://a.example", "page=https://a.example/")
    assert result.exit_code == 2
    assert "give origin= or page=, not both" in result.output
