"""The database rules of the `sql` kind: listed exactly, and never okrs's own database.

A binding's URL must be one of OKRS_BINDING_DATABASES as written. okrs's own database is
refused whatever the list says, by any spelling: for SQLite a relative path, a symlink, a
hard link, a `file:` URI or `?mode=ro`; for PostgreSQL `localhost`, a loopback address, a
socket folder or a name resolving to the same address, the default port, and libpq's
`host=` / `port=` / `dbname=` query parameters, which override the URL's own parts.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from okrs.metrics.base import MetricError
from okrs.metrics.guard_paths import is_forbidden

if TYPE_CHECKING:
    from okrs.metrics.guard import Guard

DATABASES_SETTING = "OKRS_BINDING_DATABASES"
OWN = "is okrs's own database; okrs never reads itself"
Target = tuple[frozenset[str], int, str]  # host keys, port, database name


def scheme(url: str) -> str:
    found = urlsplit(url.strip()).scheme.split("+")[0].lower()
    return "postgresql" if found == "postgres" else found


def check_database(guard: Guard, source: str) -> None:
    from okrs.metrics.kinds.sql import redact

    shown = redact(source)
    if scheme(source) not in ("sqlite", "postgresql"):
        raise MetricError(shown, "is not a database URL: use sqlite:///path or postgresql://…")
    if is_own(guard, source):
        raise MetricError(shown, OWN)
    if source.strip() not in guard.databases:
        raise MetricError(shown, f"is not one of the databases {DATABASES_SETTING} lists")


def is_own(guard: Guard, url: str) -> bool:
    if scheme(url) == "sqlite":
        files = sqlite_files(url)
        own = [path for forbidden in guard.forbidden_databases for path in sqlite_files(forbidden)]
        return any(
            is_forbidden(guard, path) or any(_same_file(path, other) for other in own)
            for path in files
        )
    if scheme(url) == "postgresql":
        mine = {
            target
            for forbidden in guard.forbidden_databases
            if scheme(forbidden) == "postgresql"
            for target in postgres_targets(forbidden)
        }
        targets = postgres_targets(url)
        return any(_same_server(target, other) for target in targets for other in mine)
    return False


def sqlite_files(url: str) -> list[Path]:
    """Every file a SQLite URL could name: as the sql kind reads it, and as a URI."""
    if scheme(url) != "sqlite" or "://" not in url:
        return []
    raw = url.strip().split("://", 1)[1]
    raw = raw[1:] if raw.startswith("/") else raw
    names = [raw]
    bare = raw
    if bare.lower().startswith("file:"):
        bare = urlsplit(bare).path or bare[5:]
    names.append(unquote(bare.split("?", 1)[0]))
    return [Path(name).resolve() for name in dict.fromkeys(names) if name and name != ":memory:"]


def _same_file(path: Path, other: Path) -> bool:
    if path == other:
        return True
    try:
        return path.samefile(other)
    except OSError:
        return False


def postgres_targets(url: str) -> set[Target]:
    parts = urlsplit(url.strip())
    params = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    user = params.get("user") or unquote(parts.username or "")
    name = params.get("dbname") or unquote(parts.path.lstrip("/")) or user
    location = parts.netloc.rpartition("@")[2]
    hosts = location.split(",")
    if "host" in params or "hostaddr" in params:
        hosts = (params.get("hostaddr") or params.get("host") or "").split(",")
    targets: set[Target] = set()
    for entry in hosts:
        host, written = _host_port(entry)
        port = int(params.get("port", "").split(",")[0] or written or 5432)
        targets.add((_host_keys(host), port, name))
    return targets


def _host_port(entry: str) -> tuple[str, str]:
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        return host, rest.lstrip(":")
    host, _, port = entry.partition(":")
    return unquote(host), port if port.isdigit() else ""


def _host_keys(host: str) -> frozenset[str]:
    """`local` for this machine (socket folder, localhost, loopback), else the name and
    every address it resolves to."""
    host = host.strip().lower()
    if not host or host.startswith("/") or host == "localhost":
        return frozenset({"local"})
    keys = {host}
    with contextlib.suppress(OSError, UnicodeError):
        keys |= {str(item[4][0]) for item in socket.getaddrinfo(host, None)}
    local = set()
    for key in keys:
        try:
            if ipaddress.ip_address(key.split("%")[0]).is_loopback:
                local.add("local")
        except ValueError:
            continue
    return frozenset(keys | local)


def _same_server(target: Target, other: Target) -> bool:
    return bool(target[0] & other[0]) and target[1:] == other[1:]
