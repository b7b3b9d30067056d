"""What the periods page shows: each period with a line saying what its state means, its
dates, its focus areas (with how many objectives are aligned with each), and the forms an
admin fills in, with what was typed and its errors when a form comes back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone

from okrs.audit.models import AuditEntry
from okrs.goals.models import FocusArea, Period
from okrs.web.pages.period_choice import choose_period

Errors = dict[str, list[str]]


@dataclass
class AreaRow:
    area: FocusArea
    objectives: int  # every objective aligned with it, private ones too
    values: dict[str, str] = field(default_factory=dict)
    errors: Errors = field(default_factory=dict)

    @property
    def deletable(self) -> bool:
        return self.objectives == 0


@dataclass
class PeriodRow:
    period: Period
    state_line: str
    areas: list[AreaRow]
    values: dict[str, str] = field(default_factory=dict)
    errors: Errors = field(default_factory=dict)
    new_area: dict[str, str] = field(default_factory=dict)
    new_area_errors: Errors = field(default_factory=dict)

    @property
    def editable(self) -> bool:
        return not self.period.is_closed


def period_rows(organisation_id: int) -> list[PeriodRow]:
    """Newest first, in three queries whatever the number of periods and focus areas."""
    periods = list(Period.objects.filter(organisation_id=organisation_id).order_by("-start", "pk"))
    areas: dict[int, list[AreaRow]] = {period.pk: [] for period in periods}
    found = (
        FocusArea.objects.filter(period__in=periods)
        .annotate(aligned=Count("objectives"))
        .order_by("title", "pk")
    )
    for area in found:
        areas[area.period_id].append(AreaRow(area, area.aligned, _area_values(area)))
    closed_on = _closed_on([period.pk for period in periods if period.is_closed])
    shown = choose_period(periods, None)
    return [
        PeriodRow(
            period,
            state_line(period, shown, closed_on.get(period.pk)),
            areas[period.pk],
            period_values(period),
        )
        for period in periods
    ]


def state_line(period: Period, shown: Period | None, closed_on: date | None) -> str:
    """What the period's state means for the people using it, in one line."""
    if period.state == Period.State.DRAFT:
        return "Draft — objectives can be written; it is not shown as current yet."
    if period.state == Period.State.ACTIVE:
        if shown is None or shown.pk == period.pk:
            return "Active — the current period: pages open on it, check-ins and roll-ups run."
        return (
            "Active — check-ins and roll-ups run; pages open on "
            f"{shown.name}, the active period that started last."
        )
    when = f" on {closed_on:%-d %b %Y}" if closed_on else ""
    return f"Closed{when} — scores are final; no more check-ins or edits."


def _closed_on(period_ids: list[int]) -> dict[int, date]:
    """The day each closed period was last closed, from the audit trail (one query)."""
    if not period_ids:
        return {}
    entries = AuditEntry.objects.filter(
        object_type="period", object_id__in=period_ids, action__in=["create", "update"]
    ).order_by("at", "pk")
    found: dict[int, date] = {}
    for entry in entries.only("object_id", "changes", "at"):
        state = entry.changes.get("state")
        if isinstance(state, list) and state[-1:] == [Period.State.CLOSED]:
            found[entry.object_id] = timezone.localtime(entry.at).date()
    return found


def period_values(period: Period) -> dict[str, str]:
    return {"name": period.name, "start": period.start.isoformat(), "end": period.end.isoformat()}


def _area_values(area: FocusArea) -> dict[str, str]:
    return {"title": area.title, "description": area.description}
