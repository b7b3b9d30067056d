"""The editor's save as one change: all or nothing, with the refused part named."""

import pytest

from okrs.audit.models import AuditEntry
from okrs.audit.services import Author
from okrs.goals.models import KeyResult, Objective
from okrs.goals.services.editing import KeyResultPlan, ObjectivePlan, PartRefused, save_plan


def plan_for(world, *rows):
    return ObjectivePlan(
        title="Pages load fast on every phone",
        owner=f"unit:{world.web_team.pk}",
        key_results=[KeyResultPlan(values=row) for row in rows],
    )


def test_it_saves_the_objective_with_its_key_results_in_one_change(world):
    lcp = {"title": "LCP p75", "direction": "decrease", "start": 3400, "target": 2500}
    objective = save_plan(
        plan_for(world, lcp), objective=None, period=world.period, by=Author(world.alice, "web")
    )
    assert [kr.title for kr in objective.key_results.all()] == ["LCP p75"]
    entries = AuditEntry.objects.filter(objective_id=objective.pk)
    assert {(entry.object_type, entry.via) for entry in entries} == {
        ("objective", "web"),
        ("keyresult", "web"),
    }


def test_a_refused_key_result_keeps_nothing_and_names_its_row(world):
    good = {"title": "LCP p75", "direction": "decrease", "start": 3400, "target": 2500}
    bad = {"title": "", "direction": "increase", "start": 0, "target": 10}
    with pytest.raises(PartRefused) as refused:
        save_plan(plan_for(world, good, bad), objective=None, period=world.period, by=Author())
    assert refused.value.part == 1
    assert "title" in refused.value.error.by_field()
    assert not Objective.objects.exists()
    assert not KeyResult.objects.exists()
    assert not AuditEntry.objects.filter(objective_id__isnull=False).exists()
