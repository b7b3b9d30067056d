"""Numbers a lead can trust (issue 12): each test is one finding that failed before."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from okrs.audit.services import Author
from okrs.core.errors import InvalidInput
from okrs.goals.models import KeyResult, Objective, Period
from okrs.goals.services import (
    add_key_result,
    align,
    create_objective,
    create_period,
    push_value,
    record_check_in,
    update_key_result,
)
from okrs.web.pages.periods import open_closings

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)  # week 8 of Q4 2026 (1 Oct - 31 Dec)
FIRST_DAY = datetime(2026, 10, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    """Health reads at the clock's time; these tests read at NOW unless they travel."""
    with time_machine.travel(NOW, tick=False):
        yield


def objective_in(world, title="Fast web app", **options):
    options.setdefault("owner_unit", world.web_team)
    options.setdefault("activated_at", FIRST_DAY)
    return create_objective(world.period, title, now=NOW, **options)


def fresh(row):
    return type(row).objects.get(pk=row.pk)


@pytest.mark.django_db
def test_it_counts_a_pending_band_key_result_as_unknown(world):
    objective = objective_in(world)
    band = add_key_result(objective, "Error rate", direction="stay_within", low=0, high=1, now=NOW)
    assert fresh(band).progress is None
    assert fresh(band).health == "pending"
    assert fresh(objective).progress is None  # nothing measured: unknown, not 100 %
    assert Period.objects.get(pk=world.period.pk).progress == 0  # an unknown objective adds 0

    lcp = add_key_result(objective, "LCP", direction="decrease", start=3400, target=2400, now=NOW)
    record_check_in(lcp, 2900, 7, now=NOW, by=Author(world.bob))
    assert fresh(objective).progress == pytest.approx(0.25)  # (0.5 + unknown as 0) / 2


@pytest.mark.django_db
def test_it_refuses_a_check_in_on_a_key_result_its_children_measure(world):
    parent = objective_in(world, "Ship safely", owner_unit=world.engineering)
    coverage = add_key_result(parent, "Coverage", start=60, target=80, now=NOW)
    child = objective_in(world)
    add_key_result(child, "Tests", start=0, target=10, now=NOW)
    align(child, parent_key_result=coverage, now=NOW)
    with pytest.raises(InvalidInput) as refused:
        record_check_in(coverage, 70, 8, now=NOW, by=Author(world.bob))
    assert "measured by the 1 objective contributing to it" in str(refused.value)
    assert not coverage.check_ins.exists()


@pytest.mark.django_db
def test_it_refuses_a_contribute_link_between_periods_that_do_not_nest(world):
    q1 = create_period(world.organisation, "2027 Q1", date(2027, 1, 1), date(2027, 3, 31))
    later = create_objective(q1, "Next quarter", owner_unit=world.web_team, now=NOW)
    add_key_result(later, "Done", direction="milestone", now=NOW)
    parent = objective_in(world, "This quarter")
    with pytest.raises(InvalidInput) as refused:
        align(later, parent_objective=parent, now=NOW)
    assert "to hold the child's" in str(refused.value)
    align(later, parent_objective=parent, kind="support", now=NOW)  # shown, never counted
    assert fresh(parent).progress is None


@pytest.mark.django_db
def test_it_lets_a_quarter_contribute_to_its_year(world):
    year = create_period(world.organisation, "2026", date(2026, 1, 1), date(2026, 12, 31))
    annual = create_objective(year, "A year of trust", owner_unit=world.company, now=NOW)
    quarter = objective_in(world)
    lcp = add_key_result(quarter, "LCP", direction="decrease", start=3400, target=2400, now=NOW)
    align(quarter, parent_objective=annual, now=NOW)
    record_check_in(lcp, 2400, 7, now=NOW, by=Author(world.bob))
    assert fresh(annual).progress == 1.0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("checked_at", "says"),
    [
        (datetime(2026, 9, 30, 23, tzinfo=UTC), "before the period starts"),
        (datetime(2027, 6, 30, tzinfo=UTC), "late data is accepted until 14 Jan 2027"),
        (NOW + timedelta(hours=2), "in the future"),
    ],
)
def test_it_refuses_check_ins_dated_outside_the_period(world, checked_at, says):
    objective = objective_in(world)
    lcp = add_key_result(objective, "LCP", direction="decrease", start=3400, target=2400, now=NOW)
    later = NOW + timedelta(days=400) if checked_at.year == 2027 else NOW
    with pytest.raises(InvalidInput) as refused:
        record_check_in(lcp, 2900, 7, checked_at=checked_at, now=later, by=Author(world.bob))
    assert says in str(refused.value)
    assert fresh(lcp).current is None


