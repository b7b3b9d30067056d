"""Benchmark: `okrs metric git REPO --opt measure=churn` against plain `git log` with the same
options, on generated repositories of 12,500, 25,000 and 50,000 commits.

    .venv/bin/python benchmarks/bench_git.py --sizes 12500,25000,50000

The repository is generated once with `git fast-import` (deterministic: a fixed seed, one
commit an hour from 2019-01-01, a release tag every 100 commits) and cached under /tmp. Each
commit edits one or two of 300 Python files: inserts, deletes and rewrites lines; some move a
block to another file, some only re-indent, some touch vendor/.

For each size it reports the best of `--repeat` wall-clock and CPU times of both commands,
their ratios (the issue asks for at most 1.5), and the peak resident memory of the Python
process and of its git child, each measured in a fresh child process, to show that memory
stays flat as the history grows. It also times the other measures (`release-interval`,
`lead-time`) against the git command that lists the same data (`git for-each-ref`, one
`git rev-list --no-merges --timestamp HEAD` walk).
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from okrs.metrics.kinds.git import CHURN_LOG  # noqa: E402
from okrs.metrics.kinds.git.run import git_command, git_env  # noqa: E402

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


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall-clock and CPU seconds of a command (and its children), its output thrown away."""
    cpu, began = children_cpu(), time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - began, children_cpu() - cpu


def time_git_log(repo: Path) -> tuple[float, float]:
    """Plain git log with the churn options, written straight to /dev/null."""
    return timed(git_command(str(repo), [*CHURN_LOG, "HEAD"]), env=git_env())


def time_okrs_cli(repo: Path, measure: str = "churn") -> tuple[float, float]:
    """The okrs command: Python and its git children."""
    okrs = ROOT / ".venv" / "bin" / "okrs"
    return timed([str(okrs), "metric", "git", str(repo), "--opt", f"measure={measure}"])


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
from okrs.metrics.registry import all_kinds, measure
all_kinds()  # imports every kind module: a fixed start-up cost, not timed
began = time.perf_counter()  # after the imports: the measurement alone
result = measure("git", sys.argv[1], {"measure": sys.argv[2]})
print(json.dumps({
    "seconds": time.perf_counter() - began,
    "value": result.value,
    "details": result.details,
    "python_peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "git_peak_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def okrs_in_process(repo: Path, measure: str = "churn") -> dict[str, Any]:
    """One measurement in a fresh Python process: its time and the peak RSS of it and git."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(repo), measure],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def bench_churn(repo: Path, repeat: int) -> dict[str, Any]:
    git_runs: list[tuple[float, float]] = []
    okrs_runs: list[tuple[float, float]] = []
    for _ in range(repeat):  # interleaved, so both see the same machine load
        git_runs.append(time_git_log(repo))
        okrs_runs.append(time_okrs_cli(repo))
    return {
        "git_wall": min(wall for wall, _ in git_runs),
        "okrs_wall": min(wall for wall, _ in okrs_runs),
        "git_cpu": min(cpu for _, cpu in git_runs),
        "okrs_cpu": min(cpu for _, cpu in okrs_runs),
        "memory": okrs_in_process(repo),
    }


TAG_LISTING = [
    "for-each-ref",
    "--format=%(refname)%00%(creatordate:unix)%00%(objecttype)%00%(objectname)"
    "%00%(*objecttype)%00%(*objectname)",
    "refs/tags",
]
COMMIT_WALK = ["rev-list", "--no-merges", "--timestamp", "HEAD"]


def bench_other(repo: Path, repeat: int) -> list[str]:
    """release-interval and lead-time against the git command listing the same data."""
    rows = []
    for measure, baseline in (("release-interval", TAG_LISTING), ("lead-time", COMMIT_WALK)):
        command = git_command(str(repo), baseline)
        git_best = min(timed(command, env=git_env())[0] for _ in range(repeat))
        runs = [okrs_in_process(repo, measure) for _ in range(repeat)]
        best = min(run["seconds"] for run in runs)
        rss = max(run["python_peak_rss_kb"] for run in runs) / 1024
        rows.append(
            f"| {repo.name} | {measure} | git {baseline[0]} {git_best:.2f} s "
            f"| {best:.2f} s | {best / git_best:.1f} | {rss:.1f} |"
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="12500,25000,50000", help="commits per repository")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    repos = {size: repository(size) for size in sizes}
    print("command: git " + " ".join(CHURN_LOG) + " HEAD", flush=True)
    churn_rows, other_rows = [], []
    for size in sizes:
        repo = repos[size]
        found = bench_churn(repo, args.repeat)
        memory = found["memory"]
        print(
            f"{repo.name}: churn {memory['value']} weighted lines over "
            f"{memory['details']['commits']} commits; git log output "
            f"{git_log_size(repo) / 1e6:.0f} MB",
            flush=True,
        )
        churn_rows.append(
            f"| {size} | {found['git_wall']:.2f} | {found['okrs_wall']:.2f} "
            f"| {found['okrs_wall'] / found['git_wall']:.2f} | {found['git_cpu']:.2f} "
            f"| {found['okrs_cpu']:.2f} | {found['okrs_cpu'] / found['git_cpu']:.2f} "
            f"| {memory['seconds']:.2f} | {memory['python_peak_rss_kb'] / 1024:.1f} "
            f"| {memory['git_peak_rss_kb'] / 1024:.1f} |"
        )
        print(churn_rows[-1], flush=True)
        other_rows += bench_other(repo, args.repeat)
        print("\n".join(other_rows[-2:]), flush=True)
    load = os.getloadavg()[0]
    print(
        f"\nbest of {args.repeat}; load average at the end: {load:.1f} on {os.cpu_count()} CPUs\n"
    )
    print(
        "| commits | git log s | okrs command s | ratio | git log CPU s | okrs command CPU s "
        "| ratio | okrs in-process s | okrs peak RSS MB | git child peak RSS MB |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    print("\n".join(churn_rows))
    print("\n| repository | measure | git baseline | okrs in-process | ratio | okrs peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|")
    print("\n".join(other_rows))


if __name__ == "__main__":
    main()
