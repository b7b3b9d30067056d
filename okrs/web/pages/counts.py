"""How many objectives a period has: one count, said the same way on every page.

The count of a period's objectives is its public objectives, as stored in
`Period.objective_count` (and answered by `GET /api/v1/periods`): the home page's *Whole
period* row, the root unit's page and the periods page all show it. Private objectives are
never counted anywhere, so a count cannot reveal them. The unit tree counts objectives by
owning unit, and personal objectives (owned by a person) are under no unit: where the root
unit's count falls short of the period's, the page names the personal ones that make up the
difference (issue 12, finding 9).
"""

from __future__ import annotations

from dataclasses import dataclass

from okrs.goals.models import Objective, Period


@dataclass(frozen=True)
class PeriodCount:
    objectives: int  # the period's public objectives
    personal: int  # those of them owned by a person, under no unit

    @property
    def in_units(self) -> int:
        return self.objectives - self.personal


def period_count(period: Period) -> PeriodCount:
    """The period's count (one query, for the personal ones)."""
    personal = period.objectives.filter(
        visibility=Objective.Visibility.PUBLIC, owner_user__isnull=False
    ).count()
    return PeriodCount(period.objective_count, personal)
