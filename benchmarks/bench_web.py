"""Benchmark: the API, the pages, check-ins, `okrs recompute` and worker memory of a real
`okrs serve`, each figure also as a ratio against a minimal django-ninja endpoint served by
the same server in the same round (issue 13).

    .venv/bin/python benchmarks/bench_web.py --data demo|generate --scales 0.01,0.1,1 --rounds 3
    .venv/bin/python benchmarks/bench_web.py --quick        # 0.01x, 1 round: the harness itself
    .venv/bin/python benchmarks/bench_web.py --postgres     # a fresh PostgreSQL database

For each scale: a fresh database (a SQLite file under /tmp, or with --postgres a database
created on 127.0.0.1:5432), the data set loaded (`okrs demo`, or `okrs generate --scale F`),
`okrs serve --workers 2 --no-worker` started with OKRS_BENCH_BASELINE=1 (which mounts the
minimal endpoint `GET /bench/v1/rows`, see okrs/bench_baseline.py), then `--rounds` rounds,
each measuring the baseline and the measured endpoints interleaved:

1. API reads (an objective, its key results, the key-result list 20 a page) with wrk when it
   is installed (else a Python load generator of keep-alive connections) at 1, 8 and 32
   connections: requests/s, p50, p99;
2. the home, unit and objective pages, one connection, one request at a time: the latency is
   the server time plus a loopback round trip; the home page's HTML size;
3. single check-ins (`POST /api/v1/check-ins`, one at a time: p50 / p99) and batches of 100
   (`POST /api/v1/check-ins/batch`: values/s);

and once, after the rounds: (4) `okrs recompute` on the whole data set (wall-clock, peak RSS),
(5) every gunicorn worker's peak RSS (VmHWM) after the load. Figures are medians over rounds,
ratios the median of each round's figure over that round's baseline. `os.getloadavg()` is
recorded at every round's start and end.

Writes bench/results.json (git-ignored) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stats import median, median_ratio, percentile, spread

ROOT = Path(__file__).resolve().parent.parent
OKRS = ROOT / ".venv" / "bin" / "okrs"
PYTHON = ROOT / ".venv" / "bin" / "python"
RESULTS = ROOT / "bench" / "results.json"
BASELINE = "/bench/v1/rows"
CONNECTIONS = (1, 8, 32)
BATCH = 100
PG = "postgresql://postgres@127.0.0.1:5432"

TARGETS = {
    "api_ratio": 0.6,  # req/s at least 0.6x the minimal endpoint's at 1x
    "api_p99_ms": 50,  # at 32 connections
    "page_ratio": 3.0,  # server time at most 3x the minimal endpoint's
    "page_spread": 0.2,  # within +-20 % between 0.01x and 1x
    "home_kb": 200,
    "check_in_p99_ms": 30,
    "batch_values_s": 2000,
    "recompute_s": 600,
    "worker_mb": 200,
}


@dataclass
class Sizes:
    """How much a run does in each round: `--quick` makes everything small."""

    seconds: float = 3.0  # per load run (one endpoint at one connection count)
    page_requests: int = 30
    check_ins: int = 60
    batches: int = 5


# Statistics of one run of requests -------------------------------------------------------


def summary(latencies_ms: list[float], seconds: float, errors: int = 0) -> dict[str, float]:
    count = len(latencies_ms)
    return {
        "requests": count,
        "errors": errors,
        "rps": count / seconds if seconds else 0.0,
        "p50_ms": percentile(latencies_ms, 50) if latencies_ms else 0.0,
        "p99_ms": percentile(latencies_ms, 99) if latencies_ms else 0.0,
    }


# HTTP clients ----------------------------------------------------------------------------


class Client:
    """One keep-alive connection; reconnects when the server closed it."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.port, self.headers = port, headers
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body, headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def timed(self, method: str, path: str, body: bytes | None = None) -> tuple[float, int, bytes]:
        began = time.perf_counter()
        status, answer = self.request(method, path, body)
        return (time.perf_counter() - began) * 1000, status, answer

    def close(self) -> None:
        self.connection.close()


