"""The one HTTP client of every kind that reads a URL (http-json, issues, crux, ttfb).

Each request resolves the host itself, checks every address against the guard (when a
measurement runs under one), connects to a checked address — so DNS that changes between
the check and the connection cannot send it elsewhere — and does the same again for each
redirect it follows. The body is read in pieces, each counted against the measurement's
byte budget and its deadline, so a source that trickles a byte at a time is stopped.
Errors name the status (with its standard phrase, never the server's) or the network
problem, never the body.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

from okrs.metrics import guard_runtime
from okrs.metrics.base import MetricError
from okrs.metrics.guard_net import resolve, url_host

USER_AGENT = "okrs-metric"
MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
PIECE = 1 << 16


@dataclass(frozen=True)
class Response:
    status: int
    headers: Message
    body: bytes


def request(
    source: str,
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    data: bytes | None = None,
    timeout: float = 30,
) -> Response:
    """The answer to `url`, redirects followed; HTTP 400 and above are errors."""
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    for _ in range(MAX_REDIRECTS + 1):
        connection = connect(source, url, timeout)
        response: http.client.HTTPResponse | None = None
        try:
            connection.request(method, target(url), body=data, headers=sent)
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in REDIRECTS and location:
                following = urljoin(url, location)
                if _origin(following) != _origin(url):
                    sent.pop("Authorization", None)  # a token never follows to another host
                if response.status == 303 or (response.status in (301, 302) and data):
                    method, data = "GET", None
                url = following
                continue
            if response.status >= 400:
                raise MetricError(source, f"answered HTTP {status_line(response.status)}")
            return Response(response.status, response.msg, read_body(source, connection, response))
        except (OSError, http.client.HTTPException) as error:
            raise MetricError(source, f"is unreachable: {reason(error)}") from None
        finally:
            if response is not None:
                response.close()  # it holds the socket, whichever way this ends
            connection.close()
    raise MetricError(source, f"redirects more than {MAX_REDIRECTS} times")


def connect(source: str, url: str, timeout: float) -> http.client.HTTPConnection:
    """A connection to a checked address of the URL's host, TLS included for https."""
    scheme, host, port = url_host(source, url)
    addresses = resolve(source, host, port)
    for address in addresses:
        guard_runtime.check_connect(source, address)
    wait = guard_runtime.bounded(source, timeout)
    sock = _socket(source, addresses, port, wait)
    connection: http.client.HTTPConnection
    if scheme == "https":
        context = ssl.create_default_context()
        try:
            sock = context.wrap_socket(sock, server_hostname=host)
        except OSError as error:
            sock.close()
            raise MetricError(source, f"is unreachable: {reason(error)}") from None
        connection = http.client.HTTPSConnection(host, port, timeout=wait, context=context)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=wait)
    connection.sock = sock
    return connection


def _socket(source: str, addresses: list[str], port: int, timeout: float) -> socket.socket:
    problem: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout=timeout)
        except OSError as error:
            problem = error
    raise MetricError(source, f"is unreachable: {reason(problem or OSError('no address'))}")


def read_body(
    source: str, connection: http.client.HTTPConnection, response: http.client.HTTPResponse
) -> bytes:
    pieces: list[bytes] = []
    while True:
        if connection.sock is not None:
            connection.sock.settimeout(guard_runtime.bounded(source, connection.timeout or 30))
        try:
            piece = response.read1(PIECE)
        except TimeoutError:
            guard_runtime.time_left(source)  # the deadline, if that is what passed
            raise
        if not piece:
            return b"".join(pieces)
        guard_runtime.charge(source, len(piece))
        pieces.append(piece)


def target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def reason(error: BaseException) -> str:
    if isinstance(error, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed ({error.reason or type(error).__name__})"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    if isinstance(error, http.client.HTTPException):
        return f"a broken HTTP answer ({type(error).__name__})"
    return type(error).__name__


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()
