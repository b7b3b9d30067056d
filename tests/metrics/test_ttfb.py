"""ttfb: time to first byte measured against a local server that takes a known 50 ms."""

import time

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.kinds.ttfb import percentile
from okrs.metrics.registry import measure
from tests.metrics.http_server import QuietHandler, refused_port, serving

runner = CliRunner()
DELAY = 0.050  # seconds the server thinks before it answers


class SlowHandler(QuietHandler):
    def do_GET(self):
        if self.path == "/missing":
            self.send_error(404, "Not Found")
            return
        time.sleep(DELAY)
        self.send(200, "text/html", b"<!doctype html><title>okrs</title><p>hello</p>\n")


@pytest.fixture(scope="module")
def server():
    with serving(SlowHandler) as url:
        yield url


@pytest.fixture
def closed_port():
    with refused_port() as port:
        yield port


def test_it_measures_the_time_to_first_byte(server):
    result = measure("ttfb", f"{server}/page", {"requests": "5", "percentile": "p50"})
    # the server sleeps 50 ms before the status line; on loopback the rest is noise
    assert DELAY * 1000 <= result.value < DELAY * 1000 + 400
    assert result.unit == "ms"
    details = result.details
    assert details["samples"] == 5
    assert details["min_ms"] >= DELAY * 1000
    assert details["p50_ms"] <= details["p75_ms"] <= details["p95_ms"] <= details["max_ms"]
    assert details["rating"] == "good"
    assert details["status"] == 200
    assert result.digest.startswith("sha256:")


def test_it_reports_p75_by_default(server):
    result = measure("ttfb", server, {"requests": "3"})
    assert result.details["percentile"] == "p75"
    assert result.value == pytest.approx(result.details["p75_ms"], abs=0.001)


def test_percentiles_interpolate_between_ranks():
    samples = [10.0, 20.0, 30.0, 40.0, 50.0]
    # position (5 − 1) × 0.75 = 3 -> 40; × 0.95 = 3.8 -> 40 + 0.8 × 10 = 48
    assert percentile(samples, 50) == 30
    assert percentile(samples, 75) == 40
    assert percentile(samples, 95) == pytest.approx(48)
    assert percentile([7.0], 95) == 7


@pytest.mark.parametrize(
    ("url", "options", "problem"),
    [
        ("{closed}", [], "is unreachable: Connection refused"),
        ("{server}/missing", [], "answered HTTP 404"),
        ("ftp://127.0.0.1/", [], "is not an http(s) URL"),
        ("{server}", ["requests=0"], "option requests=0 must be at least 1"),
        ("{server}", ["percentile=p99"], "use one of p50, p75, p95"),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(server, closed_port, url, options, problem):
    url = url.format(server=server, closed=f"http://127.0.0.1:{closed_port}/")
    args = ["metric", "ttfb", url, "--opt", "requests=2"]
    for option in options:
        args += ["--opt", option]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert url in result.output
    assert problem in result.output
    assert len(result.output.strip().splitlines()) == 1
