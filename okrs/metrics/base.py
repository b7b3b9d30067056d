"""The shapes every metric kind shares: its result, its options and its errors."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import okrs


class MetricError(Exception):
    """Bad input: one line naming the input and the problem. The CLI exits with 2."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


@dataclass(frozen=True)
class Reading:
    """One value and where it came from: enough to measure it again and get the same.

    A binding's run stores it as a `Measurement` row (`okrs.bindings.models`).
    """

    value: float
    unit: str
    kind: str
    input: str
    options: dict[str, str]
    digest: str  # "sha256:<hex>" of the bytes read, or "git:<commit>" for a repository
    details: dict[str, Any] = field(default_factory=dict)  # the parts of the formula
    measured_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    version: str = okrs.__version__

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise MetricError(self.input, f"the {self.kind} formula gave no finite value")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reading:
        return cls(
            value=float(data["value"]),
            unit=str(data["unit"]),
            kind=str(data["kind"]),
            input=str(data["input"]),
            options={str(key): str(value) for key, value in data["options"].items()},
            digest=str(data["digest"]),
            details=dict(data["details"]),
            measured_at=datetime.fromisoformat(data["measured_at"]),
            version=str(data["okrs_version"]),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "input": self.input,
            "options": dict(self.options),
            "digest": self.digest,
            "details": self.details,
            "measured_at": self.measured_at.isoformat(),
            "okrs_version": self.version,
        }


def describe(raw: object) -> str:
    """What a value read from a source is, without saying what it holds: errors name the
    shape of the content, never the content (issue 9: an error page echoed session keys)."""
    if raw is None:
        return "nothing (null)"
    if isinstance(raw, bool):
        return "a boolean"
    if isinstance(raw, int | float):
        return "a number"
    if isinstance(raw, str | bytes):
        return f"a text of {len(raw)} characters" if raw.strip() else "an empty text"
    if isinstance(raw, Mapping):
        return f"an object of {len(raw)} members"
    if isinstance(raw, list | tuple):
        return f"a list of {len(raw)} items"
    return f"a {type(raw).__name__}"


def columns_count(columns: object) -> str:
    """A file's columns by number: their names are the file's content too."""
    found = list(columns) if isinstance(columns, list | tuple) else []
    return f"{len(found)} column{'' if len(found) == 1 else 's'}"


class Options(Mapping[str, str]):
    """`--opt key=value` pairs, read with typed getters whose errors name the option."""

    def __init__(self, source: str, values: Mapping[str, str], allowed: Mapping[str, str]) -> None:
        self.source = source
        self._values = dict(values)
        unknown = sorted(set(self._values) - set(allowed))
        if unknown:
            known = ", ".join(sorted(allowed)) or "none"
            raise MetricError(source, f"unknown option {unknown[0]!r} (options: {known})")

    def __getitem__(self, key: str) -> str:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def text(self, name: str, default: str) -> str:
        return self._values.get(name, default)

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self._values.get(name, default)
        if value not in choices:
            raise MetricError(
                self.source, f"option {name}={value!r}: use one of {', '.join(choices)}"
            )
        return value

    def number(self, name: str, default: float) -> float:
        raw = self._values.get(name)
        if raw is None:
            return default
        try:
            value = float(raw)
        except ValueError:
            raise MetricError(self.source, f"option {name}={raw!r} is not a number") from None
        if not math.isfinite(value):
            raise MetricError(self.source, f"option {name}={raw!r} is not a finite number")
        return value

    def integer(self, name: str, default: int, minimum: int = 0) -> int:
        raw = self._values.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise MetricError(self.source, f"option {name}={raw!r} is not a whole number") from None
        if value < minimum:
            raise MetricError(self.source, f"option {name}={value} must be at least {minimum}")
        return value

    def day(self, name: str) -> date | None:
        raw = self._values.get(name)
        if raw is None:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise MetricError(
                self.source, f"option {name}={raw!r} is not a date (YYYY-MM-DD)"
            ) from None


Measure = Callable[[str, Options], Reading]


@dataclass(frozen=True)
class Kind:
    """A metric kind: its name, what it measures, the options it takes, and the function."""

    name: str
    summary: str
    options: Mapping[str, str]  # option name -> one-line help
    measure: Measure


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()
