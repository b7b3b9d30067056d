"""Settings from environment variables, read by small typed functions that fail loudly.

A typo in an environment variable should stop the server at start-up with a message naming
the variable, not run with a silent default.
"""

from __future__ import annotations

import os
import secrets
import stat
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


# Email ------------------------------------------------------------------------------------

# scheme -> (EMAIL_USE_TLS, EMAIL_USE_SSL): STARTTLS on smtp+tls, TLS from the start on smtps.
_EMAIL_SCHEMES = {"smtp": (False, False), "smtp+tls": (True, False), "smtps": (False, True)}
_TLS_MODES = {"none": (False, False), "starttls": (True, False), "ssl": (False, True)}
CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"
SMTP_EMAIL = "django.core.mail.backends.smtp.EmailBackend"


def email() -> dict[str, object]:
    """Django's EMAIL_* settings: from OKRS_EMAIL_URL (smtp://user:password@host:587,
    smtp+tls://…, smtps://…, console:), else from OKRS_SMTP_HOST and its siblings, else
    the console backend, which prints each message to the server's log."""
    url = os.environ.get("OKRS_EMAIL_URL", "").strip()
    if url:
        return _email_from_url(url)
    host = os.environ.get("OKRS_SMTP_HOST", "").strip()
    if not host:
        return {"EMAIL_BACKEND": CONSOLE_EMAIL}
    mode = os.environ.get("OKRS_SMTP_TLS", "starttls").strip().lower() or "starttls"
    if mode not in _TLS_MODES:
        raise ConfigError(f"OKRS_SMTP_TLS={mode!r}: use starttls, ssl or none")
    use_tls, use_ssl = _TLS_MODES[mode]
    return _smtp(
        host,
        env_int("OKRS_SMTP_PORT", 465 if use_ssl else 587, minimum=1),
        os.environ.get("OKRS_SMTP_USER", ""),
        os.environ.get("OKRS_SMTP_PASSWORD", ""),
        use_tls,
        use_ssl,
    )


def _email_from_url(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": CONSOLE_EMAIL}
    if parts.scheme not in _EMAIL_SCHEMES or not parts.hostname:
        raise ConfigError(
            f"OKRS_EMAIL_URL={_redacted(url)!r}: use smtp://user:password@host:port, "
            "smtp+tls://… (STARTTLS), smtps://… (TLS) or console:"
        )
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"OKRS_EMAIL_URL={_redacted(url)!r} has a bad port") from None
    use_tls, use_ssl = _EMAIL_SCHEMES[parts.scheme]
    default_port = 465 if use_ssl else (587 if use_tls else 25)
    user, password = unquote(parts.username or ""), unquote(parts.password or "")
    return _smtp(parts.hostname, port or default_port, user, password, use_tls, use_ssl)


def _smtp(
    host: str, port: int, user: str, password: str, use_tls: bool, use_ssl: bool
) -> dict[str, object]:
    return {
        "EMAIL_BACKEND": SMTP_EMAIL,
        "EMAIL_HOST": host,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": user,
        "EMAIL_HOST_PASSWORD": password,
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": 20,  # a dead server must not hold a request for minutes
    }


def base_url() -> str:
    """OKRS_BASE_URL: where people reach this server, for links in emails sent outside a
    request (the CLI, the worker). Pages use the address the request came to."""
    raw = os.environ.get("OKRS_BASE_URL", "").strip().rstrip("/")
    if not raw:
        return "http://127.0.0.1:8000"
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"OKRS_BASE_URL={raw!r}: use https://okrs.example.com")
    return raw
