"""Benchmark: `okrs metric coverage FILE` on large Cobertura XML against lxml `iterparse`
doing nothing but clearing elements, the cheapest full parse of the same file.

    .venv/bin/python benchmarks/bench_coverage.py --sizes 25,50,100

For each size (in MB) it generates, once, two Cobertura files under /tmp shaped like
coverage.py's `coverage xml --branch` output (packages, classes, `<line>` elements with hits,
about one line in five a branch with `condition-coverage="50% (1/2)"`): one whose root carries
the `lines-valid` / `lines-covered` / `branches-*` counts (coverage.py, gcovr) and one
without them, where okrs counts every class-level `<line>` instead (older Java writers).

Every run is its own child process, so each has a fresh peak resident set size (read with
`os.wait4`). It reports the best of `--repeat` times for okrs and for the baseline, inside the
process (the measurement or the parse only) and for the whole process (okrs: the real `okrs`
command), their ratios (the issue asks for at most 1.5) and the peak RSS of every run.

lxml is not an okrs dependency. When `.venv/bin/python` cannot import it, the benchmark says
so and installs it with pip into /tmp/okrs-bench-lxml (not into .venv), once.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LXML_DIR = Path("/tmp/okrs-bench-lxml")
MB = 1_000_000

OKRS_CHILD = """
import json, sys, time
from okrs.metrics.registry import all_kinds, measure
all_kinds()  # imports every kind module: a fixed start-up cost, not timed
began, cpu = time.perf_counter(), time.process_time()  # after the imports
result = measure("coverage", sys.argv[1], {})
print(json.dumps({"seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu,
                  "value": result.value,
                  "lines": result.details["lines"], "branches": result.details["branches"]}))
"""

# The baseline: parse every element and free it as soon as it ends (clear it, then drop the
# siblings before it from the parent), so lxml's memory stays flat too.
LXML_CHILD = """
import json, sys, time
from lxml import etree
began, cpu = time.perf_counter(), time.process_time()
elements = 0
for _, element in etree.iterparse(sys.argv[1], events=("end",)):
    elements += 1
    element.clear(keep_tail=True)
    while element.getprevious() is not None:
        del element.getparent()[0]
print(json.dumps({"seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu,
                  "elements": elements}))
