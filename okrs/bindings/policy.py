"""The guard every measurement of a bound key result runs under, from the operator's settings.

Whatever the allow-lists say, okrs itself is never a source: its data folder (the SQLite
file, the generated secret key, collected static files), its code and settings, and its own
database by any URL. The outside test read live session keys through `sql` on the okrs file
and the SECRET_KEY through `csv` on the data folder; both are refused here.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connection

import okrs
from okrs.metrics.guard import Guard


def binding_guard() -> Guard:
    return Guard(
        file_roots=tuple(settings.BINDING_FILE_ROOTS),
        forbidden_paths=_own_paths(),
        allowed_networks=tuple(settings.BINDING_ALLOWED_NETWORKS),
        databases=tuple(settings.BINDING_DATABASES),
        forbidden_databases=(own_database_url(),),
        max_bytes=settings.MEASURE_MAX_MB * 2**20,
        deadline_seconds=float(settings.MEASURE_DEADLINE_SECONDS),
    )


def _own_paths() -> tuple[str, ...]:
    paths = [Path(settings.DATA_DIR), Path(okrs.__file__).parent]
    if connection.vendor == "sqlite":
        paths.append(Path(str(connection.settings_dict["NAME"])))
    return tuple(str(path.resolve()) for path in paths)


def own_database_url() -> str:
    """okrs's own database as a URL the guard compares binding URLs with."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(str(database['NAME'])).resolve()}"
    user = database.get("USER") or ""
    host = database.get("HOST") or "localhost"
    port = database.get("PORT") or "5432"
    return f"postgresql://{user}@{host}:{port}/{database['NAME']}"
