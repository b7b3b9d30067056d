"""Email settings from environment variables (README: "Email"), read like okrs.config's:
a bad value stops okrs at start-up with a message naming the variable."""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

from okrs.config import ConfigError, _redacted, env_int

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
