"""Runs of measurements: one binding for *Measure now*, many for `okrs measure`.

Each binding is claimed first (`lease`), so overlapping runs never measure it twice. Its
source is read in a worker thread, the reading itself in a child process bounded by the
measurement's deadline, while this thread, which owns the database connection, records the
results as they come; a run of many bindings reads `jobs` of them at a time and yields each
outcome the moment it is known.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import closing
from datetime import datetime

from django.utils import timezone

from okrs.audit.services import Author
from okrs.bindings import lease
from okrs.bindings.measuring import MEASURED_BY, Outcome, read_at, record
from okrs.bindings.models import Binding
from okrs.metrics.base import Reading

SKIPPED = "another run is measuring it now"


def measure_binding(
    binding: Binding, *, by: Author = MEASURED_BY, now: datetime | None = None
) -> Outcome:
    """Measure one binding now and record what happened; skipped while another run does."""
    with closing(measure_bindings([binding], by=by, now=now)) as outcomes:
        return next(outcomes)


def measure_bindings(
    bindings: Iterable[Binding],
    *,
    jobs: int = 1,
    by: Author = MEASURED_BY,
    now: datetime | None = None,
    ends_at: float | None = None,
) -> Generator[Outcome, None, None]:
    """Each binding's outcome as it is known. `ends_at` (time.monotonic()) is the run's own
    deadline: bindings not started by then are reported as failed, not measured."""
    waiting = deque(bindings)
    reading: dict[Future[Reading], tuple[Binding, datetime]] = {}
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="okrs-measure") as pool:
        try:
            while waiting or reading:
                while waiting and len(reading) < jobs:
                    binding = waiting.popleft()
                    started = now or timezone.now()
                    if ends_at is not None and time.monotonic() >= ends_at:
                        yield Outcome(
                            binding, "failed", error="not measured: the run's time ran out"
                        )
                    elif not lease.claim(binding, started):
                        yield Outcome(binding, "skipped", error=SKIPPED)
                    else:
                        reading[pool.submit(read_at, binding, started)] = (binding, started)
                if reading:
                    finished, _ = wait(reading, return_when=FIRST_COMPLETED)
                    for future in finished:
                        binding, started = reading.pop(future)
                        try:
                            yield record(binding, future.result, by, started)
                        finally:
                            lease.release(binding)
        finally:
            for binding, _ in reading.values():
                lease.release(binding)