def python_load(port: int, path: str, connections: int, seconds: float, headers: dict[str, str]):
    """The fallback load generator: `connections` threads, each one keep-alive connection
    sending GETs back to back for `seconds`."""
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    deadline = time.perf_counter() + seconds

    def work(index: int) -> None:
        client = Client(port, headers)
        while time.perf_counter() < deadline:
            took, status, _ = client.timed("GET", path)
            latencies[index].append(took)
            errors[index] += status != 200
        client.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=work, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    flat = [took for one in latencies for took in one]
    return summary(flat, time.perf_counter() - began, sum(errors))


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _find(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    if found is None:
        raise SystemExit(f"wrk's output has no {pattern!r}:\n{text}")
    return found.group(1)


def _ms(text: str) -> float:
    number, unit = _find(r"^([\d.]+)(?=(us|ms|s|m)$)", text), _find(r"(us|ms|s|m)$", text)
    return float(number) * UNITS_MS[unit]


def wrk_load(port: int, path: str, connections: int, seconds: float, headers: dict[str, str]):
    """wrk (a C load generator, far lighter than Python on the same two cores)."""
    duration = f"-d{max(1, round(seconds))}s"  # wrk takes whole seconds
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", duration]
    command += ["--latency", "--timeout", "30s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    )
    out = done.stdout
    found = {
        "requests": float(_find(r"(\d+) requests in", out)),
        "rps": float(_find(r"Requests/sec:\s+([\d.]+)", out)),
        "p50_ms": _ms(_find(r"\s50%\s+(\S+)", out)),
        "p99_ms": _ms(_find(r"\s99%\s+(\S+)", out)),
    }
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    found["errors"] = float(bad.group(1)) if bad else 0.0
    found["errors"] += sum(map(float, failed.groups())) if failed else 0.0
    return found


USE_WRK = bool(shutil.which("wrk"))  # main() turns it off for --load-generator python


def load(port: int, path: str, connections: int, seconds: float, headers: dict[str, str]):
    if USE_WRK:
        found = wrk_load(port, path, connections, seconds, headers)
    else:
        found = python_load(port, path, connections, seconds, headers)
    # wrk stops with up to `connections` requests still queued in the server: let them
    # drain (their count over the throughput), or the next measurement waits behind them.
    time.sleep(min(5.0, connections / max(found["rps"], 1.0)) + 0.1)
    return found


# The server and its database -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_env(data_dir: Path, database_url: str) -> dict[str, str]:
    skip = ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "OKRS_STATIC_FROM_APPS", "DATABASE_URL")
    env = {name: value for name, value in os.environ.items() if name not in skip}
    return env | {
        "OKRS_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "OKRS_BENCH_BASELINE": "1",
    }


@contextmanager
def fresh_database(label: str, postgres: bool):
    """A data folder under /tmp and a fresh database: a SQLite file in it, or a new
    PostgreSQL database on 127.0.0.1:5432 (user postgres, trust auth), dropped afterwards."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"okrs-bench-web-{label}-"))
    name = f"okrs_bench_{re.sub(r'[^a-z0-9]', '_', label)}_{os.getpid()}"
    try:
        if postgres:
            pg = ["-h", "127.0.0.1", "-U", "postgres"]
            subprocess.run(["createdb", *pg, name], check=True)
            try:
                yield data_dir, f"{PG}/{name}"
            finally:
                subprocess.run(["dropdb", *pg, "--force", "--if-exists", name], check=False)
        else:
            yield data_dir, f"sqlite:///{data_dir}/okrs.sqlite3"
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def okrs(env: dict[str, str], *args: str, timeout: float = 3600) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(OKRS), *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        raise SystemExit(
            f"okrs {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return done


def has_generate(env: dict[str, str]) -> bool:
    done = subprocess.run([str(OKRS), "generate", "--help"], env=env, capture_output=True)
    return done.returncode == 0


def timed_child(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall-clock, CPU seconds and peak RSS of one child process (os.wait4)."""
    began = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(command[:2])} failed: {error[-2000:]!r}")
    return {
        "seconds": time.perf_counter() - began,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
    }


