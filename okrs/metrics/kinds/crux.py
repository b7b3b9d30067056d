"""`crux`: the p75 of a Chrome UX Report metric (field data, 28-day rolling window).

INPUT is a saved CrUX API response or an http(s) URL that returns one. The value is
`record.metrics.<metric>.percentiles.p75` of a `records:queryRecord` response (CrUX encodes
CLS's p75 as a string such as "0.05"); a History API response (`queryHistoryRecord`) gives
the last non-null entry of `percentilesTimeseries.p75s` and its collection period.

`metric` takes a CrUX metric name or a short alias: lcp, ttfb, inp, cls, fcp.

For a URL: with `origin=` or `page=` the request is the API's own, a POST of
`{"origin" | "url", "formFactor", "metrics": [metric]}`; without them it is a GET of a URL
that serves a response (a proxy, a cache, a recorded file). The API key goes in the URL's
`?key=` or, kept out of the recorded input, in the environment variable named by `key-env`;
`token-env` names a variable holding a bearer token (OAuth) instead.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from okrs.metrics import http_client
from okrs.metrics.base import Kind, MetricError, Options, Reading, describe, sha256_digest
from okrs.metrics.inputs import fetch, parse_json, read_text, secret

ALIASES = {
    "lcp": "largest_contentful_paint",
    "ttfb": "experimental_time_to_first_byte",
    "inp": "interaction_to_next_paint",
    "cls": "cumulative_layout_shift",
    "fcp": "first_contentful_paint",
}
UNITLESS = {"cumulative_layout_shift"}
FORM_FACTORS = ("PHONE", "DESKTOP", "TABLET")


def _with_key(url: str, key: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query = [(name, value) for name, value in query if name != "key"] + [("key", key)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _post(source: str, url: str, payload: dict[str, Any], token_env: str | None) -> bytes:
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if token_env:
        headers["Authorization"] = f"Bearer {secret(source, token_env)}"
    data = json.dumps(payload).encode()
    body = http_client.request(source, url, method="POST", headers=headers, data=data).body
    if not body.strip():
        raise MetricError(source, "answered with an empty body")
    return body


def download(source: str, options: Options, metric: str) -> tuple[bytes, str]:
    url = source
    key_env = options.text("key-env", "")
    if key_env:
        url = _with_key(url, secret(source, key_env))
    token_env = options.text("token-env", "") or None
    origin, page = options.text("origin", ""), options.text("page", "")
    form_factor = options.text("form-factor", "")
    if form_factor and form_factor not in FORM_FACTORS:
        raise MetricError(
            source, f"option form-factor={form_factor!r}: use one of {', '.join(FORM_FACTORS)}"
        )
    if origin and page:
        raise MetricError(source, "give origin= or page=, not both")
    if origin or page:
        payload: dict[str, Any] = {"origin": origin} if origin else {"url": page}
        if form_factor:
            payload["formFactor"] = form_factor
        payload["metrics"] = [metric]
        body = _post(source, url, payload, token_env)
        return body, sha256_digest(body)
    if form_factor:
        raise MetricError(source, "option form-factor needs origin= or page=")
    try:
        return fetch(url, token_env)
    except MetricError as error:
        raise MetricError(source, error.problem) from None


def _date(value: object) -> str | None:
    if not isinstance(value, dict):
        return None
    try:
        return f"{int(value['year']):04d}-{int(value['month']):02d}-{int(value['day']):02d}"
    except (KeyError, TypeError, ValueError):
        return None


def _period(value: object) -> str | None:
    if not isinstance(value, dict):
        return None
    first, last = _date(value.get("firstDate")), _date(value.get("lastDate"))
    return f"{first}..{last}" if first and last else None


def _number(source: str, where: str, raw: object) -> float:
    if isinstance(raw, bool):
        raise MetricError(source, f"{where}={describe(raw)} is not a number")
    try:
        return float(raw)  # type: ignore[arg-type]  # int, float or CLS's "0.05"
    except (TypeError, ValueError):
        raise MetricError(source, f"{where}={describe(raw)} is not a number") from None


def p75(source: str, data: object, metric: str) -> tuple[float, dict[str, Any]]:
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        error = data["error"]
        raise MetricError(
            source,
            f"is a CrUX error {error.get('code', '?')} {error.get('status', '')}: "
            f"{error.get('message', '')}".replace("  ", " "),
        )
    record = data.get("record") if isinstance(data, dict) else None
    if not isinstance(record, dict):
        keys = describe(data)
        raise MetricError(source, f"is JSON but not a CrUX API response: no 'record' ({keys})")
    metrics = record.get("metrics")
    if not isinstance(metrics, dict):
        raise MetricError(source, "has no record.metrics")
    entry = metrics.get(metric)
    if not isinstance(entry, dict):
        raise MetricError(source, f"has no metric {metric!r} (it has {len(metrics)} metrics)")
    where = f"record.metrics.{metric}"
    details: dict[str, Any] = {"metric": metric, "key": record.get("key")}
    if isinstance(entry.get("percentiles"), dict):
        raw = entry["percentiles"].get("p75")
        if raw is None:
            raise MetricError(source, f"{where}.percentiles.p75 is missing")
        details.update(
            field=f"{where}.percentiles.p75",
            p75=raw,
            histogram=entry.get("histogram"),
            collection_period=_period(record.get("collectionPeriod")),
        )
        return _number(source, f"{where}.percentiles.p75", raw), details
    series = entry.get("percentilesTimeseries")
    values = series.get("p75s") if isinstance(series, dict) else None
    if not isinstance(values, list):
        raise MetricError(source, f"{where} has no percentiles.p75 (it has no percentiles)")
    known = [index for index, value in enumerate(values) if value is not None]
    if not known:
        raise MetricError(source, f"{where}.percentilesTimeseries.p75s has no value")
    last = known[-1]
    periods = record.get("collectionPeriods")
    details.update(
        field=f"{where}.percentilesTimeseries.p75s[{last}]",
        p75=values[last],
        points=len(values),
        collection_period=_period(periods[last])
        if isinstance(periods, list) and last < len(periods)
        else None,
    )
    return _number(source, f"{where}.percentilesTimeseries.p75s[{last}]", values[last]), details


def measure(source: str, options: Options) -> Reading:
    asked = options.text("metric", "")
    if not asked:
        raise MetricError(
            source, "option metric= is required: lcp, ttfb, inp, cls, fcp or a CrUX metric name"
        )
    metric = ALIASES.get(asked.lower(), asked)
    if source.startswith(("http://", "https://")):
        body, digest = download(source, options, metric)
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MetricError(source, "answered with a body that is not UTF-8 text") from None
    else:
        for name in ("origin", "page", "form-factor", "key-env", "token-env"):
            if name in options:
                raise MetricError(source, f"option {name} is for a URL input, not a file")
        text, digest = read_text(source)
    data = parse_json(source, text)
    value, details = p75(source, data, metric)
    unit = "" if metric in UNITLESS else "ms"
    details["data"] = "field (CrUX p75, 28-day window)"
    return Reading(value, unit, "crux", source, dict(options), digest, details)


KIND = Kind(
    name="crux",
    summary="The p75 of a Chrome UX Report metric (field data) from a CrUX API response.",
    options={
        "metric": "lcp | ttfb | inp | cls | fcp, or a CrUX metric name (required)",
        "origin": "for a URL input: POST a query for this origin (the CrUX API's own request)",
        "page": "for a URL input: POST a query for this page URL",
        "form-factor": "PHONE | DESKTOP | TABLET, with origin or page (default: all devices)",
        "key-env": "environment variable holding the API key, sent as ?key= and not recorded",
        "token-env": "environment variable holding a bearer token (OAuth) for the request",
    },
    measure=measure,
)
