"""`http-json`: GET a URL and take one number from the JSON it answers, by JSONPath.

INPUT is an http(s) URL. `path` points at the value with the subset of JSONPath that
`okrs.metrics.jsonpath` documents (`$`, `.name`, `['name']`, `[index]`, negative indexes).
`token-env` names an environment variable holding a bearer token, sent as
`Authorization: Bearer …`; the token itself never appears in the options or the output.

The value must be a JSON number, or a string holding one (CrUX encodes some p75s as
strings); booleans, null, objects and arrays are errors naming the path. The digest is the
sha256 of the response body.
"""

from __future__ import annotations

import json
import math

from okrs.metrics.base import Kind, MetricError, Options, Reading, describe
from okrs.metrics.inputs import fetch
from okrs.metrics.jsonpath import JsonPathError, find


def measure(source: str, options: Options) -> Reading:
    if not source.startswith(("http://", "https://")):
        raise MetricError(source, "is not an http(s) URL")
    path = options.text("path", "").strip()
    if not path:
        raise MetricError(source, "option path is required, e.g. path=$.data.total")
    timeout = options.number("timeout", 30)
    body, digest = fetch(source, options.text("token-env", "") or None, timeout=timeout)
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problem = error.msg if isinstance(error, json.JSONDecodeError) else "not UTF-8"
        raise MetricError(source, f"did not answer JSON: {problem}") from None
    try:
        raw = find(document, path)
    except JsonPathError as error:
        raise MetricError(source, f"path {path}: {error}") from None
    value = _number(source, path, raw)
    details = {"path": path, "raw": raw, "bytes": len(body)}
    return Reading(
        value, options.text("unit", ""), "http-json", source, dict(options), digest, details
    )


def _number(source: str, path: str, raw: object) -> float:
    if isinstance(raw, bool) or raw is None or isinstance(raw, dict | list):
        shown = json.dumps(raw)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        raise MetricError(source, f"path {path}: {describe(raw)} is not a number")
    try:
        # Ignored below: raw is any JSON value; float() refusing it is the check (ValueError below)
        value = float(raw)  # type: ignore[arg-type]
    except ValueError:
        raise MetricError(source, f"path {path}: {describe(raw)} is not a number") from None
    if not math.isfinite(value):
        raise MetricError(source, f"path {path}: {describe(raw)} is not a finite number")
    return value


KIND = Kind(
    name="http-json",
    summary="GET a URL (optional bearer token from an environment variable) and take a value "
    "by JSONPath.",
    options={
        "path": "JSONPath of the value: $, .name, ['name'], [index] (negative from the end)",
        "token-env": "environment variable holding a bearer token for the Authorization header",
        "timeout": "seconds to wait for the answer (default: 30)",
        "unit": "the unit label to report",
    },
    measure=measure,
)