# Run inside Django on the benchmark's database: what the rounds will ask for.
FACTS = """
import json, sys
import django
django.setup()
from django.db import connection
from django.db.models import Count, Q
from okrs.goals.models import CheckIn, KeyResult, Objective
from okrs.orgs.models import Member, Organisation, Unit

username, password = sys.argv[1], sys.argv[2]
org = Organisation.objects.order_by("pk").first()
members = Member.objects.filter(organisation=org, deactivated_at=None).select_related("user")
member = members.filter(user__username=username).first() or members.filter(role="admin").first()
user = member.user
if user.username != username:  # a generated organisation: log in as its first admin
    user.set_password(password)
    user.save()
active = Objective.objects.filter(period__organisation=org, period__state="active")
unit = (
    Unit.objects.filter(organisation=org, parent__isnull=False)
    .annotate(n=Count("objectives", filter=Q(objectives__in=active)))
    .order_by("-n", "pk").first()
)
objective = active.annotate(n=Count("key_results")).order_by("-n", "pk").first()
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT kr.id, kr.start, kr.target FROM goals_keyresult kr"
        " JOIN goals_objective o ON o.id = kr.objective_id"
        " JOIN goals_period p ON p.id = o.period_id"
        " WHERE p.state = 'active' AND o.state = 'active'"
        " AND kr.direction IN ('increase', 'decrease')"
        " AND NOT EXISTS (SELECT 1 FROM goals_alignment a WHERE a.parent_key_result_id = kr.id)"
        " ORDER BY kr.id"
    )
    open_key_results = cursor.fetchall()
print(json.dumps({
    "org": org.slug, "username": user.username, "unit": unit.pk, "objective": objective.pk,
    "objective_key_results": objective.n, "open_key_results": open_key_results,
    "counts": {
        "units": Unit.objects.filter(organisation=org).count(),
        "people": members.count(),
        "objectives": Objective.objects.filter(period__organisation=org).count(),
        "key_results": KeyResult.objects.filter(objective__period__organisation=org).count(),
        "check_ins": CheckIn.objects.filter(
            key_result__objective__period__organisation=org
        ).count(),
    },
}))
"""

DEMO_USER, DEMO_PASSWORD = "demo", "okrs-demo"


def facts(env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [str(PYTHON), "-c", FACTS, DEMO_USER, DEMO_PASSWORD],
        env=env | {"DJANGO_SETTINGS_MODULE": "okrs.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"reading the data set failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class Server:
    """`okrs serve` (gunicorn, 2 workers, no background worker) on a free port."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2) -> None:
        self.env, self.log, self.workers = env, log, workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        command = [str(OKRS), "serve", "--port", str(self.port), "--workers", str(self.workers)]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [*command, "--no-worker"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"okrs serve exited:\n{self.log.read_text()[-3000:]}")
            try:
                client = Client(self.port, {})
                client.request("GET", "/login/")
                client.close()
                if len(self.worker_pids()) >= self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"okrs serve did not answer:\n{self.log.read_text()[-3000:]}")

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the forked children of the `okrs serve` process (the
        gunicorn master runs inside it)."""
        assert self.process is not None
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def worker_memory(self) -> list[dict[str, float]]:
        """Each worker's peak (VmHWM) and current (VmRSS) resident set, in MB."""
        found = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            kb = dict(re.findall(r"^(VmHWM|VmRSS):\s+(\d+) kB", status, re.M))
            found.append(
                {
                    "pid": pid,
                    "peak_rss_mb": int(kb["VmHWM"]) / 1024,
                    "rss_mb": int(kb["VmRSS"]) / 1024,
                }
            )
        return found


def log_in(port: int, username: str, password: str) -> str:
    """A session cookie for the pages (and the baseline, through the API's session auth)."""
    client = Client(port, {})
    cookies: dict[str, str] = {}

    def remember(response: http.client.HTTPResponse) -> None:
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key] = rest.split(";")[0]

    client.connection.request("GET", "/login/")
    response = client.connection.getresponse()
    response.read()
    remember(response)
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": cookies["csrftoken"]}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookies['csrftoken']}",
        "Referer": f"http://127.0.0.1:{port}/login/",
    }
    client.connection.request("POST", "/login/", form, headers)
    response = client.connection.getresponse()
    response.read()
    remember(response)
    client.close()
    if "sessionid" not in cookies:
        raise SystemExit(f"could not log in as {username} (status {response.status})")
    return "; ".join(f"{key}={value}" for key, value in cookies.items())


