"""The web benchmark (benchmarks/bench_web.py): its statistics always, the whole harness
at `--quick` only when OKRS_BENCH_SMOKE=1 (about a minute of a real server: not for CI)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.stats import median, median_ratio, percentile, ratio, spread

ROOT = Path(__file__).resolve().parent.parent


def test_median_of_odd_and_even_counts():
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5
    assert median([7]) == 7
    with pytest.raises(ValueError, match="no values"):
        median([])


def test_percentiles_interpolate_between_ranks():
    values = list(range(1, 101))  # 1..100
    assert percentile(values, 0) == 1
    assert percentile(values, 100) == 100
    assert percentile(values, 50) == median(values) == 50.5
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile([5.0], 99) == 5.0
    assert percentile([10, 0], 25) == 2.5  # order of the input does not matter
    with pytest.raises(ValueError, match="outside 0-100"):
        percentile(values, 101)
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)


def test_ratios_are_per_round_then_the_median():
    assert ratio(3, 2) == 1.5
    assert ratio(3, 0) is None
    # Round 2 ran on a slower machine: both sides slowed, its ratio stays 0.5.
    assert median_ratio([50, 25, 60], [100, 50, 100]) == 0.5
    assert median_ratio([1], [0]) is None


def test_spread_is_the_largest_distance_from_the_first_value():
    assert spread([100, 110, 90]) == pytest.approx(0.1)
    assert spread([100, 130]) == pytest.approx(0.3)
    assert spread([0, 1]) is None


@pytest.mark.skipif(os.environ.get("OKRS_BENCH_SMOKE") != "1", reason="OKRS_BENCH_SMOKE=1 runs it")
def test_quick_bench_writes_results_and_a_table(tmp_path):
    output = tmp_path / "results.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_web.py", "--quick", "--output", str(output)],
        cwd=ROOT,
        env={k: v for k, v in env.items() if not k.startswith("DJANGO_")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "| okrs recompute |" in done.stdout
    results = json.loads(output.read_text())
    summary = results["scales"][0]["summary"]
    assert summary["api"]["key_result_list"]["32"]["rps"] > 0
    assert summary["api"]["baseline"]["1"]["errors"] == 0
    assert summary["pages"]["home"]["p50_ms"] > 0
    assert summary["batch_values_s"] > 0
    assert summary["worker_peak_rss_mb"] > 0


WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8000/bench/v1/rows
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    85.80ms   12.01ms 118.20ms   70.00%
    Req/Sec    43.10      8.20    60.00     65.00%
  Latency Distribution
     50%   85.80ms
     75%   92.10ms
     90%  101.00ms
     99%    1.18s
  259 requests in 3.01s, 1.20MB read
  Non-2xx or 3xx responses: 2
Requests/sec:     86.05
Transfer/sec:    408.00KB
"""


def test_wrk_output_is_read_in_milliseconds(monkeypatch):
    from benchmarks import bench_web

    class Done:
        stdout = WRK_OUTPUT

    monkeypatch.setattr(bench_web.subprocess, "run", lambda *args, **kwargs: Done())
    found = bench_web.wrk_load(8000, "/bench/v1/rows", 8, 3, {})
    assert found == {"requests": 259, "rps": 86.05, "p50_ms": 85.8, "p99_ms": 1180, "errors": 2}
