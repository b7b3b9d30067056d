"""`ttfb`: time to first byte of a URL, measured directly from here.

INPUT is an http(s) URL. Each of `requests` samples (default 10) opens a new connection and
times, with a monotonic clock, from the start of the connection (DNS, TCP and TLS
included, as the browser's TTFB is) through sending the GET to the first byte of the
response body: the clock stops once `http.client` has read the status line and headers and
one byte of the body (or found an empty body). Redirects are not followed; an answer of
HTTP 400 or more is an error.

The value is the `percentile` (p50, p75 default, or p95) of the samples in ms, by linear
interpolation between closest ranks (PERCENTILE_CONT); details carry all three, the
sample count, min and max, the median time to connect (the part of each sample before
the request is sent), and the web.dev rating of the reported figure (good ≤ 800 ms,
poor > 1800 ms; metrics.md §5). This is lab TTFB from one machine, not field data. The
digest is the sha256 of the first response body.
"""

from __future__ import annotations

import http.client
import math
import time
from urllib.parse import urlsplit

from okrs.metrics import guard_runtime, http_client
from okrs.metrics.base import Kind, MetricError, Options, Reading, sha256_digest
from okrs.metrics.http_client import USER_AGENT

PERCENTILES = {"p50": 50.0, "p75": 75.0, "p95": 95.0}
GOOD_MS, POOR_MS = 800, 1800  # web-vitals TTFBThresholds


def measure(source: str, options: Options) -> Reading:
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MetricError(source, "is not an http(s) URL")
    requests = options.integer("requests", 10, minimum=1)
    if requests > 1000:
        raise MetricError(source, f"option requests={requests} must be at most 1000")
    reported = options.choice("percentile", tuple(PERCENTILES), "p75")
    timeout = options.number("timeout", 10)
    samples: list[float] = []
    connects: list[float] = []
    body = b""
    status = 0
    for number in range(requests):
        elapsed, connect, status, page = _sample(source, source, timeout)
        samples.append(elapsed)
        connects.append(connect)
        if number == 0:
            body = page
    figures = {name: percentile(samples, rank) for name, rank in PERCENTILES.items()}
    value = figures[reported]
    rating = "good" if value <= GOOD_MS else "needs improvement" if value <= POOR_MS else "poor"
    details = {
        "percentile": reported,
        **{f"{name}_ms": round(figure, 3) for name, figure in figures.items()},
        "samples": len(samples),
        "min_ms": round(min(samples), 3),
        "max_ms": round(max(samples), 3),
        "connect_p50_ms": round(percentile(connects, 50), 3),
        "status": status,
        "rating": rating,
    }
    return Reading(value, "ms", "ttfb", source, dict(options), sha256_digest(body), details)


def _sample(source: str, url: str, timeout: float) -> tuple[float, float, int, bytes]:
    """One request on a new connection: (ms to the first byte, ms to connect, status, body)."""
    started = time.perf_counter()
    connection = http_client.connect(source, url, timeout)
    try:
        connected = time.perf_counter()
        connection.request("GET", http_client.target(url), headers={"User-Agent": USER_AGENT})
        response = connection.getresponse()
        first = response.read1(1)
        elapsed = (time.perf_counter() - started) * 1000
        guard_runtime.charge(source, len(first))
        body = first + http_client.read_body(source, connection, response)
    except (OSError, http.client.HTTPException) as error:
        raise MetricError(source, f"is unreachable: {http_client.reason(error)}") from None
    finally:
        connection.close()
    response.close()
    if response.status >= 400:
        raise MetricError(source, f"answered HTTP {http_client.status_line(response.status)}")
    return elapsed, (connected - started) * 1000, response.status, body


def percentile(samples: list[float], rank: float) -> float:
    """Linear interpolation between closest ranks, like PERCENTILE_CONT and numpy's default."""
    ordered = sorted(samples)
    position = (len(ordered) - 1) * rank / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


KIND = Kind(
    name="ttfb",
    summary="Time to first byte of a URL measured directly: N requests, p50 / p75 / p95 in ms.",
    options={
        "requests": "number of requests, each on a new connection (default: 10)",
        "percentile": "p50 | p75 | p95: the figure to report (default: p75)",
        "timeout": "seconds to wait for each connection and answer (default: 10)",
    },
    measure=measure,
)
