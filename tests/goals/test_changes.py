"""Edits, deletions and pushes keep the stored figures equal to a recompute, and audit."""

from datetime import UTC, datetime, timedelta

import pytest

from okrs.audit.models import AuditEntry
from okrs.goals.models import CheckIn, Objective, UnitRollup
from okrs.goals.rollup import recompute
from okrs.goals.services import (
    Author,
    delete_key_result,
    delete_objective,
    push_value,
    record_check_in,
    unalign,
    update_key_result,
    update_objective,
    update_period,
)
from tests.goals.test_rollup import NOW, build_tree, stored_figures


@pytest.fixture
def tree(world):
    key_results = build_tree(world)
    for key_result, value in zip(key_results, [20, None, 2950, 99.7, 300, 1], strict=True):
        if value is not None:  # coverage is measured by the web objective under it
            record_check_in(key_result, value, 7, now=NOW, by=Author(world.bob))
    return key_results


def assert_figures_equal_a_recompute(world):
    incremental = stored_figures()
    recompute(world.organisation, now=NOW)
    assert stored_figures() == incremental


@pytest.mark.django_db
def test_moving_an_objective_to_another_unit_moves_its_figures(world, tree):
    web = tree[2].objective
    update_objective(web, owner_unit=world.api_team, now=NOW)
    assert_figures_equal_a_recompute(world)
    api_rollup = UnitRollup.objects.get(unit=world.api_team, period=world.period)
    assert api_rollup.objective_count == 1


@pytest.mark.django_db
def test_making_an_objective_private_takes_it_out_of_the_aggregates(world, tree):
    update_objective(tree[2].objective, visibility="private", now=NOW)
    counted = UnitRollup.objects.filter(unit=world.web_team, objective_count__gt=0)
    assert not counted.exists()
    assert_figures_equal_a_recompute(world)


@pytest.mark.django_db
def test_deleting_objectives_key_results_and_links_rolls_up_again(world, tree):
    company = tree[0].objective
    delete_objective(tree[4].objective, now=NOW)  # the API objective, contributing to company
    assert_figures_equal_a_recompute(world)
    delete_key_result(tree[1], now=NOW)  # coverage, which the web objective contributed to
    assert_figures_equal_a_recompute(world)
    unalign(company.child_links.first(), now=NOW)
    assert_figures_equal_a_recompute(world)


@pytest.mark.django_db
def test_closing_a_period_closes_the_health_of_everything_in_it(world, tree):
    update_period(world.period, state="closed", now=NOW)
    healths = set(Objective.objects.values_list("health", flat=True))
    assert healths == {"closed"}


@pytest.mark.django_db
def test_a_retried_push_stores_the_value_once(world, tree):
    lcp = tree[2]  # coverage is measured by its children
    first = push_value(
        lcp, 2800, source="ci", idempotency_key="run-41", now=NOW, by=Author(world.bob, "api")
    )
    again = push_value(
        lcp, 2800, source="ci", idempotency_key="run-41", now=NOW, by=Author(world.bob, "api")
    )
    assert first.created
    assert not again.created
    assert again.check_in.pk == first.check_in.pk
    at = NOW - timedelta(hours=1)
    push_value(lcp, 2790, source="nightly", at=at, now=NOW, by=Author(world.bob, "api"))
    assert not push_value(
        lcp, 2790, source="nightly", at=at, now=NOW, by=Author(world.bob, "api")
    ).created
    assert CheckIn.objects.filter(key_result=lcp, source__in=["ci", "nightly"]).count() == 2


@pytest.mark.django_db
def test_it_gives_a_pushed_value_no_confidence(world, tree):
    """A machine knows the value, not how sure the team is (issue 12, finding 8)."""
    lcp = tree[2]
    pushed = push_value(lcp, 2900, source="ci", now=NOW, by=Author(via="api"))
    assert pushed.check_in.confidence is None
    lcp.refresh_from_db()
    assert (lcp.current, lcp.confidence) == (2900, 7)  # the last confidence a person gave


@pytest.mark.django_db
def test_a_key_results_whole_history_can_be_read_back(world, tree):
    lcp = tree[2]
    update_key_result(lcp, target=2400, by=Author(world.carol, "web"), now=NOW)
    record_check_in(lcp, 2800, 8, "Images resized", now=NOW, by=Author(world.bob, "web"))
    history = AuditEntry.objects.filter(key_result_id=lcp.pk).order_by("at", "id")
    actions = [(entry.object_type, entry.action) for entry in history]
    assert actions == [
        ("keyresult", "create"),
        ("checkin", "create"),  # from the fixture
        ("keyresult", "update"),
        ("checkin", "create"),
    ]
    change = history[2]
    assert change.changes == {"target": [2500.0, 2400.0]}
    assert change.actor == world.carol
    assert change.via == "web"
    assert change.moved_goal_post  # the period began on 1 October


@pytest.mark.django_db
def test_renaming_a_key_result_is_no_moved_goal_post(world, tree):
    update_key_result(tree[1], title="Line and branch coverage", now=NOW)
    entry = AuditEntry.objects.filter(key_result_id=tree[1].pk, action="update").get()
    assert not entry.moved_goal_post


@pytest.mark.django_db
def test_changing_the_target_before_the_period_starts_is_fine(world, tree):
    early = datetime(2026, 9, 20, tzinfo=UTC)
    update_key_result(tree[1], target=90, now=early)
    assert not AuditEntry.objects.get(key_result_id=tree[1].pk, action="update").moved_goal_post


@pytest.mark.django_db
def test_an_update_that_changes_nothing_leaves_no_entry(world, tree):
    update_key_result(tree[1], target=75, now=NOW)
    assert not AuditEntry.objects.filter(key_result_id=tree[1].pk, action="update").exists()
