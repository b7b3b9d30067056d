"""What a bound key result may read: the guard's rules, checked before and while reading.

A `Guard` is built from the operator's settings (`okrs.bindings.policy`) and passed to the
child process that measures (`okrs.metrics.isolated`). `check_input` refuses an input up
front — at bind time and again before each measurement — with one line naming the input
and the rule, never anything read from it:

- files and folders: inside one of `file_roots` (symlinks followed; none = no files at
  all) and never inside `forbidden_paths` (okrs's data folder, code, SQLite file);
- URLs: every address the host resolves to is public, or inside `allowed_networks`;
- `sql`: the database URL is listed exactly in `databases`, and is not okrs's own
  database by any spelling (`forbidden_databases`);
- `token-env` / `key-env` options name `OKRS_METRIC_TOKEN_…` variables only, the only
  ones the measuring process is given.

`okrs.metrics.guard_runtime` enforces the same rules on every read while measuring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from okrs.metrics.base import MetricError
from okrs.metrics.guard_databases import check_database
from okrs.metrics.guard_net import check_url
from okrs.metrics.guard_paths import check_path

TOKEN_PREFIX = "OKRS_METRIC_TOKEN_"
ENV_OPTIONS = ("token-env", "key-env")


@dataclass(frozen=True)
class Guard:
    file_roots: tuple[str, ...] = ()
    forbidden_paths: tuple[str, ...] = ()
    allowed_networks: tuple[str, ...] = ()
    databases: tuple[str, ...] = ()
    forbidden_databases: tuple[str, ...] = ()
    max_bytes: int = 100 * 2**20
    deadline_seconds: float = 60.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Guard:
        tuples = {
            name: tuple(str(item) for item in data.get(name, ()))
            for name in (
                "file_roots",
                "forbidden_paths",
                "allowed_networks",
                "databases",
                "forbidden_databases",
            )
        }
        return cls(
            **tuples,
            max_bytes=int(data.get("max_bytes", cls.max_bytes)),
            deadline_seconds=float(data.get("deadline_seconds", cls.deadline_seconds)),
        )


def is_url(source: str) -> bool:
    return source.strip().lower().startswith(("http://", "https://"))


def check_input(guard: Guard, kind: str, source: str, options: Mapping[str, str]) -> None:
    """Refuse an input the guard does not allow; a MetricError naming the input and the rule."""
    check_env_options(source, options)
    if kind == "sql":
        check_database(guard, source)
    elif is_url(source):
        check_url(guard, source, source, at_bind=True)
    else:
        check_path(guard, source, source)


def check_env_options(source: str, options: Mapping[str, str]) -> None:
    for name in ENV_OPTIONS:
        variable = options.get(name, "")
        if variable and not variable.startswith(TOKEN_PREFIX):
            raise MetricError(
                source,
                f"option {name}: only environment variables named {TOKEN_PREFIX}… reach the "
                "measuring process; keep the token in one of those",
            )
