"""`okrs worker`: run the background work queued in the database (django-tasks).

Today that is *Measure now*; `okrs serve` starts one worker beside the web server, so one
command still serves everything. On PostgreSQL several workers, on several machines, share
the queue: each task is claimed with `SELECT … FOR UPDATE SKIP LOCKED` and runs once.
SQLite takes one worker (its claims are serialised by an exclusive transaction).
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from okrs.cli.common import setup_django

# prctl(2): deliver this signal to the child when the process that started it dies.
PR_SET_PDEATHSIG = 1


def worker(
    interval: Annotated[
        float, typer.Option(min=0.1, max=60, help="Seconds between looks at an empty queue.")
    ] = 1.0,
    once: Annotated[
        bool, typer.Option("--once", help="Run what is queued now, then exit.")
    ] = False,
) -> None:
    """Run queued background work (measurements) until stopped."""
    setup_django()
    from django.core.management import call_command

    call_command(
        "db_worker",
        queue_name="*",
        interval=interval,
        batch=once,
        startup_delay=not once,
        reload=False,
        verbosity=1,
    )


def start_beside_server() -> subprocess.Popen[bytes]:
    """`okrs worker` as a child of `okrs serve`, which it does not outlive."""
    okrs = Path(sys.executable).parent / "okrs"
    command = [str(okrs), "worker"] if okrs.exists() else [sys.executable, "-m", "okrs", "worker"]
    return subprocess.Popen(command, preexec_fn=_die_with_parent)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _die_with_parent() -> None:
    # A `kill -9` of `okrs serve` must not leave an orphaned worker measuring on.
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