"""


# Generating the reports ------------------------------------------------------------------


@dataclass
class Totals:
    lines: int = 0
    covered: int = 0
    branches: int = 0
    branches_covered: int = 0

    def add(self, other: Totals) -> None:
        self.lines += other.lines
        self.covered += other.covered
        self.branches += other.branches
        self.branches_covered += other.branches_covered

    def rates(self) -> str:
        line_rate = self.covered / self.lines if self.lines else 1
        branch_rate = self.branches_covered / self.branches if self.branches else 1
        return f'line-rate="{line_rate:.4g}" branch-rate="{branch_rate:.4g}"'


def _class(rng: random.Random, package: int, index: int) -> tuple[str, Totals]:
    totals = Totals()
    rows = []
    number = 0
    for _ in range(rng.randrange(20, 400)):
        number += rng.randrange(1, 4)
        hits = rng.choice((0, 1, 1, 1, 2, 7, 31))
        totals.lines += 1
        totals.covered += hits > 0
        if rng.random() < 0.2:
            taken = rng.choice((0, 1, 2, 2, 2)) if hits else 0
            totals.branches += 2
            totals.branches_covered += taken
            missing = "" if taken == 2 else f' missing-branches="{number + 1}"'
            rows.append(
                f'\t\t\t\t\t\t<line number="{number}" hits="{hits}" branch="true" '
                f'condition-coverage="{taken * 50}% ({taken}/2)"{missing}/>\n'
            )
        else:
            rows.append(f'\t\t\t\t\t\t<line number="{number}" hits="{hits}"/>\n')
    name = f"module_{index}.py"
    head = (
        f'\t\t\t\t<class name="{name}" filename="src/pkg{package}/{name}" complexity="0" '
        f"{totals.rates()}>\n\t\t\t\t\t<methods/>\n\t\t\t\t\t<lines>\n"
    )
    return head + "".join(rows) + "\t\t\t\t\t</lines>\n\t\t\t\t</class>\n", totals


def _body(path: Path, size: int, rng: random.Random) -> Totals:
    """The `<packages>` element, written until the file reaches `size` bytes."""
    totals = Totals()
    written = 0
    package = 0
    with path.open("w") as out:
        out.write("\t<packages>\n")
        while written < size:
            classes, counts = [], Totals()
            for index in range(rng.randrange(5, 40)):
                text, one = _class(rng, package, index)
                classes.append(text)
                counts.add(one)
            head = f'\t\t<package name="src.pkg{package}" {counts.rates()} complexity="0">\n'
            text = (
                head + "\t\t\t<classes>\n" + "".join(classes) + "\t\t\t</classes>\n\t\t</package>\n"
            )
            out.write(text)
            written += len(text)
            totals.add(counts)
            package += 1
        out.write("\t</packages>\n</coverage>\n")
    return totals


def _write(path: Path, root: str, body: Path) -> None:
    partial = path.with_suffix(".partial")
    with partial.open("w") as out:
        out.write('<?xml version="1.0" ?>\n' + root + "\n")
        out.write("\t<!-- Generated by coverage.py: https://coverage.readthedocs.io/en/7.6.1 -->\n")
        out.write("\t<sources>\n\t\t<source>/home/dev/project</source>\n\t</sources>\n")
        with body.open() as source:
            shutil.copyfileobj(source, out, 1 << 20)
    partial.rename(path)


def reports(megabytes: int) -> tuple[Path, Path]:
    """Two cached Cobertura files of about `megabytes` MB: with and without root counts."""
    counted = Path(f"/tmp/okrs-bench-coverage-{megabytes}mb.xml")
    uncounted = Path(f"/tmp/okrs-bench-coverage-{megabytes}mb-no-root-counts.xml")
    if counted.exists() and uncounted.exists():
        return counted, uncounted
    began = time.perf_counter()
    body = Path(f"/tmp/okrs-bench-coverage-{megabytes}mb.body")
    totals = _body(body, megabytes * MB, random.Random(megabytes))
    common = f'version="7.6.1" timestamp="1735689600000" {totals.rates()} complexity="0"'
    counts = (
        f'lines-valid="{totals.lines}" lines-covered="{totals.covered}" '
        f'branches-valid="{totals.branches}" branches-covered="{totals.branches_covered}"'
    )
    _write(counted, f"<coverage {common} {counts}>", body)
    _write(uncounted, f"<coverage {common}>", body)
    body.unlink()
    print(f"generated {counted.name} and {uncounted.name} in {time.perf_counter() - began:.1f} s")
    return counted, uncounted


# Running ---------------------------------------------------------------------------------


def lxml_path() -> str:
    """A PYTHONPATH entry under which .venv/bin/python imports lxml ('' when it already does)."""
    probe = [sys.executable, "-c", "import lxml.etree"]
    if subprocess.run(probe, capture_output=True).returncode == 0:
        return ""
    env = {**os.environ, "PYTHONPATH": str(LXML_DIR)}
    if subprocess.run(probe, capture_output=True, env=env).returncode == 0:
        return str(LXML_DIR)
    print(f"lxml is not installed: installing it into {LXML_DIR} (not into .venv) with pip")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(LXML_DIR), "lxml"]
    subprocess.run(pip, check=True)
    return str(LXML_DIR)


@dataclass
class Run:
    wall: float  # the whole process
    inner: float  # the measurement or the parse, as the child timed it
    inner_cpu: float  # the same, in CPU seconds: steadier than wall-clock on a busy machine
    cpu: float  # user + system seconds of the whole process
    peak_rss_mb: float
    output: dict[str, float]


def run_child(command: list[str], extra_path: str = "") -> Run:
    paths = [str(ROOT), extra_path, os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in paths if path)}
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, cwd=ROOT)
    assert process.stdout is not None
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} … failed with {process.returncode}")
    output = json.loads(stdout) if stdout.lstrip().startswith(b"{") else {}
    inner = float(output.get("seconds", wall))
    cpu = usage.ru_utime + usage.ru_stime
    inner_cpu = float(output.get("cpu", cpu))
    return Run(wall, inner, inner_cpu, cpu, usage.ru_maxrss / 1024, output)


def okrs_inner(path: Path) -> Run:
    return run_child([sys.executable, "-c", OKRS_CHILD, str(path)])


def okrs_cli(path: Path) -> Run:
    okrs = ROOT / ".venv" / "bin" / "okrs"
    return run_child([str(okrs), "metric", "coverage", str(path), "--json"])


def baseline(path: Path, extra_path: str) -> Run:
    return run_child([sys.executable, "-c", LXML_CHILD, str(path)], extra_path)


def bench(path: Path, repeat: int, extra_path: str) -> dict[str, Run]:
    runs: dict[str, list[Run]] = {"lxml": [], "okrs": [], "cli": []}
    for _ in range(repeat):  # interleaved, so all three see the same machine load
        runs["lxml"].append(baseline(path, extra_path))
        runs["okrs"].append(okrs_inner(path))
        runs["cli"].append(okrs_cli(path))
    best = {name: min(found, key=lambda run: run.inner) for name, found in runs.items()}
    best |= {f"{name}-cpu": min(found, key=lambda run: run.cpu) for name, found in runs.items()}
    best |= {
        f"{name}-inner-cpu": min(found, key=lambda run: run.inner_cpu)
        for name, found in runs.items()
    }
    best |= {
        f"{name}-peak": max(found, key=lambda run: run.peak_rss_mb) for name, found in runs.items()
    }
    return best


def report(path: Path, best: dict[str, Run]) -> str:
    lxml, okrs, cli = best["lxml"], best["okrs"], best["cli"]
    lxml_cpu, okrs_cpu = best["lxml-inner-cpu"].inner_cpu, best["okrs-inner-cpu"].inner_cpu
    size = path.stat().st_size / MB
    return (
        f"| {path.name} | {size:.0f} | {lxml.inner:.2f} | {okrs.inner:.2f} "
        f"| {okrs.inner / lxml.inner:.2f} | {lxml_cpu:.2f} | {okrs_cpu:.2f} "
        f"| {okrs_cpu / lxml_cpu:.2f} | {cli.wall:.2f} | {best['cli-cpu'].cpu:.2f} "
        f"| {best['lxml-peak'].peak_rss_mb:.1f} | {best['okrs-peak'].peak_rss_mb:.1f} "
        f"| {best['cli-peak'].peak_rss_mb:.1f} |"
    )


HEADER = (
    "| file | MB | lxml parse s | okrs measure s | ratio | lxml parse CPU s "
    "| okrs measure CPU s | CPU ratio | okrs command s | okrs command CPU s "
    "| lxml peak RSS MB | okrs measure peak RSS MB | okrs command peak RSS MB |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="25,50,100", help="file sizes in MB")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    extra_path = lxml_path()
    sizes = [int(size) for size in args.sizes.split(",")]
    files = {size: reports(size) for size in sizes}
    rows = []
    for size in sizes:
        for path in files[size]:
            best = bench(path, args.repeat, extra_path)
            check = best["okrs"].output
            print(
                f"{path.name}: {check['value']:.4f} % over {check['lines']:.0f} lines and "
                f"{check['branches']:.0f} branches; {best['lxml'].output['elements']:.0f} "
                "elements",
                flush=True,
            )
            rows.append(report(path, best))
            print(rows[-1], flush=True)
    print(f"\nbest of {args.repeat}; peak RSS is the largest of the runs")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    print(HEADER)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
