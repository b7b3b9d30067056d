"""Weekly history for git and issues bindings: each past Sunday measured as of that day.

A week's check-in is dated at the end of its Sunday (23:59:59 UTC) and keyed by the binding
and the day, so a rerun finds it and stores nothing twice, even after the input moved on.
A week the input gives no figure for (no release tags yet, no issues closed) is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from okrs.audit.services import Author
from okrs.bindings.measuring import MEASURED_BY, effective_options, read_value, store
from okrs.bindings.models import Binding
from okrs.core.errors import Conflict, InvalidInput
from okrs.metrics.base import MetricError

BACKFILL_KINDS = ("git", "issues")
SUNDAY = 6


@dataclass
class History:
    binding: Binding
    stored: int = 0
    existing: int = 0
    skipped: list[tuple[date, str]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Not one week measured: the input itself is the problem, not its early weeks."""
        return bool(self.skipped) and not (self.stored or self.existing)


def week_ends(since: date, today: date) -> list[date]:
    """Every Sunday from `since` on that has ended before `today`."""
    first = since + timedelta(days=(SUNDAY - since.weekday()) % 7)
    count = max(0, (today - first).days + 6) // 7
    return [first + timedelta(weeks=week) for week in range(count)]


def end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def backfill_binding(
    binding: Binding, since: date, *, by: Author = MEASURED_BY, now: datetime | None = None
) -> History:
    now = now or timezone.now()
    history = History(binding)
    for day in week_ends(since, now.astimezone(UTC).date()):
        measure_week(history, day, by, now)
    return history


def measure_week(history: History, day: date, by: Author, now: datetime) -> None:
    binding = history.binding
    try:
        value = read_value(binding, effective_options(binding, day, dated=True))
        key = f"measure:{binding.pk}:week:{day.isoformat()}"
        _, created = store(binding, value, checked_at=end_of(day), key=key, by=by, now=now)
    except (MetricError, InvalidInput, Conflict) as error:  # Conflict: a closed objective
        history.skipped.append((day, str(error)))
        return
    if created:
        history.stored += 1
    else:
        history.existing += 1
