"""Run every benchmark: `.venv/bin/python -m benchmarks [--quick]`.

`--quick` uses small inputs (a smoke test of the benchmarks themselves, a few minutes);
without it the sizes are those of issue 5: Cobertura files of 25, 50 and 100 MB and
repositories of 12,500, 25,000 and 50,000 commits (generated once, cached under /tmp), then
the web benchmark of issue 13 (`bench_web.py`: `okrs generate` at 0.01x, 0.1x and 1x, or the
demo while that command does not exist; 3 rounds), which writes bench/results.json.
"""

from __future__ import annotations

import sys

from benchmarks import bench_coverage, bench_git, bench_web


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    print("## coverage: okrs metric coverage vs lxml iterparse\n", flush=True)
    bench_coverage.main(["--sizes", "2,4", "--repeat", "1"] if quick else [])
    print("\n## git: okrs metric git --opt measure=churn vs git log\n", flush=True)
    bench_git.main(["--sizes", "500,1000", "--repeat", "1"] if quick else [])
    print("\n## web: API, pages, check-ins, recompute, memory vs a minimal endpoint\n", flush=True)
    bench_web.main(["--quick"] if quick else [])


if __name__ == "__main__":
    main()
