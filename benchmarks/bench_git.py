"""Benchmark: `okrs metric git REPO --opt measure=churn` against plain `git log` with the same
options, on a generated repository with many commits.

    .venv/bin/python benchmarks/bench_git.py --commits 50000

The repository is generated once with `git fast-import` (deterministic: a fixed seed, one
commit an hour from 2019-01-01, a release tag every 100 commits) and cached under /tmp. Each
commit edits one or two of 300 Python files: inserts, deletes and rewrites lines; some move a
block to another file, some only re-indent, some touch vendor/.

It reports the best of `--repeat` wall-clock times for both commands, their ratio (the issue
asks for at most 1.5), and the peak resident memory of the Python process, measured at
`--commits` and at a tenth of it to show that memory stays flat as the history grows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from okrs.metrics.git_run import git_command, git_env  # noqa: E402
from okrs.metrics.kinds.git import CHURN_LOG  # noqa: E402

START = 1546300800  # 2019-01-01T00:00:00Z
FILES = 300


def _data(text: str) -> bytes:
    body = text.encode()
    return b"data %d\n" % len(body) + body + b"\n"


def _line(rng: random.Random, serial: int) -> str:
    return f"    value_{serial} = compute({rng.randrange(1000)}, {rng.randrange(1000)})"


def generate(repo: Path, commits: int, seed: int = 5) -> None:
    """A repository with `commits` commits, written by one `git fast-import`."""
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    rng = random.Random(seed)
    serial = 0
    files: dict[str, list[str]] = {}
    for index in range(FILES):
        lines = []
        for _ in range(rng.randrange(20, 60)):
            serial += 1
            lines.append(_line(rng, serial))
        files[f"src/pkg{index % 12}/module_{index}.py"] = [f"def f_{index}():", *lines]
    names = sorted(files)
    vendor = [f"var v{n} = {n};" for n in range(30)]
    importer = subprocess.Popen(
        ["git", "-C", str(repo), "fast-import", "--quiet"], stdin=subprocess.PIPE
    )
    assert importer.stdin is not None
    out = importer.stdin
    for number in range(1, commits + 1):
        moment = START + number * 3600
        who = f"Dev {number % 7} <dev{number % 7}@example.com> {moment} +0000"
        head = f"commit refs/heads/main\nmark :{number}\nauthor {who}\ncommitter {who}\n"
        out.write(head.encode())
        out.write(_data(f"change {number}"))
        touched: dict[str, str] = {}
        if number == 1:
            touched = {name: "\n".join(lines) + "\n" for name, lines in files.items()}
            touched["vendor/lib.js"] = "\n".join(vendor) + "\n"
        else:
            name = rng.choice(names)
            lines = files[name]
            roll = rng.random()
            if roll < 0.05:  # move a block to another file
                other = rng.choice(names)
                start = rng.randrange(1, max(2, len(lines) - 8))
                block = lines[start : start + rng.randrange(3, 9)]
                del lines[start : start + len(block)]
                files[other].extend(block)
                touched[other] = "\n".join(files[other]) + "\n"
            elif roll < 0.08:  # re-indent a block
                start = rng.randrange(1, max(2, len(lines) - 5))
                for at in range(start, min(len(lines), start + 5)):
                    lines[at] = "\t" + lines[at]
            elif roll < 0.10:  # vendored code
                vendor.append(f"var v{number} = {number};")
                touched["vendor/lib.js"] = "\n".join(vendor) + "\n"
            else:  # insert, rewrite and delete lines
                for _ in range(rng.randrange(1, 7)):
                    serial += 1
                    lines.insert(rng.randrange(1, len(lines) + 1), _line(rng, serial))
                for _ in range(rng.randrange(0, 3)):
                    serial += 1
                    lines[rng.randrange(1, len(lines))] = _line(rng, serial)
                deletions = rng.randrange(0, 3) + (len(lines) > 80) * 6
                for _ in range(min(deletions, len(lines) - 2)):
                    del lines[rng.randrange(1, len(lines))]
                if rng.random() < 0.1:
                    lines.insert(rng.randrange(1, len(lines) + 1), "    }")
            touched[name] = "\n".join(lines) + "\n"
        for path, text in touched.items():
            out.write(f"M 100644 inline {path}\n".encode() + _data(text))
        out.write(b"\n")
        if number % 100 == 0:
            tagger = f"Release <release@example.com> {moment + 1800} +0000"
            out.write(f"tag v{number // 100}.0.0\nfrom :{number}\ntagger {tagger}\n".encode())
            out.write(_data(f"release {number // 100}"))
    out.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "-C", str(repo), "gc", "-q"], check=True)


def repository(commits: int) -> Path:
    repo = Path(f"/tmp/okrs-bench-git-{commits}")
    if not (repo / ".git" / "refs").exists() or not _complete(repo, commits):
        subprocess.run(["rm", "-rf", str(repo)], check=True)
        began = time.perf_counter()
        generate(repo, commits)
        print(f"generated {repo} in {time.perf_counter() - began:.1f} s", flush=True)
    return repo


def _complete(repo: Path, commits: int) -> bool:
    done = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "--count", "HEAD"], capture_output=True, text=True
    )
    return done.returncode == 0 and done.stdout.strip() == str(commits)


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process and its descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_git_log(repo: Path) -> tuple[float, float]:
    """Plain git log with the churn options, written straight to /dev/null: wall and CPU."""
    cpu, began = children_cpu(), time.perf_counter()
    subprocess.run(
        git_command(str(repo), [*CHURN_LOG, "HEAD"]),
        stdout=subprocess.DEVNULL,
        env=git_env(),
        check=True,
    )
    return time.perf_counter() - began, children_cpu() - cpu


def git_log_size(repo: Path) -> int:
    process = subprocess.Popen(
        git_command(str(repo), [*CHURN_LOG, "HEAD"]), stdout=subprocess.PIPE, env=git_env()
    )
    assert process.stdout is not None
    size = 0
    while chunk := process.stdout.read(1 << 20):
        size += len(chunk)
    process.wait()
    return size


MEASURE = """
import json, resource, sys, time
began = time.perf_counter()
from okrs.metrics.registry import measure
result = measure("git", sys.argv[1], {"measure": "churn"})
print(json.dumps({
    "seconds": time.perf_counter() - began,
    "value": result.value,
    "commits": result.details["commits"],
    "python_peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "git_peak_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def time_okrs_cli(repo: Path) -> tuple[float, float]:
    """The okrs command, wall and CPU: Python's and its git child's."""
    okrs = ROOT / ".venv" / "bin" / "okrs"
    cpu, began = children_cpu(), time.perf_counter()
    subprocess.run(
        [str(okrs), "metric", "git", str(repo), "--opt", "measure=churn"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - began, children_cpu() - cpu


def okrs_memory(repo: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(repo)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    small = repository(max(args.commits // 10, 100))
    large = repository(args.commits)
    git_runs: list[tuple[float, float]] = []
    okrs_runs: list[tuple[float, float]] = []
    for run in range(args.repeat):  # interleaved, so both see the same machine load
        git_runs.append(time_git_log(large))
        okrs_runs.append(time_okrs_cli(large))
        (git_wall, git_cpu), (okrs_wall, okrs_cpu) = git_runs[-1], okrs_runs[-1]
        timing = f"git log {git_wall:.2f} s (cpu {git_cpu:.2f} s)"
        timing += f", okrs {okrs_wall:.2f} s (cpu {okrs_cpu:.2f} s)"
        print(f"run {run + 1}: {timing}", flush=True)
    git_best = min(wall for wall, _ in git_runs)
    okrs_best = min(wall for wall, _ in okrs_runs)
    git_cpu_best = min(cpu for _, cpu in git_runs)
    okrs_cpu_best = min(cpu for _, cpu in okrs_runs)
    memory_large = okrs_memory(large)
    memory_small = okrs_memory(small)
    size = git_log_size(large)
    print(f"repository: {large} ({args.commits} commits); git log output {size / 1e6:.0f} MB")
    print("command: git " + " ".join(CHURN_LOG) + " HEAD")
    print(f"git log (same options) > /dev/null, best of {args.repeat}: {git_best:.2f} s")
    print(f"okrs metric git REPO --opt measure=churn, best of {args.repeat}: {okrs_best:.2f} s")
    print(f"wall-clock ratio: {okrs_best / git_best:.2f} (target: at most 1.5)")
    print(
        f"CPU seconds, best of {args.repeat}: git log {git_cpu_best:.2f}, okrs {okrs_cpu_best:.2f}"
    )
    print(f"CPU ratio: {okrs_cpu_best / git_cpu_best:.2f} (okrs = Python + its git child)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"in-process measure: {memory_large['seconds']:.2f} s")
    print(f"churn: {memory_large['value']} weighted lines over {memory_large['commits']} commits")
    for memory, repo in ((memory_small, small), (memory_large, large)):
        python_mb = memory["python_peak_rss_kb"] / 1024
        git_mb = memory["git_peak_rss_kb"] / 1024
        print(f"peak RSS, {repo.name}: python {python_mb:.1f} MB, git {git_mb:.1f} MB")


if __name__ == "__main__":
    main()
