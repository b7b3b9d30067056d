"""Reading inputs safely: files that exist, are not empty and are text; URLs that answer."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from okrs.metrics import http_client
from okrs.metrics.base import MetricError, sha256_digest

USER_AGENT = http_client.USER_AGENT


def existing_file(source: str) -> Path:
    """The path of a file that exists (not a folder), or the error every kind gives."""
    path = Path(source)
    if not path.exists():
        raise MetricError(source, "no such file")
    if path.is_dir():
        raise MetricError(source, "is a folder; this kind reads a file")
    return path


def parse_json(source: str, text: str) -> Any:
    """The JSON document, or an error naming the line where it breaks."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise MetricError(
            source, f"is not valid JSON: {error.msg} at line {error.lineno}"
        ) from None


def read_bytes(source: str) -> bytes:
    path = existing_file(source)
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
    headers = {"Accept": "application/json"}
    if token_env:
        headers["Authorization"] = f"Bearer {secret(url, token_env)}"
    body = http_client.request(url, url, headers=headers, timeout=timeout).body
    if not body.strip():
        raise MetricError(url, "answered with an empty body")
    return body, sha256_digest(body)


def secret(source: str, name: str) -> str:
    """A token from the environment variable `name` (measuring gets OKRS_METRIC_TOKEN_* only)."""
    value = os.environ.get(name)
    if not value:
        raise MetricError(source, f"environment variable {name} is not set")
    return value
