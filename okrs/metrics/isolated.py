"""Measuring in a child process: the guard's limits hold whatever the source does.

`measure_isolated` runs `python -I -m okrs.metrics.isolated` with the request as JSON on
stdin and reads the answer, a `Reading` or a one-line error, as JSON on stdout. The
child:
- gets a stripped environment: PATH, HOME, the locale, TZ, TMPDIR, certificate paths and
  the `OKRS_METRIC_TOKEN_*` variables — no SECRET_KEY, no DATABASE_URL, no other OKRS_*
  setting, so nothing a source can make it do reaches okrs's secrets;
- limits its own address space (`RLIMIT_AS`, OKRS_MEASURE_MEMORY_MB);
- checks the input again (`check_input`), then measures with the guard's audit hook
  installed (`guard_runtime`), so every file, socket and database it opens is checked;
- is killed, with any `git` it started, at the deadline (OKRS_MEASURE_DEADLINE_SECONDS).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from typing import Any

from okrs.metrics import guard_runtime, registry
from okrs.metrics.base import MetricError, Reading
from okrs.metrics.guard import TOKEN_PREFIX, Guard, check_input
from okrs.metrics.kinds.sql import redact

BASIC_ENVIRONMENT = (
    "PATH",
    "HOME",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "TMPDIR",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
)
GRACE_SECONDS = 2.0  # the child stops itself at the deadline; this is for when it cannot


def child_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    environ = os.environ if environ is None else environ
    return {
        name: value
        for name, value in environ.items()
        if name in BASIC_ENVIRONMENT or name.startswith(TOKEN_PREFIX)
    }


def measure_isolated(
    kind: str, source: str, options: Mapping[str, str], guard: Guard, *, memory_mb: int
) -> Reading:
    """The measurement of `source` by `kind`, read in a child process under `guard`."""
    request = {
        "kind": kind,
        "input": source,
        "options": dict(options),
        "guard": guard.to_json(),
        "memory_mb": memory_mb,
    }
    shown = redact(source)
    process = subprocess.Popen(
        [sys.executable, "-I", "-m", "okrs.metrics.isolated"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_environment(),
        start_new_session=True,  # its own process group, so a git it runs dies with it
    )
    try:
        out, err = process.communicate(
            json.dumps(request).encode(), timeout=guard.deadline_seconds + GRACE_SECONDS
        )
    except subprocess.TimeoutExpired:
        _kill(process)
        process.communicate()
        raise MetricError(shown, guard_runtime.too_long(guard.deadline_seconds)) from None
    finally:
        _kill(process)
    return _answer(shown, out, err, process.returncode, memory_mb)


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _answer(shown: str, out: bytes, err: bytes, code: int, memory_mb: int) -> Reading:
    try:
        answer = json.loads(out.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        if b"MemoryError" in err or code == -signal.SIGKILL:
            raise MetricError(shown, too_big(memory_mb)) from None
        raise MetricError(shown, f"the measuring process failed (exit code {code})") from None
    if not answer.get("ok"):
        raise MetricError(str(answer["source"]), str(answer["problem"]))
    return Reading.from_json(answer["measurement"])


def too_big(memory_mb: int) -> str:
    return f"used more than {memory_mb} MB of memory and was stopped (OKRS_MEASURE_MEMORY_MB)"


def run(request: Mapping[str, Any]) -> dict[str, Any]:
    """The child's work: the answer to one request, as JSON-ready data."""
    kind, source = str(request["kind"]), str(request["input"])
    options = {str(key): str(value) for key, value in request["options"].items()}
    guard = Guard.from_json(request["guard"])
    try:
        registry.all_kinds()  # imported before the hook: okrs's own code is not a source
        check_input(guard, kind, source, options)
        guard_runtime.begin(guard, redact(source))
        guard_runtime.install_hook()
        signal.signal(signal.SIGALRM, _deadline)
        signal.setitimer(signal.ITIMER_REAL, guard.deadline_seconds)
        measurement = registry.measure(kind, source, options)
        return {"ok": True, "measurement": measurement.to_json()}
    except MetricError as error:
        return {"ok": False, "source": error.source, "problem": error.problem}
    except MemoryError:
        return {"ok": False, "source": redact(source), "problem": too_big(request["memory_mb"])}
    except Exception as error:  # a bug in a kind; its message may quote the source
        return {"ok": False, "source": redact(source), "problem": f"failed: {type(error).__name__}"}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _deadline(signum: int, frame: object) -> None:
    session = guard_runtime.current()
    seconds = session.guard.deadline_seconds if session else 0
    raise MetricError(session.source if session else "", guard_runtime.too_long(seconds))


def main() -> None:
    request = json.loads(sys.stdin.buffer.read())
    limit = int(request["memory_mb"]) * 2**20
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    answer = run(request)
    sys.stdout.write(json.dumps(answer, default=str) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
