"""Running git for the `git` kind: explicit arguments, C locale, no pager, streamed output.

Every call goes through `git_command`, which pins the settings a user's configuration could
change (colours, diff prefixes, external diff drivers, signature checks), so the output parsed
here is the same on every machine.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import chain
from pathlib import Path

from okrs.metrics.base import MetricError

PINNED_CONFIG = (
    "color.ui=false",
    "core.quotePath=true",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "diff.relative=false",
    "log.showSignature=false",
    "log.decorate=false",
    "log.showRoot=true",
)


def git_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(LANG="C", LC_ALL="C", GIT_PAGER="cat", PAGER="cat", GIT_TERMINAL_PROMPT="0")
    env["GIT_FLUSH"] = "0"  # full buffering: one write per 4 KiB, not one per commit
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def git_command(repo: str, args: Sequence[str]) -> list[str]:
    pinned = [part for setting in PINNED_CONFIG for part in ("-c", setting)]
    return ["git", "--no-pager", "-C", repo, *pinned, *args]


def _first_line(stderr: bytes) -> str:
    """What went wrong, in git's words only when they are about the options (a revision or
    pattern the binding named), never git's message itself: it may quote the repository."""
    text = stderr.decode("utf-8", "replace").lower()
    for known in ("unknown revision", "bad revision", "ambiguous argument", "not a git repository"):
        if known in text:
            return known
    return "see the repository on the server"


def run_git(repo: str, args: Sequence[str], stdin: bytes | None = None) -> str:
    """A short git command's whole output as text; a failure is a MetricError naming it."""
    try:
        done = subprocess.run(
            git_command(repo, args),
            input=stdin,
            capture_output=True,
            env=git_env(),
            check=False,
        )
    except FileNotFoundError:
        raise MetricError(repo, "git is not installed (no 'git' on PATH)") from None
    if done.returncode != 0:
        raise MetricError(repo, f"git {args[0]} failed: {_first_line(done.stderr)}")
    return done.stdout.decode("utf-8", "surrogateescape")


PIPE_SIZE = 1 << 20
CHUNK = 1 << 20
SMALL_READ = 1 << 16
PAUSE = 0.01  # seconds


def _widen_pipe(fd: int) -> None:
    """A 1 MiB pipe (Linux) lets git write ahead instead of waiting for every 64 KiB read."""
    try:
        import fcntl
    except ImportError:  # not on this system: the default pipe works, only slower
        return
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_size is not None:
        with suppress(OSError):
            fcntl.fcntl(fd, set_size, PIPE_SIZE)


def _batches(fd: int) -> Iterator[list[bytes]]:
    rest = b""
    while chunk := os.read(fd, CHUNK):
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        yield lines
        if len(chunk) < SMALL_READ:
            # git is writing slower than this reads: let the pipe fill up rather than wake
            # for every 4 KiB (on a busy machine each wake-up can wait for a time slice)
            time.sleep(PAUSE)
    if rest:
        yield [rest]


def _lines(fd: int) -> Iterator[bytes]:
    """Lines without their newline, from big reads: memory holds one chunk, not the output."""
    return chain.from_iterable(_batches(fd))


@contextmanager
def stream_git(repo: str, args: Sequence[str]) -> Iterator[Iterator[bytes]]:
    """A long git command's stdout, line by line as bytes, read while git is still writing.

    stderr goes to a temporary file so a chatty git can never block on a full pipe.
    """
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                git_command(repo, args),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=git_env(),
                bufsize=0,
            )
        except FileNotFoundError:
            raise MetricError(repo, "git is not installed (no 'git' on PATH)") from None
        assert process.stdout is not None
        _widen_pipe(process.stdout.fileno())
        try:
            yield _lines(process.stdout.fileno())
            process.stdout.close()
            code = process.wait()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if code != 0:
            errors.seek(0)
            raise MetricError(repo, f"git {args[0]} failed: {_first_line(errors.read())}")


def check_repository(source: str) -> str:
    """The commit HEAD points at, after checking that `source` is a folder in a git repository."""
    path = Path(source)
    if not path.exists():
        raise MetricError(source, "no such folder")
    if not path.is_dir():
        raise MetricError(source, "is a file; the git kind reads a repository folder")
    try:
        done = subprocess.run(
            git_command(source, ["rev-parse", "--is-inside-work-tree", "--git-dir"]),
            capture_output=True,
            env=git_env(),
            check=False,
        )
    except FileNotFoundError:
        raise MetricError(source, "git is not installed (no 'git' on PATH)") from None
    if done.returncode != 0:
        problem = _first_line(done.stderr)
        if "not a git repository" in problem:
            raise MetricError(source, "is not a git repository")
        raise MetricError(source, f"git rev-parse failed: {problem}")
    head = subprocess.run(
        git_command(source, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]),
        capture_output=True,
        env=git_env(),
        check=False,
    )
    if head.returncode != 0:
        raise MetricError(source, "is a git repository without commits")
    return head.stdout.decode().strip()