# One scale -------------------------------------------------------------------------------


@dataclass
class Scene:
    port: int
    token: dict[str, str]
    session: dict[str, str]
    facts: dict[str, Any]
    rng: random.Random = field(default_factory=lambda: random.Random(13))

    @property
    def api(self) -> dict[str, str]:
        objective = self.facts["objective"]
        return {
            "baseline": BASELINE,
            "objective": f"/api/v1/objectives/{objective}",
            "objective_key_results": f"/api/v1/key-results?objective={objective}",
            "key_result_list": "/api/v1/key-results?limit=20",
        }

    @property
    def pages(self) -> dict[str, str]:
        return {
            "baseline": BASELINE,
            "home": "/",
            "unit": f"/units/{self.facts['unit']}/",
            "objective": f"/objectives/{self.facts['objective']}/",
        }

    def check_in(self) -> dict[str, Any]:
        kr_id, start, target = self.rng.choice(self.facts["open_key_results"])
        value = round(start + (target - start) * self.rng.random(), 2)
        return {"key_result": kr_id, "value": value, "note": "bench"}


def warm_up(scene: Scene) -> None:
    client = Client(scene.port, scene.token)
    for name, path in scene.api.items():  # each answers 200 before it is loaded
        status, answer = client.request("GET", path)
        if status != 200:
            raise SystemExit(f"GET {path} ({name}) answered {status}: {answer[:500]!r}")
    client.close()
    for path in scene.api.values():  # both workers, every path: imports, the first queries
        load(scene.port, path, 2, 1, scene.token)
    client = Client(scene.port, scene.session)
    for _ in range(3):
        for name, path in scene.pages.items():
            status, _ = client.request("GET", path)
            if status != 200:
                raise SystemExit(f"GET {path} ({name}) answered {status}")
    client.close()


def sequential(client: Client, method: str, path: str, count: int, body=None) -> list[float]:
    latencies = []
    for _ in range(count):
        payload = json.dumps(body()).encode() if body else None
        took, status, answer = client.timed(method, path, payload)
        if status not in (200, 201):
            raise SystemExit(f"{method} {path} answered {status}: {answer[:500]!r}")
        latencies.append(took)
    return latencies


