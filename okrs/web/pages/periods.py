"""What the close and clone pages of a period show: each open objective with the scores
suggested for it, and the objectives one may clone with the periods to clone them into."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F

from okrs.core.closing import objective_score, parse_score
from okrs.core.errors import FieldError
from okrs.core.scoring import suggested_score
from okrs.goals.access import Access
from okrs.goals.models import KeyResult, Objective, Period, open_objectives, open_periods

# Units from the top down, then people's own objectives.
ORDER = (
    F("owner_unit__depth").asc(nulls_last=True),
    "owner_unit__name",
    "owner_user__username",
    "title",
    "pk",
)


@dataclass
class ScoreRow:
    key_result: KeyResult
    value: str
    errors: list[str] = field(default_factory=list)
    score: float = 0.0


@dataclass
class Closing:
    """One open objective on the close form: what was suggested or typed, and its errors."""

    objective: Objective
    rows: list[ScoreRow]
    score: str = ""  # typed directly only when the objective has no key results
    note: str = ""
    retrospective: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    computed: float | None = None

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(row.errors for row in self.rows)


def open_closings(period: Period) -> list[Closing]:
    objectives = (
        period.objectives.filter(open_objectives())
        .select_related("owner_unit", "owner_user")
        .prefetch_related("key_results")
        .order_by(*ORDER)
    )
    closings = []
    for objective in objectives:
        suggested = [(kr, suggested_score(kr.progress)) for kr in objective.key_results.all()]
        rows = [ScoreRow(kr, f"{score:.2f}", score=score) for kr, score in suggested]
        closing = Closing(objective, rows, score=f"{suggested_score(objective.progress):.2f}")
        closing.computed = closing_score(closing)
        closings.append(closing)
    return closings


def closing_score(closing: Closing) -> float | None:
    """The objective's score: the weighted mean of its key results' scores, or typed."""
    if not closing.rows:
        typed = parse_score(closing.score, "score")
        return None if isinstance(typed, FieldError) else typed
    if any(row.errors for row in closing.rows):
        return None
    return objective_score([(row.score, row.key_result.weight) for row in closing.rows])


def clonable_objectives(access: Access, period: Period) -> list[Objective]:
    """Objectives the person may read and create again as they are (leads, admins, owners)."""
    objectives = (
        period.objectives.select_related("owner_unit", "owner_user")
        .prefetch_related("key_results")
        .order_by(*ORDER)
    )
    return [
        objective
        for objective in objectives
        if access.can_read(objective)
        and access.can_create(owner_unit=objective.owner_unit, owner_user=objective.owner_user)
    ]


def clone_targets(period: Period) -> tuple[list[Period], Period | None]:
    """Open periods other than this one, and the next one after it, if any."""
    others = Period.objects.filter(organisation_id=period.organisation_id).exclude(pk=period.pk)
    choices = list(others.filter(open_periods()).order_by("start", "pk"))
    later = [each for each in choices if each.start > period.start]
    return choices, (later[0] if later else None)
