"""Periods, focus areas, objectives, key results, check-ins, feedback and canvases.

The `progress`, `health*` and `last_check_in_at` columns are stored roll-ups: written by
`okrs.goals.rollup` in the same transaction as the check-in that changes them, and rebuilt by
`okrs recompute`. Nothing else writes them.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from enum import StrEnum
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from okrs.core.alignment import MAX_LINK_WEIGHT, LinkKind, LinkState
from okrs.core.checkins import NOTE_MAX_LENGTH, FeedbackKind, Signal
from okrs.core.health import PACED, Health, aged
from okrs.core.progress import Direction, KeyResultSpec
from okrs.core.scoring import Kind
from okrs.orgs.models import Organisation, Unit


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ")) for member in enum]


class StoredHealth(models.Model):
    """Columns shared by everything that has a stored progress and health."""

    progress = models.FloatField(null=True, blank=True, editable=False)
    health = models.CharField(
        max_length=10, choices=choices(Health), default=Health.PENDING, editable=False
    )
    health_reason = models.CharField(max_length=200, blank=True, editable=False)
    last_check_in_at = models.DateTimeField(null=True, blank=True, editable=False)
    stored_health: str  # set on load: the health the row holds (see from_db)

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Self:
        """Health as it reads now, not as it was stored: a figure goes *outdated* the moment
        its last check-in is older than the cadence, with no write or cron job in between.
        `stored_health` keeps what the aggregate rows counted it as."""
        instance = super().from_db(db, field_names, values)
        if "health" in instance.__dict__ and "last_check_in_at" in instance.__dict__:
            instance.stored_health = instance.health
            instance.health, instance.health_reason = aged(
                instance.health,
                instance.__dict__.get("health_reason", ""),
                instance.last_check_in_at,
                timezone.now(),
                timedelta(days=settings.CHECK_IN_CADENCE_DAYS),
            )
        return instance


class Aggregated(StoredHealth):
    """A stored roll-up over many objectives: a period, a focus area, a unit's subtree.

    Progress is kept as a count and an integer total in millionths, so a check-in can add
    its objective's change to every row on its path exactly (no float drift), and the rows
    always equal what `okrs recompute` builds from scratch.
    """

    objective_count = models.PositiveIntegerField(default=0, editable=False)
    progress_total = models.BigIntegerField(default=0, editable=False)
    health_counts = models.JSONField(default=dict, editable=False)

    class Meta:
        abstract = True


class Period(Aggregated):
    class State(models.TextChoices):
        DRAFT = "draft"
        ACTIVE = "active"
        CLOSED = "closed"

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="periods")
    name = models.CharField(max_length=100)
    start = models.DateField()
    end = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED


class FocusArea(Aggregated):
    """A company-wide theme for a period, set by an admin, that aligns OKRs across units."""

    period = models.ForeignKey(Period, models.CASCADE, related_name="focus_areas")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Objective(StoredHealth):
    class Visibility(models.TextChoices):
        PUBLIC = "public"
        PRIVATE = "private"

    class State(models.TextChoices):
        DRAFT = "draft"
        ACTIVE = "active"
        CLOSED = "closed"

    # Denormalised from the period so every query can be fenced by organisation.
    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="objectives")
    period = models.ForeignKey(Period, models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner_unit = models.ForeignKey(
        Unit, models.CASCADE, null=True, blank=True, related_name="objectives"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="objectives"
    )
    kind = models.CharField(max_length=12, choices=choices(Kind), default=Kind.COMMITTED)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    focus_areas = models.ManyToManyField(FocusArea, blank=True, related_name="objectives")
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    final_score = models.FloatField(null=True, blank=True)
    score_note = models.TextField(blank=True)
    # What the team learned, written when the period closes.
    retrospective = models.TextField(blank=True)
    # Drafted from one impact of an OKR Canvas: the canvas and the impact's text as it was.
    canvas = models.ForeignKey(
        "Canvas", models.SET_NULL, null=True, blank=True, related_name="drafted_objectives"
    )
    canvas_impact = models.CharField(max_length=500, blank=True)
    # Carried over from an earlier period (without its check-ins).
    cloned_from = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="clones"
    )
    # When the objective became active: its expected pace starts then (or on the period's
    # first day, if that is later). NULL for a draft, and for objectives stored before
    # okrs kept it, which are paced from the period's first day.
    activated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_unit__isnull=False, owner_user__isnull=True)
                | Q(owner_unit__isnull=True, owner_user__isnull=False),
                name="objective_has_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(final_score__isnull=True) | Q(final_score__gte=0, final_score__lte=1),
                name="objective_score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        if self.owner_unit is not None:
            return self.owner_unit.name
        assert self.owner_user is not None
        return self.owner_user.get_full_name() or self.owner_user.get_username()

    @property
    def is_closed(self) -> bool:
        """The one meaning of "closed": the objective was closed, or its period was. A
        closed objective takes no check-ins, no new links and no edits by its owner."""
        return self.closed_in(self.period.is_closed)

    def closed_in(self, period_closed: bool) -> bool:
        """`is_closed` when the period's state is known without loading the period."""
        return self.state == self.State.CLOSED or period_closed


