"""One run per binding at a time: a run claims the binding before it reads the source.

Two `okrs measure --due` from overlapping cron jobs, or a cron job and the worker's
*Measure now*, would otherwise read one source twice and race to store its value. The claim
is one conditional UPDATE, so it holds across processes, machines and both databases. A run
killed halfway (kill -9, a lost machine) leaves its claim behind; it goes stale after the
longest a measurement may take, and the next run takes it over.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from okrs.bindings.models import Binding, run_stale_after


def claim(binding: Binding, now: datetime) -> bool:
    """Mark the binding as being measured; False when another run holds a fresh claim."""
    free = Q(running_since__isnull=True) | Q(running_since__lt=now - run_stale_after())
    claimed = Binding.objects.filter(free, pk=binding.pk).update(running_since=now)
    if claimed:
        binding.running_since = now
    return bool(claimed)


def release(binding: Binding) -> None:
    Binding.objects.filter(pk=binding.pk).update(running_since=None)
    binding.running_since = None
