"""Changing OKR data: bad input names its field and stores nothing."""

import pytest

from okrs.audit.models import AuditEntry
from okrs.audit.services import Author
from okrs.core.errors import Conflict, InvalidInput
from okrs.goals.models import Alignment, CheckIn, KeyResult, Objective
from okrs.goals.services import (
    add_key_result,
    align,
    close_objective,
    create_objective,
    give_feedback,
    record_check_in,
)


@pytest.fixture
def objective(world):
    return create_objective(
        world.period, "Make the web app feel instant", owner_unit=world.web_team
    )


@pytest.fixture
def lcp(objective):
    return add_key_result(
        objective, "LCP p75", direction="decrease", start=3400, target=2500, unit_label="ms"
    )


def fields_of(raised):
    return set(raised.value.by_field())


def test_it_rolls_a_check_in_up_to_the_objective(lcp, objective, world):
    add_key_result(objective, "TTFB p75", direction="decrease", start=1300, target=800)
    record_check_in(lcp, "2950", 7, "Images now lazy-load", "insight", by=Author(world.alice))
    objective.refresh_from_db()
    lcp.refresh_from_db()
    assert lcp.current == 2950
    assert lcp.progress == pytest.approx(0.5)
    assert objective.progress == pytest.approx(0.25)
    assert objective.last_check_in_at is not None


def test_it_refuses_a_non_numeric_value_and_stores_nothing(lcp, world):
    with pytest.raises(InvalidInput) as raised:
        record_check_in(lcp, "fast", 7, by=Author(world.alice))
    assert fields_of(raised) == {"value"}
    assert not CheckIn.objects.exists()
    lcp.refresh_from_db()
    assert lcp.current is None


def test_it_refuses_a_note_over_140_characters(lcp, world):
    with pytest.raises(InvalidInput) as raised:
        record_check_in(lcp, 3000, 5, "x" * 141, by=Author(world.alice))
    assert "140" in raised.value.by_field()["note"][0]
    assert not CheckIn.objects.exists()


def test_it_refuses_start_equal_to_target_on_an_increase(objective):
    with pytest.raises(InvalidInput) as raised:
        add_key_result(objective, "Coverage", start=80, target=80)
    assert "stay within" in raised.value.by_field()["target"][0]
    assert not KeyResult.objects.exists()


def test_it_refuses_an_alignment_cycle(world, objective):
    department = create_objective(
        world.period, "Engineering ships faster", owner_unit=world.engineering
    )
    align(objective, parent_objective=department)
    with pytest.raises(InvalidInput) as raised:
        align(department, parent_objective=objective)
    assert "loop" in raised.value.by_field()["parent"][0]
    assert Alignment.objects.count() == 1


def test_it_refuses_a_cycle_through_a_key_result(world, objective, lcp):
    department = create_objective(
        world.period, "Engineering ships faster", owner_unit=world.engineering
    )
    align(department, parent_key_result=lcp)
    with pytest.raises(InvalidInput):
        align(objective, parent_objective=department)


def test_it_refuses_an_objective_without_a_title_or_an_owner(world):
    with pytest.raises(InvalidInput) as raised:
        create_objective(world.period, "  ")
    assert fields_of(raised) == {"title", "owner"}
    assert not Objective.objects.exists()


def test_it_refuses_milestone_values_other_than_done_or_not(objective, world):
    launch = add_key_result(objective, "New editor launched", direction="milestone")
    with pytest.raises(InvalidInput) as raised:
        record_check_in(launch, 0.5, 5, by=Author(world.alice))
    assert fields_of(raised) == {"value"}


def test_it_counts_contributing_children_but_not_supporting_ones(world, objective, lcp):
    department = create_objective(
        world.period, "Engineering ships faster", owner_unit=world.engineering
    )
    add_key_result(
        department, "Lead time", direction="decrease", start=3, target=1, unit_label="days"
    )
    align(objective, parent_objective=department)
    supporter = create_objective(world.period, "API answers fast", owner_unit=world.api_team)
    fast = add_key_result(supporter, "p95", direction="decrease", start=400, target=200)
    align(supporter, parent_objective=department, kind="support")
    record_check_in(lcp, 2500, 8, by=Author(world.alice))  # the web objective is done
    record_check_in(
        fast, 200, 8, by=Author(world.alice)
    )  # and so is the supporter, which must not count
    department.refresh_from_db()
    assert department.progress == pytest.approx(0.5)  # mean of lead time (0) and web (1)


def test_a_key_result_with_contributing_children_is_measured_by_them(world, objective, lcp):
    department = create_objective(
        world.period, "Engineering ships faster", owner_unit=world.engineering
    )
    speed = add_key_result(department, "Pages are fast", start=0, target=100)
    align(objective, parent_key_result=speed)
    record_check_in(lcp, 2950, 8, by=Author(world.alice))
    speed.refresh_from_db()
    assert speed.progress == pytest.approx(0.5)


def test_closing_a_committed_objective_below_one_needs_a_reason(objective):
    with pytest.raises(InvalidInput) as raised:
        close_objective(objective, 0.6)
    assert fields_of(raised) == {"score_note"}
    objective.refresh_from_db()
    assert objective.final_score is None
    close_objective(objective, 0.6, "A CDN migration slipped to Q1")
    objective.refresh_from_db()
    assert (objective.final_score, objective.health) == (0.6, "closed")


def test_a_closed_objective_takes_no_more_check_ins(objective, lcp, world):
    close_objective(objective, 1.0)
    with pytest.raises(Conflict, match="objective is closed"):
        record_check_in(lcp, 2500, 9, by=Author(world.alice))


def test_feedback_is_continue_or_consider(lcp, world):
    check_in = record_check_in(lcp, 3100, 6, "CDN warm-up done", by=Author(world.bob))
    give_feedback(check_in, "continue", "Nice, keep the images next", by=Author(world.alice))
    with pytest.raises(InvalidInput) as raised:
        give_feedback(check_in, "stop", by=Author(world.alice))
    assert fields_of(raised) == {"kind"}
    assert check_in.feedback.count() == 1


def test_closing_keeps_each_key_results_score_in_the_audit_trail(objective, lcp, world):
    close_objective(
        objective,
        0.7,
        "The CDN slipped",
        key_result_scores={lcp.pk: 0.7},
        by=Author(world.alice, "web"),
    )
    lcp.refresh_from_db()
    assert lcp.final_score == 0.7
    entry = AuditEntry.objects.get(object_type="keyresult", key_result_id=lcp.pk, action="update")
    assert (entry.actor, entry.via) == (world.alice, "web")
    assert entry.changes == {"final_score": [None, 0.7]}


def test_closing_refuses_a_score_for_another_objectives_key_result(objective, world):
    other = create_objective(objective.period, "Other", owner_unit=world.api_team)
    stranger = add_key_result(other, "Uptime")
    with pytest.raises(InvalidInput) as raised:
        close_objective(objective, 1.0, key_result_scores={stranger.pk: 1.0})
    assert fields_of(raised) == {f"key_result_scores.{stranger.pk}"}
    objective.refresh_from_db()
    assert objective.final_score is None