def open_objectives(path: str = "") -> Q:
    """`not Objective.is_closed` as a filter, for lists and counts; `path` leads from the
    queried model to the objective (`"key_result__objective__"`)."""
    closed = Q(**{f"{path}state": Objective.State.CLOSED})
    return ~closed & open_periods(f"{path}period__")


def health_now(health: str, path: str = "") -> Q:
    """Rows whose health reads `health` now (see StoredHealth.from_db): a stored paced state
    whose last check-in is older than the cadence reads *outdated*."""
    stale = Q(
        **{
            f"{path}health__in": sorted(PACED),
            f"{path}last_check_in_at__lt": timezone.now()
            - timedelta(days=settings.CHECK_IN_CADENCE_DAYS),
        }
    )
    if health == Health.OUTDATED:
        return Q(**{f"{path}health": health}) | stale
    if health in PACED:
        return Q(**{f"{path}health": health}) & ~stale
    return Q(**{f"{path}health": health})


def open_periods(path: str = "") -> Q:
    """`not Period.is_closed` as a filter."""
    return ~Q(**{f"{path}state": Period.State.CLOSED})


class KeyResult(StoredHealth):
    objective = models.ForeignKey(Objective, models.CASCADE, related_name="key_results")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    direction = models.CharField(
        max_length=12, choices=choices(Direction), default=Direction.INCREASE
    )
    unit_label = models.CharField(max_length=20, blank=True)
    start = models.FloatField(default=0)
    target = models.FloatField(default=1)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    tolerance = models.FloatField(null=True, blank=True)
    weight = models.FloatField(default=1)
    position = models.PositiveIntegerField(default=0)
    # A milestone's due date: on track until then, off track once it passes undone.
    # NULL means the period's last day.
    due = models.DateField(null=True, blank=True)
    # Decimal places to show values with; NULL means as many as start and target use.
    precision = models.PositiveSmallIntegerField(null=True, blank=True)
    # The 0-1 score given when the objective closed (suggested from progress, adjustable).
    final_score = models.FloatField(null=True, blank=True)
    # Stored roll-ups beyond the shared ones: the latest value, raw progress (over-achievement
    # stays visible), the latest confidence and the forecast for the end of the period.
    current = models.FloatField(null=True, blank=True, editable=False)
    progress_raw = models.FloatField(null=True, blank=True, editable=False)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    forecast_value = models.FloatField(null=True, blank=True, editable=False)
    forecast_off_track = models.BooleanField(default=False, editable=False)
    forecast_reason = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]
        # Lists page key results in this order: the index lets them stop at a page's rows.
        indexes = [models.Index(fields=["objective", "position", "id"], name="key_result_order")]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="key_result_weight_positive"),
            models.CheckConstraint(
                condition=Q(final_score__isnull=True) | Q(final_score__gte=0, final_score__lte=1),
                name="key_result_score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def spec(self) -> KeyResultSpec:
        return KeyResultSpec(
            Direction(self.direction), self.start, self.target, self.low, self.high, self.tolerance
        )


class AlignmentQuerySet(models.QuerySet["Alignment"]):
    def accepted(self) -> AlignmentQuerySet:
        """The links that exist for everyone: pages, the alignment tree, API lists."""
        return self.filter(state=LinkState.ACCEPTED)

    def proposed(self) -> AlignmentQuerySet:
        return self.filter(state=LinkState.PROPOSED)

    def counted(self) -> AlignmentQuerySet:
        """The links that count in a parent's figures: accepted *contribute* links. Every
        roll-up reads links through here, so a proposal never moves a number."""
        return self.accepted().filter(kind=LinkKind.CONTRIBUTE)


class Alignment(models.Model):
    """A child objective under a parent objective or a parent key result.

    *contribute* links count in the parent's progress with their weight; *support* links are
    shown, not counted. A *proposed* link (made by someone who may not edit the parent)
    counts and shows nowhere until the parent's side accepts it.
    """

    child = models.ForeignKey(Objective, models.CASCADE, related_name="parent_links")
    parent_objective = models.ForeignKey(
        Objective, models.CASCADE, null=True, blank=True, related_name="child_links"
    )
    parent_key_result = models.ForeignKey(
        KeyResult, models.CASCADE, null=True, blank=True, related_name="child_links"
    )
    kind = models.CharField(max_length=10, choices=choices(LinkKind), default=LinkKind.CONTRIBUTE)
    weight = models.FloatField(default=1)
    state = models.CharField(max_length=10, choices=choices(LinkState), default=LinkState.ACCEPTED)

    objects = AlignmentQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent_objective__isnull=False, parent_key_result__isnull=True)
                | Q(parent_objective__isnull=True, parent_key_result__isnull=False),
                name="alignment_has_one_parent",
            ),
            models.UniqueConstraint(
                fields=["child", "parent_objective"], name="alignment_objective_unique"
            ),
            models.UniqueConstraint(
                fields=["child", "parent_key_result"], name="alignment_key_result_unique"
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=MAX_LINK_WEIGHT),
                name="alignment_weight_in_range",
            ),
        ]

    def __str__(self) -> str:
        parent = self.parent_objective or self.parent_key_result
        return f"{self.child} {self.kind}s to {parent}"

    @property
    def counts(self) -> bool:
        return self.kind == LinkKind.CONTRIBUTE and self.state == LinkState.ACCEPTED

    @property
    def is_proposed(self) -> bool:
        return self.state == LinkState.PROPOSED

    @property
    def parent(self) -> Objective:
        """The parent objective, or the objective of the parent key result."""
        if self.parent_objective is not None:
            return self.parent_objective
        assert self.parent_key_result is not None
        return self.parent_key_result.objective