@pytest.mark.django_db
def test_it_takes_late_data_dated_on_the_periods_last_day(world):
    objective = objective_in(world)
    lcp = add_key_result(objective, "LCP", direction="decrease", start=3400, target=2400, now=NOW)
    last_day = datetime(2026, 12, 31, 18, tzinfo=UTC)
    record_check_in(
        lcp, 2500, None, checked_at=last_day, now=last_day + timedelta(days=9), by=Author(world.bob)
    )
    assert fresh(lcp).current == 2500


@pytest.mark.django_db
def test_it_scores_an_objective_from_the_inputs_of_its_progress(world):
    parent = objective_in(world, "Ship safely", owner_unit=world.engineering)
    cfr = add_key_result(parent, "CFR", direction="decrease", start=30, target=10, now=NOW)
    child = objective_in(world)
    lcp = add_key_result(child, "LCP", direction="decrease", start=3400, target=2400, now=NOW)
    align(child, parent_objective=parent, weight=2, now=NOW)
    record_check_in(cfr, 26, 6, now=NOW, by=Author(world.bob))  # 20 %
    record_check_in(lcp, 2600, 6, now=NOW, by=Author(world.bob))  # 80 %
    progress = fresh(parent).progress
    assert progress == pytest.approx((0.2 + 2 * 0.8) / 3)
    (closing,) = [c for c in open_closings(world.period) if c.objective.pk == parent.pk]
    assert closing.computed == round(progress, 2)  # 0.6, not the key result's 0.2


@pytest.mark.django_db
def test_it_paces_an_objective_from_its_activation(world):
    week_8 = create_objective(world.period, "Late start", owner_unit=world.web_team, now=NOW)
    lcp = add_key_result(week_8, "LCP", direction="decrease", start=3400, target=2400, now=NOW)
    record_check_in(lcp, 3350, 7, now=NOW + timedelta(days=1), by=Author(world.bob))
    stored = Objective.objects.get(pk=week_8.pk)
    assert stored.activated_at == NOW
    # 5 % done one day into its 41-day window, not 5 % against 56 % of the period
    assert (fresh(lcp).health, stored.health) == ("on_track", "on_track")


@pytest.mark.django_db
def test_it_keeps_an_undone_milestone_on_track_until_it_is_due(world):
    objective = objective_in(world)
    launch = add_key_result(objective, "Launched", direction="milestone", now=NOW)
    record_check_in(launch, 0, 7, now=NOW, by=Author(world.bob))
    assert fresh(launch).health == "on_track"
    assert "due 31 Dec 2026" in fresh(launch).health_reason
    assert fresh(objective).health == "on_track"  # nothing was expected of it yet
    KeyResult.objects.filter(pk=launch.pk).update(due=date(2026, 11, 15))
    record_check_in(launch, 0, 7, now=NOW, by=Author(world.bob))
    assert (fresh(launch).health, fresh(objective).health) == ("off_track", "off_track")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "health"), [(0.4, "on_track"), (1.2, "at_risk"), (1.6, "off_track")]
)
def test_it_judges_a_band_by_inside_or_outside(world, value, health):
    objective = objective_in(world)
    band = add_key_result(
        objective, "Error rate", direction="stay_within", low=0, high=1, tolerance=0.5, now=NOW
    )
    record_check_in(band, value, 7, now=NOW, by=Author(world.bob))
    assert fresh(band).health == health


@pytest.mark.django_db
def test_it_shows_a_quiet_objective_outdated_without_a_write(world):
    objective = objective_in(world)
    lcp = add_key_result(objective, "LCP", direction="decrease", start=3400, target=2400, now=NOW)
    record_check_in(lcp, 2900, 7, by=Author(world.bob))
    assert fresh(objective).health == "on_track"
    with time_machine.travel(NOW + timedelta(days=15), tick=False):
        assert (fresh(objective).health, fresh(lcp).health) == ("outdated", "outdated")
        assert "15 days ago" in fresh(objective).health_reason
        assert Period.objects.get(pk=world.period.pk).health == "outdated"


@pytest.mark.django_db
def test_it_gives_a_measured_value_no_confidence(world):
    objective = objective_in(world)
    lcp = add_key_result(objective, "LCP", direction="decrease", start=3400, target=2400, now=NOW)
    pushed = push_value(lcp, 2900, source="measure:lighthouse", now=NOW, by=Author(via="cli"))
    assert pushed.check_in.confidence is None
    assert fresh(lcp).confidence is None  # nobody said how sure they are


@pytest.mark.django_db
def test_it_takes_a_milestones_due_date_only_inside_the_period(world):
    objective = objective_in(world)
    launch = add_key_result(objective, "Launched", direction="milestone", now=NOW)
    with pytest.raises(InvalidInput) as refused:
        update_key_result(launch, due=date(2027, 2, 1), now=NOW)
    assert "must fall inside the period (1 Oct 2026 – 31 Dec 2026)" in str(refused.value)
    update_key_result(launch, due=date(2026, 11, 1), now=NOW)
    assert fresh(launch).health == "pending"  # due, but unknown until someone checks in