def one_round(scene: Scene, sizes: Sizes) -> dict[str, Any]:
    result: dict[str, Any] = {"loadavg_start": os.getloadavg(), "api": {}, "pages": {}}
    # (1) API reads: at each connection count, baseline and each endpoint back to back.
    for connections in CONNECTIONS:
        result["api"][str(connections)] = {
            name: load(scene.port, path, connections, sizes.seconds, scene.token)
            for name, path in scene.api.items()
        }
    # (2) pages at one connection, one request at a time, interleaved with the baseline.
    client = Client(scene.port, scene.session)
    latencies: dict[str, list[float]] = {name: [] for name in scene.pages}
    for _ in range(sizes.page_requests):
        for name, path in scene.pages.items():
            latencies[name] += sequential(client, "GET", path, 1)
    for name, found in latencies.items():
        result["pages"][name] = summary(found, sum(found) / 1000)
    _, home = client.request("GET", "/")
    result["home_html_bytes"] = len(home)
    client.close()
    # (3) check-ins one at a time (with the token), then batches of BATCH.
    client = Client(scene.port, scene.token)
    baseline = sequential(client, "GET", BASELINE, sizes.check_ins)
    single = sequential(client, "POST", "/api/v1/check-ins", sizes.check_ins, scene.check_in)
    batch = sequential(
        client,
        "POST",
        "/api/v1/check-ins/batch",
        sizes.batches,
        lambda: {"items": [scene.check_in() for _ in range(BATCH)]},
    )
    client.close()
    result["check_in"] = {
        "baseline": summary(baseline, sum(baseline) / 1000),
        "single": summary(single, sum(single) / 1000),
        "batch": {
            "batches": sizes.batches,
            "values": sizes.batches * BATCH,
            "values_s": sizes.batches * BATCH / (sum(batch) / 1000),
            "p50_ms": percentile(batch, 50),
        },
    }
    result["loadavg_end"] = os.getloadavg()
    return result


def bench_scale(label: str, scale: float | None, args: argparse.Namespace, sizes: Sizes) -> dict:
    with fresh_database(label, args.postgres) as (data_dir, database_url):
        env = child_env(data_dir, database_url)
        began = time.perf_counter()
        if scale is not None:
            okrs(env, "generate", "--scale", f"{scale:g}")
        else:
            okrs(env, "demo")
        loaded = time.perf_counter() - began
        found = facts(env)
        created = okrs(
            env,
            "token",
            "create",
            found["username"],
            "--name",
            "bench",
            "--org",
            found["org"],
            "--write",
        )
        token = {"Authorization": f"Bearer {created.stdout.strip().splitlines()[-1]}"}
        print(f"[{label}] loaded in {loaded:.1f} s: {found['counts']}", flush=True)
        with Server(env, data_dir / "serve.log") as server:
            password = DEMO_PASSWORD
            session = {"Cookie": log_in(server.port, found["username"], password)}
            scene = Scene(server.port, token, session, found)
            warm_up(scene)
            rounds = []
            for number in range(args.rounds):
                rounds.append(one_round(scene, sizes))
                print(
                    f"[{label}] round {number + 1}/{args.rounds} done, load average "
                    f"{rounds[-1]['loadavg_end'][0]:.2f}",
                    flush=True,
                )
            memory = server.worker_memory()
        recompute = timed_child([str(OKRS), "recompute"], env)
        print(f"[{label}] okrs recompute: {recompute['seconds']:.1f} s", flush=True)
    return {
        "label": label,
        "scale": scale,
        "database": "postgresql" if args.postgres else "sqlite",
        "load_seconds": loaded,
        "counts": found["counts"],
        "objective_key_results": found["objective_key_results"],
        "rounds": rounds,
        "recompute": recompute,
        "workers": memory,
        "summary": summarise(rounds, recompute, memory),
    }


# Summaries and the table -----------------------------------------------------------------


