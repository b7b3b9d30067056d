"""What needs attention in a period: stored health gone bad, open blockers, committed
objectives slipping behind pace. Only what the person may read; a few of each kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from okrs.core.checkins import Signal
from okrs.core.health import Health
from okrs.core.scoring import Kind
from okrs.goals.access import Access
from okrs.goals.figures import expected_for, expected_of_objective
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
    title: str
    slug: str
    items: list[Item] = field(default_factory=list)

    @property
    def shown(self) -> list[Item]:
        return self.items[:SHOWN]

    @property
    def folded(self) -> list[Item]:
        return self.items[SHOWN : SHOWN + FOLDED]

    @property
    def more(self) -> int:
        return max(0, len(self.items) - SHOWN - FOLDED)

    @property
    def counted(self) -> str:
        """The heading's count, each kind named and counted apart ("8 objectives · 18 key
        results"): an objective and its own key results are different things, never one
        number (issue 12, finding 9)."""
        objectives = sum(1 for item in self.items if item.key_result is None)
        parts = [(objectives, "objective"), (len(self.items) - objectives, "key result")]
        return " · ".join(f"{n} {word}{'s' * (n != 1)}" for n, word in parts if n)


def needs_attention(period: Period, access: Access) -> list[Concern]:
    """Non-empty concerns, worst first; empty for a closed period."""
    if period.is_closed:
        return []
    concerns = {
        Health.OFF_TRACK: Concern("Off track", "off_track"),
        Health.AT_RISK: Concern("At risk", "at_risk"),
        Health.OUTDATED: Concern("Outdated", "outdated"),
    }
    still_open = period.objectives.filter(open_objectives())
    # As health reads now: a stored *on track* gone stale is outdated today (models.from_db).
    troubled = Q(health__in=list(concerns)) | health_now(Health.OUTDATED)
    objectives = access.readable(
        still_open.filter(troubled)
        .select_related("owner_unit", "owner_user")
        .order_by("title", "pk")
    )
    for objective in objectives:
        concerns[Health(objective.health)].items.append(
            Item(objective, None, objective.health_reason)
        )
    key_results = KeyResult.objects.filter(troubled, objective__in=still_open).select_related(
        "objective__owner_unit", "objective__owner_user"
    )
    for kr in key_results.order_by("objective__title", "position", "pk"):
        if access.can_read(kr.objective):
            concerns[Health(kr.health)].items.append(Item(kr.objective, kr, kr.health_reason))
    found = [*concerns.values(), _blockers(still_open, access), _slipping(period, access)]
    return [concern for concern in found if concern.items]


def _blockers(still_open: object, access: Access) -> Concern:
    """Blockers still standing: the latest check-in of their key result raised them."""
    latest = CheckIn.objects.filter(key_result=OuterRef("key_result")).order_by(
        "-checked_at", "-pk"
    )
    check_ins = (
        CheckIn.objects.filter(key_result__objective__in=still_open, signal=Signal.BLOCKER)
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related(
            "key_result__objective__owner_unit", "key_result__objective__owner_user", "author"
        )
        .order_by("-checked_at", "-pk")
    )
    concern = Concern("Open blockers", "blocker")
    for check_in in check_ins:
        objective = check_in.key_result.objective
        if access.can_read(objective):
            concern.items.append(Item(objective, check_in.key_result, check_in.note))
    return concern


def _slipping(period: Period, access: Access) -> Concern:
    """Committed objectives behind their expected pace that their health still calls on
    track. The period's line picks the candidates in the database; each is then held to its
    own pace (from its activation, by what its key results expect), as its health is."""
    now = timezone.now()
    expected = expected_for(period, now)
    objectives = (
        period.objectives.filter(
            health_now(Health.ON_TRACK), kind=Kind.COMMITTED, progress__lt=expected - 0.005
        )
        .filter(open_objectives())
        .select_related("owner_unit", "owner_user", "period")
        .order_by("progress", "title", "pk")
    )
    concern = Concern("Committed, behind pace", "behind")
    for objective in access.readable(objectives):
        own = expected_of_objective(objective, now)
        if (objective.progress or 0) >= own - 0.005:
            continue
        detail = (
            f"{round((objective.progress or 0) * 100)}% done, {round(own * 100)}% "
            "expected by now; a committed objective has to land in full."
        )
        concern.items.append(Item(objective, None, detail))
    return concern
