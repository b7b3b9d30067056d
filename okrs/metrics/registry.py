"""Every metric kind, found by looking in `okrs/metrics/kinds/` for modules and packages with a
`KIND` (a kind with helpers is a package: its `__init__.py` defines `KIND`)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from functools import cache

from okrs.metrics import kinds
from okrs.metrics.base import Kind, MetricError, Options, Reading


@cache
def all_kinds() -> dict[str, Kind]:
    found: dict[str, Kind] = {}
    for module in pkgutil.iter_modules(kinds.__path__):
        kind = getattr(importlib.import_module(f"{kinds.__name__}.{module.name}"), "KIND", None)
        if isinstance(kind, Kind):
            found[kind.name] = kind
    return dict(sorted(found.items()))


def get(name: str) -> Kind:
    try:
        return all_kinds()[name]
    except KeyError:
        raise MetricError(name, f"unknown metric kind (kinds: {', '.join(all_kinds())})") from None


def measure(kind_name: str, source: str, options: Mapping[str, str] | None = None) -> Reading:
    kind = get(kind_name)
    return kind.measure(source, Options(source, options or {}, kind.options))