class CheckIn(models.Model):
    key_result = models.ForeignKey(KeyResult, models.CASCADE, related_name="check_ins")
    value = models.FloatField()
    # How sure the person was, 0-10; NULL when nobody said (a measured or pushed value).
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    signal = models.CharField(max_length=10, choices=choices(Signal), default=Signal.NONE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the value held; may be earlier than created_at for back-filled measurements.
    checked_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Where a pushed or measured value came from (a CI job, `okrs measure`); empty when typed.
    source = models.CharField(max_length=100, blank=True)
    # A client's Idempotency-Key: a retried push finds its first check-in instead of adding one.
    # NULL, not "", when absent: NULLs stay distinct under the unique constraint.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["checked_at", "id"]
        indexes = [models.Index(fields=["key_result", "checked_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__lte=10), name="check_in_confidence_0_10"
            ),
            models.UniqueConstraint(
                fields=["key_result", "idempotency_key"], name="check_in_idempotency_key_unique"
            ),
            models.UniqueConstraint(
                fields=["key_result", "source", "checked_at"],
                condition=~Q(source=""),
                name="check_in_source_time_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} on {self.key_result}"


class Feedback(models.Model):
    """A lead's answer to a check-in: *continue* (encouraging) or *consider* (constructive)."""

    check_in = models.ForeignKey(CheckIn, models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=choices(FeedbackKind))
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.note}"


class Canvas(models.Model):
    """The OKR Canvas: where a unit stands, the impact it can make, and what blocks it."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="canvases")
    period = models.ForeignKey(Period, models.CASCADE, related_name="canvases")
    current_state = models.TextField(blank=True)
    impacts = models.JSONField(default=list, blank=True)
    blockers = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="canvas_unique")]

    def __str__(self) -> str:
        return f"Canvas of {self.unit} for {self.period}"


class UnitRollup(Aggregated):
    """A unit's figures for one period over the public objectives of its whole subtree."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="rollups")
    period = models.ForeignKey(Period, models.CASCADE, related_name="unit_rollups")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="unit_rollup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} in {self.period}"
