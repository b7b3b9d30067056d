"""Issues from an API URL, every page of them.

- GitHub and GitLab answer a JSON list and point to the next page in the `Link` header
  (`<…>; rel="next"`); GitHub's search answers `{"items": [...]}` the same way.
- Jira's search answers `{"issues": [...], "startAt", "maxResults", "total"}`, or, on the newer
  `/search/jql`, `{"issues": [...], "nextPageToken", "isLast"}`.

Pages are merged into one answer of the same shape; the digest covers every page's bytes.
Next-page links are followed only on the first URL's scheme and host, so a token is never sent
elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from email.message import Message
from typing import Any

from okrs.metrics import http_client
from okrs.metrics.base import MetricError
from okrs.metrics.inputs import secret

MAX_PAGES = 500
NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _get(
    source: str, url: str, page: int, token: str | None, timeout: float
) -> tuple[bytes, Message]:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        response = http_client.request(source, url, headers=headers, timeout=timeout)
    except MetricError as error:
        raise MetricError(source, f"{error.problem} (page {page})") from None
    if not response.body.strip():
        raise MetricError(source, f"answered with an empty body (page {page})")
    return response.body, response.headers


def _with_param(url: str, name: str, value: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(key, old) for key, old in urllib.parse.parse_qsl(parts.query) if key != name]
    query.append((name, value))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _same_origin(first: str, other: str) -> bool:
    a, b = urllib.parse.urlsplit(first), urllib.parse.urlsplit(other)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def _jira_next(url: str, page: dict[str, Any]) -> str | None:
    issues = page.get("issues") or []
    token = page.get("nextPageToken")
    if token and not page.get("isLast"):
        return _with_param(url, "nextPageToken", str(token))
    total, start = page.get("total"), page.get("startAt")
    if isinstance(total, int) and isinstance(start, int) and issues and start + len(issues) < total:
        return _with_param(url, "startAt", str(start + len(issues)))
    return None


def fetch_issues(source: str, token_env: str | None, timeout: float = 30) -> tuple[Any, str]:
    """Every page of an issues API answer, merged, and the digest of all the bytes read."""
    token = secret(source, token_env) if token_env else None
    digest = hashlib.sha256()
    merged: Any = None
    url: str | None = source
    pages = 0
    while url is not None:
        pages += 1
        if pages > MAX_PAGES:
            raise MetricError(source, f"has more than {MAX_PAGES} pages; narrow the query")
        body, headers = _get(source, url, pages, token, timeout)
        digest.update(body)
        try:
            page = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise MetricError(source, f"answered something not JSON (page {pages})") from None
        if merged is not None and type(page) is not type(merged):
            raise MetricError(source, f"answered pages of different shapes (page {pages})")
        link = NEXT_LINK.search(headers.get("Link", "") or "")
        following = urllib.parse.urljoin(url, link.group(1)) if link else None
        if isinstance(page, list):
            merged = page if merged is None else [*merged, *page]
        elif isinstance(page, dict) and isinstance(page.get("issues"), list):
            following = _jira_next(url, page)
            if merged is None:
                merged = page
            else:
                merged["issues"].extend(page["issues"])
        elif isinstance(page, dict) and isinstance(page.get("items"), list):
            if merged is None:
                merged = page
            else:
                merged["items"].extend(page["items"])
        else:
            merged = page if merged is None else merged
            following = None
        if following is not None and not _same_origin(source, following):
            raise MetricError(source, f"points its next page to another host (after page {pages})")
        url = following
    return merged, "sha256:" + digest.hexdigest()
