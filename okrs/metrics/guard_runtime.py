"""The guard while a measurement reads: its byte budget, its deadline, and a check on every
file opened, socket connected, SQLite file attached and program started.

`begin()` starts a session in the measuring child process (`okrs.metrics.isolated`); the
readers ask `charge()` and `time_left()` as they go, and `install_hook()` adds a Python
audit hook that enforces the guard's rules on every `open`, `socket.connect`,
`sqlite3.connect` and `subprocess.Popen` from then on — whatever code path reads, so a
binding saved before the guard existed, a file swapped for a symlink after binding or a
host whose DNS changed is refused when it is read. An audit hook cannot be removed: it is
only ever installed in that child process. Without a session (`okrs metric` on the
command line, the operator's own tool), nothing here checks anything.
"""

from __future__ import annotations

import os
import socket
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrs.metrics.base import MetricError
from okrs.metrics.guard import Guard
from okrs.metrics.guard_databases import OWN, is_own
from okrs.metrics.guard_net import check_address
from okrs.metrics.guard_paths import is_forbidden, refusal

PROGRAMS = ("git",)  # the only programs a kind runs
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


@dataclass
class Session:
    guard: Guard
    source: str
    ends_at: float
    used: int = 0


_session: Session | None = None


def begin(guard: Guard, source: str) -> Session:
    global _session
    _session = Session(guard, source, time.monotonic() + guard.deadline_seconds)
    return _session


def end() -> None:
    global _session
    _session = None


def current() -> Session | None:
    return _session


def charge(source: str, count: int) -> None:
    """Count `count` more bytes read; past the measurement's budget, stop."""
    session = _session
    if session is None:
        return
    session.used += count
    if session.used > session.guard.max_bytes:
        limit = session.guard.max_bytes / 2**20
        raise MetricError(source, f"read more than {limit:g} MB (OKRS_MEASURE_MAX_MB)")


def time_left(source: str) -> float | None:
    """Seconds left before the measurement's deadline (None without one); past it, stop."""
    session = _session
    if session is None:
        return None
    left = session.ends_at - time.monotonic()
    if left <= 0:
        raise MetricError(source, too_long(session.guard.deadline_seconds))
    return left


def bounded(source: str, timeout: float) -> float:
    left = time_left(source)
    return timeout if left is None else max(0.001, min(timeout, left))


def too_long(seconds: float) -> str:
    return f"took longer than {seconds:g} s and was stopped (OKRS_MEASURE_DEADLINE_SECONDS)"


def check_connect(source: str, address: str) -> None:
    if _session is not None:
        check_address(_session.guard, source, address)


def install_hook() -> None:
    sys.addaudithook(_hook)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    session = _session
    if session is None:
        return
    if event == "open":
        _on_open(session, *args[:3])
    elif event == "socket.connect":
        _on_connect(session, args[0], args[1])
    elif event == "sqlite3.connect":
        _on_sqlite(session, args[0])
    elif event == "subprocess.Popen":
        _on_program(session, args[0], args[1])


def _libraries() -> tuple[Path, ...]:
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    return tuple(Path(prefix).resolve() for prefix in prefixes)


def _on_open(session: Session, path: object, mode: object, flags: object) -> None:
    if isinstance(path, int) or path is None:
        return
    name = _name(path)
    resolved = Path(name).resolve()
    if str(resolved) == os.devnull:
        return
    writing = (isinstance(mode, str) and any(flag in mode for flag in "wax+")) or (
        isinstance(flags, int) and flags & WRITING
    )
    if is_forbidden(session.guard, resolved):
        raise MetricError(session.source, f"tried to open {name}, part of okrs itself")
    if writing:
        raise MetricError(session.source, f"tried to write {name}; measuring only reads")
    if any(resolved.is_relative_to(library) for library in _libraries()):
        return
    problem = refusal(session.guard, resolved)
    if problem is not None:
        raise MetricError(session.source, f"tried to open {name}, which {problem}")
    try:
        status = resolved.stat()
    except OSError:
        return
    if stat.S_ISREG(status.st_mode):
        charge(session.source, status.st_size)


def _on_connect(session: Session, sock: socket.socket, address: object) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        check_address(session.guard, session.source, str(address[0]))
    elif sock.family == getattr(socket, "AF_UNIX", None):
        raise MetricError(session.source, "tried to connect to a local socket")


def _on_sqlite(session: Session, database: object) -> None:
    name = _name(database)
    if name.lower().startswith("file:"):
        from urllib.parse import unquote, urlsplit

        name = unquote(urlsplit(name).path)
    if name and name != ":memory:" and is_own(session.guard, f"sqlite:///{name}"):
        raise MetricError(session.source, OWN)


def _on_program(session: Session, executable: object, argv: object) -> None:
    first = argv[0] if isinstance(argv, list | tuple) and argv else executable
    program = os.path.basename(_name(first))
    if program not in PROGRAMS:
        raise MetricError(session.source, f"tried to run {program}; measuring runs only git")


def _name(path: object) -> str:
    if isinstance(path, str | bytes | os.PathLike):
        return os.fsdecode(path)
    return str(path)
