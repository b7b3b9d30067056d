"""`lighthouse`: the report's own numericValues, from a report the real Lighthouse 12.2.3 made.

`data/lighthouse/lighthouse-12.2.3.json` is Lighthouse 12.2.3's report of `page.html` served
on 127.0.0.1 (how it was made, and what was trimmed: `data/lighthouse/README.md`).
"""

import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.cli import app
from okrs.metrics.registry import measure

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "lighthouse"
REPORT = DATA / "lighthouse-12.2.3.json"
INSIGHT_ONLY = DATA / "insight-only.json"


@pytest.fixture(scope="module")
def lhr() -> dict:
    return json.loads(REPORT.read_text())


@pytest.mark.parametrize(
    ("which", "audit", "unit", "expected"),
    [
        ("lcp", "largest-contentful-paint", "ms", 633.994),
        ("ttfb", "server-response-time", "ms", 6.712999999999999),
        ("cls", "cumulative-layout-shift", "", 0.0954566693414124),
        ("tbt", "total-blocking-time", "ms", 1612),
    ],
)
def test_it_equals_the_reports_numeric_values(lhr, which, audit, unit, expected):
    assert lhr["lighthouseVersion"] == "12.2.3"
    result = measure("lighthouse", str(REPORT), {"measure": which})
    assert result.value == lhr["audits"][audit]["numericValue"] == expected
    assert result.unit == unit
    assert result.details["audit"] == audit
    assert result.details["field"] == f"audits[{audit!r}].numericValue"
    assert result.details["lighthouse_version"] == "12.2.3"
    assert result.details["form_factor"] == "mobile"


def test_the_performance_score_is_shown_on_0_to_100_and_kept_raw(lhr):
    result = measure("lighthouse", str(REPORT))  # measure=performance is the default
    assert lhr["categories"]["performance"]["score"] == 0.71
    assert result.value == 71
    assert result.unit == "score"
    assert result.details["score"] == 0.71


def test_the_cli_prints_json_with_provenance():
    result = runner.invoke(
        app, ["metric", "lighthouse", str(REPORT), "--opt", "measure=lcp", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["value"] == 633.994
    assert data["unit"] == "ms"
    assert data["kind"] == "lighthouse"
    assert data["digest"].startswith("sha256:")
    assert data["details"]["display_value"] == "0.6\u00a0s"


def test_ttfb_falls_back_to_the_document_latency_insight():
    # no server-response-time audit; details.debugData.serverResponseTime = 87.41 ms
    result = measure("lighthouse", str(INSIGHT_ONLY), {"measure": "ttfb"})
    assert result.value == 87.41
    assert result.details["audit"] == "document-latency-insight"
    assert result.details["field"].endswith(".details.debugData.serverResponseTime")


def test_server_response_time_comes_first_when_both_are_there(lhr, tmp_path):
    both = copy.deepcopy(lhr)
    insight = json.loads(INSIGHT_ONLY.read_text())["audits"]["document-latency-insight"]
    both["audits"]["document-latency-insight"] = insight
    path = tmp_path / "both.json"
    path.write_text(json.dumps(both))
    assert measure("lighthouse", str(path), {"measure": "ttfb"}).value == 6.712999999999999


def test_it_reads_the_lighthouse_result_of_a_pagespeed_insights_response(lhr, tmp_path):
    path = tmp_path / "psi.json"
    path.write_text(json.dumps({"id": "http://127.0.0.1/", "lighthouseResult": lhr}))
    assert measure("lighthouse", str(path), {"measure": "tbt"}).value == 1612


def bad(tmp_path: Path, name: str, content: bytes, *options: str) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    args = [a for o in options for a in ("--opt", o)]
    result = runner.invoke(app, ["metric", "lighthouse", str(path), *args])
    assert result.exit_code == 2, result.output
    assert str(path) in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    return result.output


def changed(lhr: dict, change) -> bytes:
    report = copy.deepcopy(lhr)
    change(report)
    return json.dumps(report).encode()


def test_a_truncated_report_names_the_line(tmp_path):
    content = REPORT.read_bytes()
    output = bad(tmp_path, "truncated.json", content[: len(content) // 2])
    assert "is not valid JSON:" in output
    assert "at line" in output


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.json", b"", "is empty"),
        ("binary.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file"),
        (
            "coverage.json",
            b'{"meta": {"format": 3}, "files": {}, "totals": {}}',
            "is JSON but not a Lighthouse report: no 'audits' (an object of 3 members)",
        ),
        ("junit.xml", b"<testsuites/>", "is not valid JSON"),
        (
            "list.json",
            b"[1, 2]",
            "is JSON but not a Lighthouse report: no 'audits' (a list of 2 items)",
        ),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, name, content, problem):
    assert problem in bad(tmp_path, name, content, "measure=lcp")


def test_missing_or_broken_fields_are_named(lhr, tmp_path):
    def drop_lcp(r):
        del r["audits"]["largest-contentful-paint"]

    def drop_value(r):
        del r["audits"]["total-blocking-time"]["numericValue"]

    def errored(r):
        r["audits"]["cumulative-layout-shift"].update(
            scoreDisplayMode="error", errorMessage="No trace events found", numericValue=None
        )

    def no_score(r):
        r["categories"]["performance"]["score"] = None

    def no_category(r):
        del r["categories"]["performance"]

    def neither(r):
        del r["audits"]["server-response-time"]

    def failed_run(r):
        r["runtimeError"] = {"code": "NO_FCP", "message": "The page did not paint any content."}

    cases = [
        (drop_lcp, "lcp", "has no audits['largest-contentful-paint']"),
        (drop_value, "tbt", "audits['total-blocking-time'].numericValue is missing"),
        (errored, "cls", "audits['cumulative-layout-shift'] errored (a text of 21 characters)"),
        (no_score, "performance", "categories.performance.score is nothing (null), not a number"),
        (no_category, "performance", "has no categories.performance"),
        (
            neither,
            "ttfb",
            "has neither audits['server-response-time'].numericValue nor "
            "audits['document-latency-insight'].details.debugData.serverResponseTime",
        ),
        (failed_run, "lcp", "Lighthouse could not measure the page (runtimeError, a text of"),
    ]
    for change, which, problem in cases:
        name = f"{change.__name__}.json"
        assert problem in bad(tmp_path, name, changed(lhr, change), f"measure={which}")


def test_an_unknown_measure_lists_the_measures(tmp_path):
    output = bad(tmp_path, "r.json", REPORT.read_bytes(), "measure=fid")
    assert "use one of performance, lcp, ttfb, cls, tbt" in output
