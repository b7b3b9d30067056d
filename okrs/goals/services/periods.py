"""Periods and their focus areas: set up by admins."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from okrs.audit.services import snapshot
from okrs.core import validation
from okrs.core.closing import next_quarter, quarter_of
from okrs.core.errors import Conflict, FieldError
from okrs.goals.models import FocusArea, Period
from okrs.goals.rollup import recompute
from okrs.goals.services.common import SYSTEM, Author, change, raise_if
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


def suggested_period(
    organisation: Organisation, today: date | None = None
) -> tuple[str, date, date]:
    """Name, start and end offered for a new period: the quarter after the organisation's
    latest period, or the quarter holding today when it has none."""
    latest = organisation.periods.order_by("-end", "-pk").first()
    if latest is not None:
        return next_quarter(latest.end)
    return quarter_of(today or timezone.localdate())


def create_period(
    organisation: Organisation,
    name: str,
    start: date,
    end: date,
    state: str = Period.State.DRAFT,
    *,
    by: Author = SYSTEM,
) -> Period:
    raise_if(_period_errors(name, start, end, state))
    with change(organisation.pk, by) as write:
        period = Period.objects.create(
            organisation=organisation, name=name.strip(), start=start, end=end, state=state
        )
        write.audit("create", period, None, snapshot(period, PERIOD_FIELDS))
    return period


def update_period(
    period: Period, *, by: Author = SYSTEM, now: datetime | None = None, **changes: object
) -> Period:
    """Rename, move or change the state of a period; its figures follow (a closed period's
    objectives show *closed*)."""
    with change(period.organisation_id, by, now) as write:
        before = snapshot(period, PERIOD_FIELDS)
        for name, value in changes.items():
            setattr(period, name, value)
        raise_if(_period_errors(period.name, period.start, period.end, period.state))
        period.save(update_fields=PERIOD_FIELDS)
        write.audit("update", period, before, snapshot(period, PERIOD_FIELDS))
        # Dates and state move every expected pace and health in the period: rebuild them.
        recompute(period.organisation, now=now)
    return period


def activate_period(period: Period, *, by: Author = SYSTEM, now: datetime | None = None) -> Period:
    """Make a draft period active: it is shown as current, takes check-ins and its figures
    are rebuilt. Other active periods stay active (several may run at once); an active
    period is left as it is; a closed one stays closed, its scores are final."""
    if period.is_closed:
        raise Conflict(f"{period.name} is closed; its scores are final.", "state")
    if period.state == Period.State.ACTIVE:
        return period
    return update_period(period, state=Period.State.ACTIVE, by=by, now=now)


def create_focus_area(
    period: Period, title: str, description: str = "", *, by: Author = SYSTEM
) -> FocusArea:
    raise_if(validation.title_errors(title))
    with change(period.organisation_id, by) as write:
        area = FocusArea.objects.create(period=period, title=title.strip(), description=description)
        write.audit("create", area, None, snapshot(area, FOCUS_AREA_FIELDS))
    return area


def update_focus_area(area: FocusArea, *, by: Author = SYSTEM, **changes: str) -> FocusArea:
    with change(area.period.organisation_id, by) as write:
        before = snapshot(area, FOCUS_AREA_FIELDS)
        for name, value in changes.items():
            setattr(area, name, value)
        raise_if(validation.title_errors(area.title))
        area.save(update_fields=FOCUS_AREA_FIELDS)
        write.audit("update", area, before, snapshot(area, FOCUS_AREA_FIELDS))
    return area


def delete_focus_area(area: FocusArea, *, by: Author = SYSTEM) -> None:
    """Delete a focus area no objective is aligned with; one that has objectives stays
    (remove it from them first), so no objective loses a theme silently."""
    with change(area.period.organisation_id, by) as write:
        aligned = area.objectives.count()
        if aligned:
            raise Conflict(
                f"{area.title} has {aligned} objective{'s' * (aligned != 1)}; "
                "remove the focus area from them first."
            )
        write.audit("delete", area, snapshot(area, FOCUS_AREA_FIELDS), None)
        area.delete()
