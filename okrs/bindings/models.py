"""Bindings of key results to metric sources, and the measurements they made."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from okrs.bindings.cadence import describe_cadence
from okrs.goals.models import CheckIn, KeyResult


def run_stale_after() -> timedelta:
    """Longer than any measurement can run: its deadline, twice, and a minute to store. A
    claim or a queued request older than this was left behind by a process that died."""
    return timedelta(seconds=2 * settings.MEASURE_DEADLINE_SECONDS + 60)


class Binding(models.Model):
    """A key result measured by a metric kind from an input, on a cadence.

    The input is read on the server (a file, a folder, a URL, a database URL), so only
    organisation admins may create or change one.
    """

    key_result = models.OneToOneField(KeyResult, models.CASCADE, related_name="binding")
    kind = models.CharField(max_length=40)
    input = models.CharField(max_length=2000)
    options = models.JSONField(default=dict, blank=True)
    cadence_hours = models.PositiveIntegerField(default=24)
    # A rolling window for kinds with since/until options: the last N days up to the day
    # measured. Empty: the options' own since/until (or none) apply.
    window_days = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    next_due_at = models.DateTimeField(db_index=True)
    last_measured_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    # Set while a run measures this binding: a second run (an overlapping cron job, a
    # worker) skips it instead of measuring it twice. A run killed halfway leaves it set;
    # it counts as stale once it is older than the longest a measurement may take.
    running_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.input} for {self.key_result}"

    @property
    def cadence(self) -> str:
        return describe_cadence(self.cadence_hours)


class Measurement(models.Model):
    """The provenance of a measured check-in: enough to measure it again and get the same."""

    check_in = models.OneToOneField(CheckIn, models.CASCADE, related_name="measurement")
    # Kept when the binding is removed: the check-ins it made still say where they came from.
    binding = models.ForeignKey(
        Binding, models.SET_NULL, null=True, blank=True, related_name="measurements"
    )
    kind = models.CharField(max_length=40)
    input = models.CharField(max_length=2000)
    options = models.JSONField(default=dict, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    digest = models.CharField(max_length=200)
    okrs_version = models.CharField(max_length=40)
    measured_at = models.DateTimeField()
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["measured_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.digest} at {self.measured_at:%Y-%m-%d %H:%M}"

    @property
    def short_digest(self) -> str:
        scheme, _, rest = self.digest.partition(":")
        return f"{scheme}:{rest[:12]}" if rest else self.digest[:16]


class MeasureRequest(models.Model):
    """A person's *Measure now*: queued for the worker, so no web request waits on a source.

    The page follows its state; the recent requests of one person bound how often they may
    ask (a count of these rows, so the limit holds across app servers).
    """

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"

    binding = models.ForeignKey(Binding, models.CASCADE, related_name="requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(db_index=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # What the run found: stored, unchanged, failed or skipped (another run was measuring).
    outcome = models.CharField(max_length=10, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["requested_by", "requested_at"])]

    def __str__(self) -> str:
        return f"measure {self.binding_id} ({self.state})"

    @property
    def pending(self) -> bool:
        return self.state != self.State.DONE and not self.lost

    @property
    def lost(self) -> bool:
        """Still waiting long after any worker would have finished it: none is running."""
        return self.state != self.State.DONE and (
            self.requested_at < timezone.now() - run_stale_after()
        )
