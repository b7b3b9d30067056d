"""The file rules: inside an allowed root, never inside okrs itself (forbidden wins).

Paths are resolved (symlinks followed) before they are compared, and a file that is a hard
link to one of okrs's own files (same device and inode) is refused too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from okrs.metrics.base import MetricError

if TYPE_CHECKING:
    from okrs.metrics.guard import Guard

ROOTS_SETTING = "OKRS_BINDING_FILE_ROOTS"


def refusal(guard: Guard, path: str | Path) -> str | None:
    """Why the guard refuses to read `path`, or None when it may be read."""
    resolved = Path(path).resolve()
    if is_forbidden(guard, resolved):
        return "is part of okrs itself (its data folder, code or database); okrs never reads itself"
    if not guard.file_roots:
        return f"is a file on the server, and {ROOTS_SETTING} allows no files"
    if not any(_within(resolved, root) for root in guard.file_roots):
        return f"is outside the folders bindings may read ({ROOTS_SETTING})"
    return None


def check_path(guard: Guard, source: str, path: str | Path) -> Path:
    """The resolved path, or a MetricError naming `source` and the rule."""
    problem = refusal(guard, path)
    if problem is not None:
        raise MetricError(source, problem)
    return Path(path).resolve()


def is_forbidden(guard: Guard, resolved: Path) -> bool:
    if any(_within(resolved, forbidden) for forbidden in guard.forbidden_paths):
        return True
    try:
        status = resolved.stat()
    except OSError:
        return False
    return (status.st_dev, status.st_ino) in _forbidden_inodes(guard.forbidden_paths)


def _within(resolved: Path, folder: str) -> bool:
    top = Path(folder).resolve()
    return resolved == top or resolved.is_relative_to(top)


def _forbidden_inodes(paths: tuple[str, ...]) -> set[tuple[int, int]]:
    """Each forbidden file, and the files at the top of each forbidden folder (the secret
    key and the SQLite file in the data folder), by device and inode: a hard link has no
    path in common with its target."""
    found: set[tuple[int, int]] = set()
    for path in paths:
        try:
            if os.path.isdir(path):
                entries = [entry.stat() for entry in os.scandir(path) if entry.is_file()]
            else:
                entries = [os.stat(path)]
        except OSError:
            continue
        found.update((entry.st_dev, entry.st_ino) for entry in entries)
    return found
