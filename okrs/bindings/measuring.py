"""Measuring a bound key result: the metric kind reads the input, a check-in stores the value.

Rules (docs/measure.md):
- A value is stored as a check-in with `source="measure:<kind>"`, the key result's last
  confidence carried on, and a `Measurement` row holding its provenance.
- The same input (digest), the same effective options and the same value as the binding's
  latest measurement store nothing new: only `last_measured_at` moves.
- A failure stores nothing for the key result and keeps its earlier values; the one-line
  problem goes to `last_error`. Either way the binding is next due one cadence later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from okrs.audit.services import Author
from okrs.bindings.models import Binding, Measurement
from okrs.bindings.policy import binding_guard
from okrs.bindings.services import takes_window
from okrs.core.errors import Conflict, InvalidInput
from okrs.goals.models import CheckIn, open_objectives
from okrs.goals.services import push_value
from okrs.goals.services.common import change
from okrs.metrics.base import MetricError, Reading
from okrs.metrics.isolated import measure_isolated

MEASURED_BY = Author(None, "measure")
ERROR_MAX_LENGTH = 500

# skipped: another run was measuring the binding; failed: the source could not be read (or,
# for a run with a deadline, the binding was not reached in time).
Status = Literal["stored", "unchanged", "failed", "skipped"]


@dataclass(frozen=True)
class Outcome:
    binding: Binding
    status: Status
    value: Reading | None = None
    error: str = ""
    check_in: CheckIn | None = None


def open_bindings() -> QuerySet[Binding]:
    """Bindings whose key result can still take a check-in (objective and period open)."""
    still_open = open_objectives("key_result__objective__")
    return Binding.objects.filter(still_open).select_related("key_result__objective")


def due_bindings(now: datetime | None = None) -> QuerySet[Binding]:
    return open_bindings().filter(next_due_at__lte=now or timezone.now())


def effective_options(binding: Binding, as_of: date, *, dated: bool = False) -> dict[str, str]:
    """The binding's options, with since/until set by its window ending on `as_of`.

    `dated` (backfill) also sets `until` without a window, so the figure is the one the
    input gave on that day.
    """
    options = {str(key): str(value) for key, value in binding.options.items()}
    if binding.window_days and takes_window(binding.kind):
        options["since"] = (as_of - timedelta(days=binding.window_days - 1)).isoformat()
        options["until"] = as_of.isoformat()
    elif dated:
        options["until"] = as_of.isoformat()
    return options


def read_value(binding: Binding, options: dict[str, str]) -> Reading:
    """The metric kind's measurement, read in a child process under the binding guard (the
    input is checked again: it may have been saved before the guard, or have changed);
    every problem becomes a one-line MetricError that quotes nothing the source holds."""
    return measure_isolated(
        binding.kind, binding.input, options, binding_guard(), memory_mb=settings.MEASURE_MEMORY_MB
    )


def read_at(binding: Binding, now: datetime) -> Reading:
    """Read the binding's source as of `now`. Touches no database, so runs may read several
    sources at once in threads while the thread that owns the connection records."""
    return read_value(binding, effective_options(binding, now.astimezone(UTC).date()))


def record(binding: Binding, read: Callable[[], Reading], by: Author, now: datetime) -> Outcome:
    """Store what `read()` gave (it answers the value or raises the read's error)."""
    try:
        value = read()
        if _unchanged(binding, value):
            _finish(binding, now)
            return Outcome(binding, "unchanged", value)
        key = f"measure:{binding.pk}:{value.digest}:{now.isoformat()}"
        check_in, _ = store(binding, value, checked_at=now, key=key, by=by, now=now)
    except (MetricError, InvalidInput, Conflict) as error:  # Conflict: a closed objective
        _fail(binding, str(error), now)
        return Outcome(binding, "failed", error=binding.last_error)
    return Outcome(binding, "stored", value, check_in=check_in)


def store(
    binding: Binding, value: Reading, *, checked_at: datetime, key: str, by: Author, now: datetime
) -> tuple[CheckIn, bool]:
    """The value as a check-in dated `checked_at`, with its provenance, in one transaction.

    Also the binding's success marks when `checked_at` is now (not for back-filled weeks).
    Answers the check-in and whether it is new (False: a rerun found it stored).
    """
    key_result = binding.key_result
    with transaction.atomic():
        pushed = push_value(
            key_result,
            value.value,
            at=checked_at,
            source=f"measure:{binding.kind}",
            idempotency_key=key[:200],
            note=_note(value),
            now=now,
            by=by,
        )
        if pushed.created:
            Measurement.objects.create(
                check_in=pushed.check_in,
                binding=binding,
                kind=value.kind,
                input=value.input,
                options=value.options,
                unit=value.unit,
                digest=value.digest,
                okrs_version=value.version,
                measured_at=value.measured_at,
                details=value.details,
            )
        if checked_at == now:
            _finish(binding, now)
    return pushed.check_in, pushed.created


def _note(value: Reading) -> str:
    return f"Measured: {value.kind} {value.value:g} {value.unit}".strip()[:140]


def _unchanged(binding: Binding, value: Reading) -> bool:
    last = (
        binding.measurements.select_related("check_in")
        .order_by("-check_in__checked_at", "-pk")
        .first()
    )
    return (
        last is not None
        and last.digest == value.digest
        and last.options == value.options
        and last.check_in.value == value.value
    )


def _finish(binding: Binding, now: datetime) -> None:
    binding.last_measured_at = now
    binding.last_error = ""
    binding.last_error_at = None
    _save_state(binding, now, ["last_measured_at", "last_error", "last_error_at"])


def _fail(binding: Binding, problem: str, now: datetime) -> None:
    binding.last_error = problem[:ERROR_MAX_LENGTH]
    binding.last_error_at = now
    _save_state(binding, now, ["last_error", "last_error_at"])


def _save_state(binding: Binding, now: datetime, fields: list[str]) -> None:
    # Due again one cadence later after a failure too: a broken input is not hammered.
    binding.next_due_at = now + timedelta(hours=binding.cadence_hours)
    with change(binding.key_result.objective.organisation_id):
        binding.save(update_fields=[*fields, "next_due_at"])
