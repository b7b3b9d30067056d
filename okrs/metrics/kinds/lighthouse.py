"""`lighthouse`: lab figures from a Lighthouse JSON report (LHR).

Each value is the report's own `numericValue`, unchanged:

    lcp          audits["largest-contentful-paint"].numericValue      ms
    ttfb         audits["server-response-time"].numericValue          ms
                 (newer Lighthouse: audits["document-latency-insight"]
                  .details.debugData.serverResponseTime when the former is absent)
    cls          audits["cumulative-layout-shift"].numericValue       unitless
    tbt          audits["total-blocking-time"].numericValue           ms
    performance  100 × categories.performance.score                  score, 0–100

The performance score is reported on 0–100 as Lighthouse shows it; `details.score` keeps the
raw 0–1. A PageSpeed Insights API response is read through its `lighthouseResult`. These are
lab figures from one run on one machine, not field data (see the `crux` kind).
"""

from __future__ import annotations

from typing import Any

from okrs.metrics.base import Kind, MetricError, Options, Reading, describe
from okrs.metrics.inputs import parse_json, read_text

AUDITS = {
    "lcp": "largest-contentful-paint",
    "ttfb": "server-response-time",
    "cls": "cumulative-layout-shift",
    "tbt": "total-blocking-time",
}
UNITS = {"lcp": "ms", "ttfb": "ms", "cls": "", "tbt": "ms", "performance": "score"}
MEASURES = ("performance", "lcp", "ttfb", "cls", "tbt")
INSIGHT = "document-latency-insight"


def load_report(source: str, text: str) -> dict[str, Any]:
    data = parse_json(source, text)
    if isinstance(data, dict) and isinstance(data.get("lighthouseResult"), dict):
        data = data["lighthouseResult"]  # a PageSpeed Insights API response
    if not isinstance(data, dict) or not isinstance(data.get("audits"), dict):
        keys = describe(data)
        raise MetricError(source, f"is JSON but not a Lighthouse report: no 'audits' ({keys})")
    failure = data.get("runtimeError")
    if isinstance(failure, dict) and failure.get("code"):
        message = f"{failure['code']}: {failure.get('message') or ''}".rstrip(": ")
        raise MetricError(
            source, f"Lighthouse could not measure the page (runtimeError, {describe(message)})"
        )
    return data


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def audit_value(source: str, audits: dict[str, Any], audit_id: str) -> tuple[float, dict[str, Any]]:
    audit = audits.get(audit_id)
    if not isinstance(audit, dict):
        raise MetricError(source, f"has no audits[{audit_id!r}]")
    if audit.get("scoreDisplayMode") == "error":
        message = audit.get("errorMessage") or "no message"
        raise MetricError(source, f"audits[{audit_id!r}] errored ({describe(message)})")
    value = _number(audit.get("numericValue"))
    if value is None:
        raw = audit.get("numericValue")
        problem = "is missing" if raw is None else f"={raw!r} is not a number"
        raise MetricError(source, f"audits[{audit_id!r}].numericValue {problem}")
    return value, audit


def server_response_time(source: str, audits: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    audit = audits.get(AUDITS["ttfb"])
    if isinstance(audit, dict) and _number(audit.get("numericValue")) is not None:
        return audit_value(source, audits, AUDITS["ttfb"])
    insight = audits.get(INSIGHT)
    details = insight.get("details") if isinstance(insight, dict) else None
    debug = details.get("debugData") if isinstance(details, dict) else None
    value = _number(debug.get("serverResponseTime")) if isinstance(debug, dict) else None
    if value is None or not isinstance(insight, dict):
        raise MetricError(
            source,
            "has neither audits['server-response-time'].numericValue nor "
            f"audits[{INSIGHT!r}].details.debugData.serverResponseTime",
        )
    return value, {"id": INSIGHT, "numericUnit": "millisecond", "score": insight.get("score")}


def performance_score(source: str, report: dict[str, Any]) -> float:
    categories = report.get("categories")
    category = categories.get("performance") if isinstance(categories, dict) else None
    if not isinstance(category, dict):
        raise MetricError(source, "has no categories.performance (was it run without it?)")
    score = _number(category.get("score"))
    if score is None:
        raise MetricError(
            source,
            f"categories.performance.score is {describe(category.get('score'))}, not a number",
        )
    return score


def measure(source: str, options: Options) -> Reading:
    which = options.choice("measure", MEASURES, "performance")
    text, digest = read_text(source)
    report = load_report(source, text)
    settings = report.get("configSettings")
    details: dict[str, Any] = {
        "measure": which,
        "lighthouse_version": report.get("lighthouseVersion"),
        "requested_url": report.get("requestedUrl"),
        "final_url": report.get("finalDisplayedUrl") or report.get("finalUrl"),
        "fetch_time": report.get("fetchTime"),
        "form_factor": settings.get("formFactor") if isinstance(settings, dict) else None,
    }
    if which == "performance":
        score = performance_score(source, report)
        value = round(100 * score, 10)
        details.update(field="categories.performance.score", score=score)
    else:
        audits: dict[str, Any] = report["audits"]
        if which == "ttfb":
            value, audit = server_response_time(source, audits)
        else:
            value, audit = audit_value(source, audits, AUDITS[which])
        audit_id = audit.get("id", AUDITS[which])
        details.update(
            field=f"audits[{audit_id!r}]"
            + (".details.debugData.serverResponseTime" if audit_id == INSIGHT else ".numericValue"),
            audit=audit_id,
            numeric_unit=audit.get("numericUnit"),
            display_value=audit.get("displayValue"),
            audit_score=audit.get("score"),
        )
    return Reading(value, UNITS[which], "lighthouse", source, dict(options), digest, details)


KIND = Kind(
    name="lighthouse",
    summary="Lab figures from a Lighthouse JSON report: LCP, server response time, "
    "performance score, CLS, TBT.",
    options={
        "measure": "performance (0–100) | lcp (ms) | ttfb (ms, server response time) | "
        "cls | tbt (ms) (default: performance)",
    },
    measure=measure,
)
