"""*Measure now*: a person's request, queued for the worker instead of run in the request.

A source that trickles one byte every ten seconds, or a query that never ends, used to hold
a web worker for as long as it liked; two presses took the site down. Now the press stores
a request and a task in one transaction and answers at once; `okrs worker` measures it,
bounded by the measurement's own deadline, and the page follows the request's state.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from okrs.bindings.models import Binding, MeasureRequest, run_stale_after
from okrs.goals.services.common import change


class TooManyRequests(Exception):
    """The person asked for more measurements than the limit allows; the message says when
    they may ask again."""


def latest_request(binding: Binding) -> MeasureRequest | None:
    return binding.requests.order_by("-pk").first()


def request_measurement(
    binding: Binding, user: User, *, now: datetime | None = None
) -> MeasureRequest:
    """Queue a measurement of the binding, or answer the one already waiting for it."""
    from okrs.bindings.tasks import run_measure_request

    now = now or timezone.now()
    with change(binding.key_result.objective.organisation_id):
        pending = _pending(binding, now)
        if pending is not None:
            return pending
        _check_limit(user, now)
        request = MeasureRequest.objects.create(
            binding=binding, requested_by=user, requested_at=now
        )
        run_measure_request.enqueue(request.pk)
    return request


def _pending(binding: Binding, now: datetime) -> MeasureRequest | None:
    """The binding's waiting request; one left behind by a dead worker is closed instead."""
    pending = binding.requests.exclude(state=MeasureRequest.State.DONE).order_by("-pk").first()
    if pending is None:
        return None
    if pending.requested_at >= now - run_stale_after():
        return pending
    pending.state, pending.outcome, pending.finished_at = MeasureRequest.State.DONE, "lost", now
    pending.save(update_fields=["state", "outcome", "finished_at"])
    return None


def _check_limit(user: User, now: datetime) -> None:
    window = timedelta(minutes=settings.MEASURE_NOW_WINDOW_MINUTES)
    recent = MeasureRequest.objects.filter(requested_by=user, requested_at__gt=now - window)
    if recent.count() < settings.MEASURE_NOW_LIMIT:
        return
    oldest = recent.order_by("requested_at").values_list("requested_at", flat=True).first()
    wait = max(1, round(((oldest or now) + window - now).total_seconds() / 60))
    raise TooManyRequests(
        f"You asked for {settings.MEASURE_NOW_LIMIT} measurements in "
        f"{settings.MEASURE_NOW_WINDOW_MINUTES} minutes; try again in {wait} minute(s). "
        "Bound key results are also measured on their cadence."
    )
