"""Readings of a built demo that several tests compare."""

from __future__ import annotations

from datetime import date

from okrs.goals.aggregate_rows import AGGREGATE_FIGURES
from okrs.goals.figures import KEY_RESULT_FIGURES, OBJECTIVE_FIGURES
from okrs.goals.models import CheckIn, FocusArea, KeyResult, Objective, Period, UnitRollup
from okrs.orgs.models import Unit

TODAY = date(2025, 5, 20)  # seven weeks into Q2 2025: history, but weeks still to go


def department_of(unit: Unit | None) -> Unit | None:
    while unit is not None and unit.kind != Unit.Kind.DEPARTMENT:
        unit = unit.parent
    return unit


def stored_figures(organisation):
    """Every stored roll-up; unit roll-ups by unit and period, as recompute recreates them."""

    def rows(queryset, key, fields):
        return sorted(queryset.values_list(*key, *fields))

    return [
        rows(
            KeyResult.objects.filter(objective__organisation=organisation),
            ["pk"],
            KEY_RESULT_FIGURES,
        ),
        rows(Objective.objects.filter(organisation=organisation), ["pk"], OBJECTIVE_FIGURES),
        rows(Period.objects.filter(organisation=organisation), ["pk"], AGGREGATE_FIGURES),
        rows(
            FocusArea.objects.filter(period__organisation=organisation), ["pk"], AGGREGATE_FIGURES
        ),
        rows(
            UnitRollup.objects.filter(period__organisation=organisation),
            ["unit", "period"],
            AGGREGATE_FIGURES,
        ),
    ]


def snapshot(organisation):
    """What a second build must repeat: titles, key result values and the check-in history."""
    objectives = Objective.objects.filter(organisation=organisation)
    key_results = KeyResult.objects.filter(objective__organisation=organisation)
    check_ins = CheckIn.objects.filter(key_result__objective__organisation=organisation)
    order = ["objective__period__start", "objective_id", "position"]
    return {
        "objectives": list(
            objectives.order_by("period__start", "pk").values_list(
                "period__name", "title", "kind", "final_score", "progress", "health"
            )
        ),
        "key_results": list(
            key_results.order_by(*order).values_list(
                "title", "start", "target", "current", "progress", "health"
            )
        ),
        "check_ins": list(
            check_ins.order_by(
                *[f"key_result__{field}" for field in order], "checked_at"
            ).values_list(
                "key_result__title", "checked_at", "value", "confidence", "note", "signal"
            )
        ),
    }
