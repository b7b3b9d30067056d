"""Which period a page shows: the one asked for, else the active one, else the first."""

from __future__ import annotations

from okrs.goals.models import Period


def choose_period(periods: list[Period], wanted: object) -> Period | None:
    """`wanted` is the ?period= value (or a form's): a period id, or anything else."""
    for period in periods:
        if str(period.pk) == str(wanted):
            return period
    active = [period for period in periods if period.state == Period.State.ACTIVE]
    first = active or periods
    return first[0] if first else None
