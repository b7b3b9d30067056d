"""Cloning objectives into another period: key results come along, check-ins do not."""

from datetime import date

import pytest

from okrs.audit.services import Author
from okrs.core.errors import InvalidInput
from okrs.goals.models import Alignment, CheckIn, Objective
from okrs.goals.services import (
    add_key_result,
    align,
    clone_objectives,
    create_focus_area,
    create_objective,
    create_period,
    record_check_in,
)


@pytest.fixture
def next_period(world):
    return create_period(world.organisation, "2027 Q1", date(2027, 1, 1), date(2027, 3, 31))


@pytest.fixture
def source(world):
    speed = create_focus_area(world.period, "Speed")
    create_focus_area(world.period, "Quality")
    web = create_objective(
        world.period,
        "Make the web app feel instant",
        owner_unit=world.web_team,
        description="Users wait too long",
        kind="aspirational",
        visibility="private",
        focus_areas=[speed],
    )
    lcp = add_key_result(
        web,
        "LCP p75",
        direction="decrease",
        start=3400,
        target=2500,
        unit_label="ms",
        weight=2,
        owner=world.bob,
    )
    band = add_key_result(web, "Error rate", direction="stay_within", low=0, high=1, tolerance=0.5)
    record_check_in(lcp, 2950, 7, "Half way", by=Author(world.bob))
    mine = create_objective(world.period, "Learn Rust", owner_user=world.bob)
    align(mine, parent_key_result=lcp, kind="support", weight=0.5)
    return web, lcp, band, mine


def test_it_copies_objectives_and_key_results_without_check_ins(world, source, next_period):
    web, _lcp, _band, _ = source
    (copy,) = clone_objectives([web], next_period)
    assert copy.period == next_period
    assert copy.cloned_from == web
    assert (copy.title, copy.description, copy.owner_unit, copy.kind, copy.visibility) == (
        web.title,
        web.description,
        web.owner_unit,
        "aspirational",
        "private",
    )
    assert copy.final_score is None
    assert copy.state == Objective.State.ACTIVE
    krs = list(copy.key_results.all())
    assert [kr.title for kr in krs] == ["LCP p75", "Error rate"]
    new_lcp, new_band = krs
    assert (new_lcp.direction, new_lcp.start, new_lcp.target, new_lcp.unit_label) == (
        "decrease",
        3400,
        2500,
        "ms",
    )
    assert (new_lcp.weight, new_lcp.owner) == (2, world.bob)
    assert (new_band.low, new_band.high, new_band.tolerance) == (0, 1, 0.5)
    assert new_lcp.current is None
    assert new_lcp.progress is None  # unknown until the first check-in
    assert new_lcp.last_check_in_at is None
    assert not CheckIn.objects.filter(key_result__objective=copy).exists()


def test_focus_areas_carry_over_only_to_a_same_titled_area(world, source, next_period):
    web, *_ = source
    speed = create_focus_area(next_period, "speed")
    (copy,) = clone_objectives([web], next_period)
    assert list(copy.focus_areas.all()) == [speed]
    other = create_period(world.organisation, "2027 Q2", date(2027, 4, 1), date(2027, 6, 30))
    (again,) = clone_objectives([web], other)
    assert not again.focus_areas.exists()


def test_links_between_cloned_objectives_come_along(world, source, next_period):
    web, _lcp, _, mine = source
    copies = clone_objectives([web, mine], next_period)
    link = Alignment.objects.get(child=copies[1])
    assert link.parent_key_result.objective == copies[0]
    assert link.parent_key_result.title == "LCP p75"
    assert (link.kind, link.weight) == ("support", 0.5)
    (alone,) = clone_objectives(
        [mine], create_period(world.organisation, "2027 Q2", date(2027, 4, 1), date(2027, 6, 30))
    )
    assert not Alignment.objects.filter(child=alone).exists()


def test_it_refuses_a_closed_or_the_same_period_and_stores_nothing(world, source, next_period):
    web, *_ = source
    before = Objective.objects.count()
    with pytest.raises(InvalidInput) as error:
        clone_objectives([web], world.period)
    assert "another period" in str(error.value)
    closed = create_period(
        world.organisation, "2026 Q3", date(2026, 7, 1), date(2026, 9, 30), "closed"
    )
    with pytest.raises(InvalidInput, match="closed"):
        clone_objectives([web], closed)
    assert Objective.objects.count() == before
