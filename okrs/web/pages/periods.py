"""What the close and clone pages of a period show: each open objective with the scores
suggested for it, and the objectives one may clone with the periods to clone them into."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F

from okrs.core.closing import objective_score, parse_score
from okrs.core.errors import FieldError
from okrs.core.scoring import suggested_score
from okrs.goals.access import Access
from okrs.goals.models import (
    Alignment,
    KeyResult,
    Objective,
    Period,
    open_objectives,
    open_periods,
)

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
    # (score, link weight) of the child objectives that contribute to it: they count in the
    # score as they count in progress, so the two never disagree.
    children: list[tuple[float, float]] = field(default_factory=list)

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
    children = contributing_children(list(objectives))
    for objective in objectives:
        suggested = [(kr, suggested_score(kr.progress)) for kr in objective.key_results.all()]
        rows = [ScoreRow(kr, f"{score:.2f}", score=score) for kr, score in suggested]
        closing = Closing(objective, rows, score=f"{suggested_score(objective.progress):.2f}")
        closing.children = children.get(objective.pk, [])
        closing.computed = closing_score(closing)
        closings.append(closing)
    return closings


def contributing_children(objectives: list[Objective]) -> dict[int, list[tuple[float, float]]]:
    """Per objective, its contributing children's (score, weight): a child's final score once
    closed, else the score its progress suggests. One query for all of them; a private
    child counts only towards a private parent, as in progress."""
    by_parent: dict[int, list[tuple[float, float]]] = {}
    public = {o.pk for o in objectives if o.visibility == Objective.Visibility.PUBLIC}
    links = Alignment.objects.counted().filter(parent_objective__in=objectives)
    for parent_id, weight, final, child_progress, visibility in links.values_list(
        "parent_objective_id",
        "weight",
        "child__final_score",
        "child__progress",
        "child__visibility",
    ):
        if parent_id in public and visibility == Objective.Visibility.PRIVATE:
            continue
        score = final if final is not None else suggested_score(child_progress)
        by_parent.setdefault(parent_id, []).append((score, weight))
    return by_parent


def closing_score(closing: Closing) -> float | None:
    """The objective's score: the weighted mean of its key results' scores and of its
    contributing children's (the inputs of its progress), or typed when it has neither."""
    if not closing.rows and not closing.children:
        typed = parse_score(closing.score, "score")
        return None if isinstance(typed, FieldError) else typed
    if any(row.errors for row in closing.rows):
        return None
    scored = [(row.score, row.key_result.weight) for row in closing.rows]
    return objective_score(scored + closing.children)


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
