"""Reading inputs safely: files that exist, are not empty and are text; URLs that answer."""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from pathlib import Path

from okrs.metrics.base import MetricError, sha256_digest

USER_AGENT = "okrs-metric"


def read_bytes(source: str) -> bytes:
    path = Path(source)
    if not path.exists():
        raise MetricError(source, "no such file")
    if path.is_dir():
        raise MetricError(source, "is a folder; this kind reads a file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise MetricError(source, f"cannot be read: {error.strerror}") from None
    if not data.strip():
        raise MetricError(source, "is empty")
    return data


def read_text(source: str) -> tuple[str, str]:
    """The file's text and its digest; binary content is refused by name."""
    data = read_bytes(source)
    if b"\x00" in data[:8192]:
        raise MetricError(source, "is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MetricError(source, "is not UTF-8 text") from None
    return text, sha256_digest(data)


def file_digest(source: str, chunk: int = 1 << 20) -> str:
    """Digest of a file read in chunks, for inputs too large to hold in memory."""
    digest = hashlib.sha256()
    with open(source, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def fetch(url: str, token_env: str | None = None, timeout: float = 30) -> tuple[bytes, str]:
    """GET a URL (optionally with a bearer token from an environment variable)."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise MetricError(url, f"environment variable {token_env} is not set")
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
    except urllib.error.HTTPError as error:
        error.close()  # its open response would otherwise linger until garbage collection
        raise MetricError(url, f"answered HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise MetricError(url, f"is unreachable: {reason}") from None
    if not body.strip():
        raise MetricError(url, "answered with an empty body")
    return body, sha256_digest(body)
