"""Periods and their focus areas: set up by admins."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from okrs.audit.services import snapshot
from okrs.core import validation
from okrs.core.errors import FieldError
from okrs.goals.models import FocusArea, Period
from okrs.goals.rollup import lock_organisation, recompute
from okrs.goals.services.common import SYSTEM, Author, log, raise_if
from okrs.orgs.models import Organisation

PERIOD_FIELDS = ["name", "start", "end", "state"]
PERIOD_NAME_MAX_LENGTH = 100
FOCUS_AREA_FIELDS = ["title", "description"]


def _period_errors(name: str, start: date, end: date, state: str) -> list[FieldError]:
    errors = validation.title_errors(name, "name", max_length=PERIOD_NAME_MAX_LENGTH)
    errors += validation.date_errors(start, "start") + validation.date_errors(end, "end")
    if end < start:
        errors.append(FieldError("end", "must not be before the start"))
    return errors + validation.choice_errors(state, Period.State.values, "state")


@transaction.atomic
def create_period(
    organisation: Organisation,
    name: str,
    start: date,
    end: date,
    state: str = Period.State.DRAFT,
    *,
    by: Author = SYSTEM,
) -> Period:
    lock_organisation(organisation.pk)
    raise_if(_period_errors(name, start, end, state))
    period = Period.objects.create(
        organisation=organisation, name=name.strip(), start=start, end=end, state=state
    )
    log(by, "create", period, organisation.pk, None, snapshot(period, PERIOD_FIELDS))
    return period


@transaction.atomic
def update_period(
    period: Period, *, by: Author = SYSTEM, now: datetime | None = None, **changes: object
) -> Period:
    """Rename, move or change the state of a period; its figures follow (a closed period's
    objectives show *closed*)."""
    lock_organisation(period.organisation_id)
    before = snapshot(period, PERIOD_FIELDS)
    for name, value in changes.items():
        setattr(period, name, value)
    raise_if(_period_errors(period.name, period.start, period.end, period.state))
    period.save(update_fields=PERIOD_FIELDS)
    log(by, "update", period, period.organisation_id, before, snapshot(period, PERIOD_FIELDS))
    # Dates and state move every expected pace and health in the period: rebuild them all.
    recompute(period.organisation, now=now)
    return period


@transaction.atomic
def create_focus_area(
    period: Period, title: str, description: str = "", *, by: Author = SYSTEM
) -> FocusArea:
    lock_organisation(period.organisation_id)
    raise_if(validation.title_errors(title))
    area = FocusArea.objects.create(period=period, title=title.strip(), description=description)
    log(by, "create", area, period.organisation_id, None, snapshot(area, FOCUS_AREA_FIELDS))
    return area


@transaction.atomic
def update_focus_area(area: FocusArea, *, by: Author = SYSTEM, **changes: str) -> FocusArea:
    lock_organisation(area.period.organisation_id)
    before = snapshot(area, FOCUS_AREA_FIELDS)
    for name, value in changes.items():
        setattr(area, name, value)
    raise_if(validation.title_errors(area.title))
    area.save(update_fields=FOCUS_AREA_FIELDS)
    after = snapshot(area, FOCUS_AREA_FIELDS)
    log(by, "update", area, area.period.organisation_id, before, after)
    return area
