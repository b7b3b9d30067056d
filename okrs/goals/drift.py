"""Do the stored figures still equal a rebuild from the check-ins?

Compares only what follows from the data (values, progress, counts, totals, times), not
health, which also moves with the clock: a figure stored yesterday may say *on track*
where today's rebuild says *outdated*, and both are right for their moment.
"""

from __future__ import annotations

from django.db import transaction

from okrs.goals.models import FocusArea, KeyResult, Objective, Period, StoredHealth, UnitRollup
from okrs.goals.rollup import recompute
from okrs.orgs.models import Organisation

AGGREGATE = ["objective_count", "progress_total", "last_check_in_at"]
DATA_FIGURES: dict[type[StoredHealth], list[str]] = {
    KeyResult: [
        "current",
        "confidence",
        "progress_raw",
        "progress",
        "last_check_in_at",
        "forecast_value",
        "forecast_off_track",
    ],
    Objective: ["progress", "last_check_in_at"],
    FocusArea: AGGREGATE,
    Period: AGGREGATE,
}


def data_figures(organisation: Organisation | None) -> dict[tuple[str, object], dict[str, object]]:
    found: dict[tuple[str, object], dict[str, object]] = {}
    for model, fields in DATA_FIGURES.items():
        rows = model._default_manager.all()
        if organisation is not None:
            rows = rows.filter(**{_organisation_path(model): organisation})
        for row in rows.values("pk", *fields):
            found[(model.__name__, row.pop("pk"))] = row
    units = UnitRollup.objects.exclude(objective_count=0)
    if organisation is not None:
        units = units.filter(unit__organisation=organisation)
    for row in units.values("unit_id", "period_id", *AGGREGATE):
        found[("UnitRollup", (row.pop("unit_id"), row.pop("period_id")))] = row
    return found


def _organisation_path(model: type[StoredHealth]) -> str:
    return {
        KeyResult: "objective__organisation",
        Objective: "organisation",
        FocusArea: "period__organisation",
        Period: "organisation",
    }[model]


def drift(organisation: Organisation | None = None) -> list[str]:
    """One line per stored figure that a rebuild would change; the database is left as is."""
    with transaction.atomic():
        stored = data_figures(organisation)
        recompute(organisation)
        rebuilt = data_figures(organisation)
        transaction.set_rollback(True)
    lines = []
    for key in sorted(set(stored) | set(rebuilt), key=str):
        old, new = stored.get(key, {}), rebuilt.get(key, {})
        for field in sorted(set(old) | set(new)):
            was, should_be = old.get(field), new.get(field)
            if was != should_be:
                lines.append(f"{key[0]} {key[1]} {field}: stored {was!r}, rebuilt {should_be!r}")
    return lines
