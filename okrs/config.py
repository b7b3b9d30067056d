"""Settings from environment variables, read by small typed functions that fail loudly.

A typo in an environment variable should stop the server at start-up with a message naming
the variable, not run with a silent default.
"""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigError(Exception):
    """A bad environment variable; the message names it and says what would be accepted."""


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean; use true or false")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ConfigError(f"{name}={value} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The data folder, created 0700; one of ours left open to others is closed."""
    path = Path(os.environ.get("OKRS_DATA_DIR", "").strip() or "var").resolve()
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"OKRS_DATA_DIR={str(path)!r} cannot be created: {error}") from None
    _private(path, 0o700)
    return path


def _private(path: Path, mode: int) -> None:
    """Take group and other bits off a file or folder this user owns. A shared folder
    (sticky, like /tmp) or someone else's is left alone: not ours to close."""
    try:
        found = path.stat()
    except OSError:
        return
    if found.st_uid != os.getuid() or found.st_mode & stat.S_ISVTX:
        return
    if stat.S_IMODE(found.st_mode) & 0o077:
        path.chmod(mode)


def secret_key(directory: Path) -> str:
    """SECRET_KEY, or one generated on first run and kept in the data dir (mode 600)."""
    configured = os.environ.get("SECRET_KEY", "").strip()
    if configured:
        if len(configured) < 32:
            raise ConfigError("SECRET_KEY is shorter than 32 characters; use a long random value")
        return configured
    path = directory / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)  # (touch's mode passes through the umask: never wider)
        path.write_text(secrets.token_urlsafe(50))
    _private(path, 0o600)
    return path.read_text().strip()


SQLITE_OPTIONS = {
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock when a
    # transaction begins, so concurrent writers queue on the busy timeout instead of failing
    # with "database is locked" halfway through.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
}


def database(url: str | None, directory: Path) -> dict[str, object]:
    """A Django DATABASES entry from DATABASE_URL (sqlite:///path or postgresql://...)."""
    if not url:
        return _sqlite_at(str(directory / "okrs.sqlite3"))
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return _sqlite(url, parts.path)
    if parts.scheme in ("postgres", "postgresql"):
        return _postgresql(url)
    raise ConfigError(
        f"DATABASE_URL has the scheme {parts.scheme!r}; use sqlite:///path or postgresql://..."
    )


def _sqlite(url: str, path: str) -> dict[str, object]:
    # sqlite:///var/okrs.sqlite3 is relative, sqlite:////srv/okrs.sqlite3 absolute
    name = path[1:] if path.startswith("/") else path
    if not name:
        raise ConfigError(f"DATABASE_URL={url!r} names no file; use sqlite:///path/to/okrs.sqlite3")
    return _sqlite_at(name)


def _sqlite_at(name: str) -> dict[str, object]:
    # SQLite creates the file with the umask's mode and its -wal and -shm files with the
    # file's: create it 0600 first, so neither the data nor the journal is world-readable.
    path = Path(name)
    if path.parent.is_dir():
        if not path.exists():
            path.touch(mode=0o600)
        _private(path, 0o600)
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": dict(SQLITE_OPTIONS)}


def _postgresql(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ConfigError(f"DATABASE_URL={_redacted(url)!r} names no database")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"DATABASE_URL={_redacted(url)!r} has a bad port") from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(parse_qsl(parts.query)),
    }


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


def env_paths(name: str) -> list[str]:
    """Comma-separated absolute folders (allow-lists of what the server may read)."""
    paths = env_list(name, [])
    for path in paths:
        if not Path(path).is_absolute():
            raise ConfigError(f"{name}: {path!r} is not an absolute path")
    return paths


def env_networks(name: str) -> list[str]:
    """Comma-separated addresses or CIDR networks, e.g. 10.0.0.0/8,192.168.1.20."""
    import ipaddress

    networks = env_list(name, [])
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ConfigError(f"{name}: {network!r} is not an address or a network") from None
    return networks


# Single sign-on with OpenID Connect (README: "Single sign-on").

DISCOVERY_PATH = "/.well-known/openid-configuration"


@dataclass(frozen=True)
class Oidc:
    """The provider okrs trusts and how the login page offers it."""

    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str
    domains: dict[str, str]
    button: str


def oidc() -> Oidc | None:
    """OKRS_OIDC_*: None (single sign-on off) unless an issuer and a client id are set."""
    issuer = env_url("OKRS_OIDC_ISSUER")
    client_id = os.environ.get("OKRS_OIDC_CLIENT_ID", "").strip()
    if not issuer and not client_id:
        return None
    if not issuer or not client_id:
        missing = "OKRS_OIDC_ISSUER" if not issuer else "OKRS_OIDC_CLIENT_ID"
        raise ConfigError(f"{missing} is not set; single sign-on needs an issuer and a client id")
    client_secret = os.environ.get("OKRS_OIDC_CLIENT_SECRET", "").strip()
    if not client_secret:
        raise ConfigError("OKRS_OIDC_CLIENT_SECRET is not set; the provider gives it with the id")
    # The variable may name the issuer or its discovery document.
    issuer = issuer.removesuffix(DISCOVERY_PATH).rstrip("/")
    return Oidc(
        issuer=issuer,
        discovery_url=issuer + DISCOVERY_PATH,
        client_id=client_id,
        client_secret=client_secret,
        domains=env_domains("OKRS_OIDC_DOMAINS"),
        button=os.environ.get("OKRS_OIDC_BUTTON", "").strip() or "Log in with SSO",
    )


def local_passwords(sso: bool) -> bool:
    """OKRS_LOCAL_PASSWORDS: whether the login page takes passwords; off only beside SSO."""
    allowed = env_bool("OKRS_LOCAL_PASSWORDS", default=True)
    if not allowed and not sso:
        raise ConfigError(
            "OKRS_LOCAL_PASSWORDS=false leaves no way to log in: set OKRS_OIDC_ISSUER and "
            "OKRS_OIDC_CLIENT_ID too"
        )
    return allowed


def env_url(name: str) -> str:
    """An http(s) URL, or "" when unset."""
    raw = os.environ.get(name, "").strip()
    if raw and (urlsplit(raw).scheme not in ("http", "https") or not urlsplit(raw).hostname):
        raise ConfigError(f"{name}={raw!r} is not an http(s) URL")
    return raw


def env_domains(name: str) -> dict[str, str]:
    """Comma-separated `domain=organisation-slug` pairs: `acme.com=acme,acme.io=acme`."""
    domains: dict[str, str] = {}
    for item in env_list(name, []):
        domain, _, slug = (part.strip() for part in item.partition("="))
        domain = domain.lower().lstrip("@")
        if not domain or not slug or "@" in domain or " " in domain or " " in slug:
            raise ConfigError(f"{name}: {item!r} is not domain=organisation-slug (acme.com=acme)")
        if domains.get(domain, slug) != slug:
            raise ConfigError(f"{name}: {domain!r} is given to two organisations")
        domains[domain] = slug
    return domains
