"""Which period a page shows: the one asked for, else the active one, else the first."""

from __future__ import annotations

from dataclasses import dataclass

from okrs.goals.access import Access
from okrs.goals.models import Period
from okrs.orgs.models import Organisation


def choose_period(periods: list[Period], wanted: object) -> Period | None:
    """`wanted` is the ?period= value (or a form's): a period id, or anything else."""
    for period in periods:
        if str(period.pk) == str(wanted):
            return period
    active = [period for period in periods if period.state == Period.State.ACTIVE]
    first = active or periods
    return first[0] if first else None


@dataclass(frozen=True)
class PeriodPage:
    """What every page of one period of the organisation starts from."""

    organisation: Organisation
    periods: list[Period]
    period: Period | None


def period_page(access: Access, wanted: object) -> PeriodPage:
    organisation = Organisation.objects.get(pk=access.actor.organisation_id)
    periods = list(organisation.periods.all())
    return PeriodPage(organisation, periods, choose_period(periods, wanted))