def summarise(rounds: list[dict], recompute: dict, memory: list[dict]) -> dict[str, Any]:
    out: dict[str, Any] = {"api": {}, "pages": {}}
    for connections in map(str, CONNECTIONS):
        runs = [one["api"][connections] for one in rounds]
        base = [run["baseline"]["rps"] for run in runs]
        for name in runs[0]:
            rps = [run[name]["rps"] for run in runs]
            out["api"].setdefault(name, {})[connections] = {
                "rps": median(rps),
                "p50_ms": median([run[name]["p50_ms"] for run in runs]),
                "p99_ms": median([run[name]["p99_ms"] for run in runs]),
                "errors": sum(run[name].get("errors", 0) for run in runs),
                "ratio": median_ratio(rps, base),
            }
    base = [one["pages"]["baseline"]["p50_ms"] for one in rounds]
    for name in rounds[0]["pages"]:
        p50 = [one["pages"][name]["p50_ms"] for one in rounds]
        out["pages"][name] = {
            "p50_ms": median(p50),
            "p99_ms": median([one["pages"][name]["p99_ms"] for one in rounds]),
            "ratio": median_ratio(p50, base),
        }
    out["home_html_kb"] = median([one["home_html_bytes"] for one in rounds]) / 1000
    single = [one["check_in"]["single"] for one in rounds]
    base = [one["check_in"]["baseline"]["p50_ms"] for one in rounds]
    out["check_in"] = {
        "p50_ms": median([s["p50_ms"] for s in single]),
        "p99_ms": median([s["p99_ms"] for s in single]),
        "ratio_p50": median_ratio([s["p50_ms"] for s in single], base),
        "baseline_p50_ms": median(base),
    }
    out["batch_values_s"] = median([one["check_in"]["batch"]["values_s"] for one in rounds])
    out["recompute_s"] = recompute["seconds"]
    out["recompute_peak_rss_mb"] = recompute["peak_rss_mb"]
    out["worker_peak_rss_mb"] = max((w["peak_rss_mb"] for w in memory), default=0.0)
    loads = [value for one in rounds for value in (one["loadavg_start"][0], one["loadavg_end"][0])]
    out["loadavg_1min"] = {"min": min(loads), "max": max(loads)}
    return out


def _ok(good: bool) -> str:
    return "yes" if good else "**no**"


def _r(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def table(results: dict) -> str:
    lines = [
        "| scale | figure | value | vs minimal | target | met |",
        "|---|---|---:|---:|---|---|",
    ]
    scales = results["scales"]
    for one in scales:
        label, s = one["label"], one["summary"]
        base = s["api"]["baseline"]
        for connections in map(str, CONNECTIONS):
            b = base[connections]
            lines.append(
                f"| {label} | minimal endpoint, {connections} conn | {b['rps']:.0f} req/s, "
                f"p50 {b['p50_ms']:.1f} / p99 {b['p99_ms']:.1f} ms | 1.00× | | |"
            )
        for name in ("objective", "objective_key_results", "key_result_list"):
            for connections in map(str, CONNECTIONS):
                f = s["api"][name][connections]
                target, met = "", ""
                if connections == "32":
                    target = "≥ 0.6×, p99 ≤ 50 ms"
                    met = _ok((f["ratio"] or 0) >= TARGETS["api_ratio"] and f["p99_ms"] <= 50)
                lines.append(
                    f"| {label} | API {name}, {connections} conn | {f['rps']:.0f} req/s, "
                    f"p50 {f['p50_ms']:.1f} / p99 {f['p99_ms']:.1f} ms | {_r(f['ratio'])} "
                    f"| {target} | {met} |"
                )
        for name in ("baseline", "home", "unit", "objective"):
            f = s["pages"][name]
            shown = "minimal endpoint (session)" if name == "baseline" else f"{name} page"
            good = name == "baseline" or (f["ratio"] or 0) <= TARGETS["page_ratio"]
            lines.append(
                f"| {label} | {shown}, 1 conn | p50 {f['p50_ms']:.1f} / p99 {f['p99_ms']:.1f} ms "
                f"| {_r(f['ratio'])} | {'' if name == 'baseline' else '≤ 3×'} "
                f"| {'' if name == 'baseline' else _ok(good)} |"
            )
        lines.append(
            f"| {label} | home page HTML | {s['home_html_kb']:.0f} KB | | ≤ 200 KB "
            f"| {_ok(s['home_html_kb'] <= TARGETS['home_kb'])} |"
        )
        c = s["check_in"]
        lines.append(
            f"| {label} | one check-in, 1 conn | p50 {c['p50_ms']:.1f} / p99 {c['p99_ms']:.1f} ms "
            f"| {_r(c['ratio_p50'])} (p50) | p99 ≤ 30 ms "
            f"| {_ok(c['p99_ms'] <= TARGETS['check_in_p99_ms'])} |"
        )
        lines.append(
            f"| {label} | batches of {BATCH} | {s['batch_values_s']:.0f} values/s | "
            f"| ≥ 2,000 values/s (SQLite) "
            f"| {_ok(s['batch_values_s'] >= TARGETS['batch_values_s'])} |"
        )
        lines.append(
            f"| {label} | okrs recompute | {s['recompute_s']:.1f} s, peak "
            f"{s['recompute_peak_rss_mb']:.0f} MB | | ≤ 10 min "
            f"| {_ok(s['recompute_s'] <= TARGETS['recompute_s'])} |"
        )
        lines.append(
            f"| {label} | peak RSS per worker | {s['worker_peak_rss_mb']:.0f} MB | | ≤ 200 MB "
            f"| {_ok(s['worker_peak_rss_mb'] <= TARGETS['worker_mb'])} |"
        )
        lines.append(
            f"| {label} | load average (1 min) during rounds | {s['loadavg_1min']['min']:.2f}–"
            f"{s['loadavg_1min']['max']:.2f} on {os.cpu_count()} CPUs | | | |"
        )
    if len(scales) > 1:
        for name in ("home", "unit", "objective"):
            times = [one["summary"]["pages"][name]["p50_ms"] for one in scales]
            moved = spread(times)
            lines.append(
                f"| {scales[0]['label']}→{scales[-1]['label']} | {name} page server time spread "
                f"| {' → '.join(f'{t:.1f}' for t in times)} ms | | ±20 % "
                f"| {_ok(moved is not None and moved <= TARGETS['page_spread'])} |"
            )
    return "\n".join(lines)


def git_commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True)
    return done.stdout.decode().strip()


