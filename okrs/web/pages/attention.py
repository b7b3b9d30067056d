"""What needs attention in a period: stored health gone bad, open blockers, committed
objectives slipping behind pace. Only what the person may read; a few of each kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from okrs.core.checkins import Signal
from okrs.core.health import Health
from okrs.core.scoring import Kind
from okrs.goals import queries
from okrs.goals.access import Access
from okrs.goals.figures import expected_for, expected_of_objectives
from okrs.goals.models import (
    CheckIn,
    KeyResult,
    Objective,
    Period,
    health_now,
    open_objectives,
)

SHOWN = 5  # at first sight
FOLDED = 15  # more behind a "show more", the rest only counted


@dataclass
class Item:
    objective: Objective
    key_result: KeyResult | None = None
    detail: str = ""


@dataclass
class Concern:
    """One kind of trouble: the first LISTED items, and how many objectives and key results
    it holds in all (counted in SQL, so the page reads a few rows whatever the size)."""

    title: str
    slug: str
    items: list[Item] = field(default_factory=list)
    objective_total: int = 0
    key_result_total: int = 0

    @property
    def shown(self) -> list[Item]:
        return self.items[:SHOWN]

    @property
    def folded(self) -> list[Item]:
        return self.items[SHOWN:LISTED]

    @property
    def more(self) -> int:
        return max(0, self.objective_total + self.key_result_total - len(self.items))

    @property
    def counted(self) -> str:
        """The heading's count, each kind named and counted apart ("8 objectives · 18 key
        results"): an objective and its own key results are different things, never one
        number (issue 12, finding 9)."""
        parts = [(self.objective_total, "objective"), (self.key_result_total, "key result")]
        return " · ".join(f"{n} {word}{'s' * (n != 1)}" for n, word in parts if n)

    def take(self, objectives: QuerySet[Objective], key_results: QuerySet[KeyResult]) -> None:
        """Count both in SQL; list objectives first, then key results, up to LISTED."""
        self.objective_total, self.key_result_total = objectives.count(), key_results.count()
        for objective in objectives[:LISTED]:
            self.items.append(Item(objective, None, objective.health_reason))
        for kr in key_results[: LISTED - len(self.items)]:
            self.items.append(Item(kr.objective, kr, kr.health_reason))


LISTED = SHOWN + FOLDED
# Committed objectives held to their own pace one by one: the worst this many at most.
SLIPPING_CHECKED = 60


def needs_attention(period: Period, access: Access) -> list[Concern]:
    """Non-empty concerns, worst first; empty for a closed period. A constant number of
    queries: each concern counts and lists in SQL, fenced by what the person may read."""
    if period.is_closed:
        return []
    still_open = period.objectives.filter(open_objectives())
    readable = queries.readable(access)
    objectives = still_open.filter(readable).select_related("owner_unit", "owner_user")
    key_results = KeyResult.objects.filter(
        queries.readable(access, "objective_id"), objective__in=still_open
    ).select_related("objective__owner_unit", "objective__owner_user")
    concerns = [
        Concern("Off track", "off_track"),
        Concern("At risk", "at_risk"),
        Concern("Outdated", "outdated"),
    ]
    for concern in concerns:
        # As health reads now: a stored *on track* gone stale is outdated (models.from_db).
        now_is = health_now(concern.slug)
        concern.take(
            objectives.filter(now_is).order_by("title", "pk"),
            key_results.filter(now_is).order_by("objective__title", "position", "pk"),
        )
    found = [*concerns, _blockers(still_open, access), _slipping(period, access)]
    return [concern for concern in found if concern.items]


def _blockers(still_open: QuerySet[Objective], access: Access) -> Concern:
    """Blockers still standing: the latest check-in of their key result raised them."""
    latest = CheckIn.objects.filter(key_result=OuterRef("key_result")).order_by(
        "-checked_at", "-pk"
    )
    check_ins = (
        CheckIn.objects.filter(key_result__objective__in=still_open, signal=Signal.BLOCKER)
        .filter(queries.readable(access, "key_result__objective_id"))
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related(
            "key_result__objective__owner_unit", "key_result__objective__owner_user", "author"
        )
        .order_by("-checked_at", "-pk")
    )
    concern = Concern("Open blockers", "blocker", key_result_total=check_ins.count())
    for check_in in check_ins[:LISTED]:
        objective = check_in.key_result.objective
        concern.items.append(Item(objective, check_in.key_result, check_in.note))
    return concern


def _slipping(period: Period, access: Access) -> Concern:
    """Committed objectives behind their expected pace that their health still calls on
    track. The period's line picks the candidates in the database, the furthest behind
    first; each is then held to its own pace (from its activation, by what its key results
    expect), as its health is. Only the first SLIPPING_CHECKED are held to it."""
    now = timezone.now()
    expected = expected_for(period, now)
    candidates = (
        period.objectives.filter(
            health_now(Health.ON_TRACK), kind=Kind.COMMITTED, progress__lt=expected - 0.005
        )
        .filter(open_objectives(), queries.readable(access))
        .select_related("owner_unit", "owner_user", "period")
        .order_by("progress", "title", "pk")
    )
    concern = Concern("Committed, behind pace", "behind")
    checked = list(candidates[:SLIPPING_CHECKED])
    own_pace = expected_of_objectives(checked, now)
    for objective in checked:
        own = own_pace[objective.pk]
        if (objective.progress or 0) >= own - 0.005:
            continue
        detail = (
            f"{round((objective.progress or 0) * 100)}% done, {round(own * 100)}% "
            "expected by now; a committed objective has to land in full."
        )
        concern.objective_total += 1
        if len(concern.items) < LISTED:
            concern.items.append(Item(objective, None, detail))
    return concern