def main(argv: list[str] | None = None) -> dict:
    global USE_WRK
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", choices=("demo", "generate"), default="generate")
    parser.add_argument("--scales", default="0.01,0.1,1")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL on 127.0.0.1:5432")
    parser.add_argument("--quick", action="store_true", help="0.01x, 1 round, short runs")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--load-generator",
        choices=("wrk", "python"),
        default="wrk" if USE_WRK else "python",
        help="wrk when installed, else Python threads",
    )
    args = parser.parse_args(argv)
    USE_WRK = args.load_generator == "wrk"
    if USE_WRK and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk): use --load-generator python")
    sizes = Sizes()
    if args.quick:
        args.scales, args.rounds = "0.01", 1
        sizes = Sizes(seconds=1.0, page_requests=10, check_ins=20, batches=2)
    scales = [float(scale) for scale in args.scales.split(",")]
    data = args.data
    env = child_env(Path(tempfile.gettempdir()), "sqlite:///:memory:")
    if data == "generate" and not has_generate(env):
        print("`okrs generate` does not exist yet: benchmarking the demo organisation instead")
        data = "demo"
    began = time.perf_counter()
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "commit": git_commit(),
        "data": data,
        "database": "postgresql" if args.postgres else "sqlite",
        "rounds": args.rounds,
        "load_generator": "wrk" if USE_WRK else "python threads (http.client)",
        "cpus": os.cpu_count(),
        "sizes": sizes.__dict__,
        "scales": [],
    }
    if data == "demo":  # the demo has one size: the scales would repeat the same run
        if len(scales) > 1:
            print("the demo has one size: measuring it once, not per scale")
        results["scales"].append(bench_scale("demo", None, args, sizes))
    else:
        for scale in scales:
            results["scales"].append(bench_scale(f"{scale:g}×", scale, args, sizes))
    results["seconds"] = time.perf_counter() - began
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1) + "\n")
    print(
        f"\n{results['data']} on {results['database']}, {args.rounds} round(s), median of rounds; "
        f"load generator {results['load_generator']}; {results['seconds']:.0f} s in all; "
        f"written to {args.output}\n"
    )
    print(table(results), flush=True)
    return results


if __name__ == "__main__":
    main()
