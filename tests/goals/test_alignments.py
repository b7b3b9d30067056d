"""Links as services keep them: proposals count nowhere until accepted, weights are bounded,
closed objectives and periods take no links, and every change is audited (issue 9, finding 4).
"""

from datetime import UTC, datetime

import pytest

from okrs.audit.models import AuditEntry
from okrs.audit.services import Author
from okrs.core.errors import Conflict, InvalidInput
from okrs.goals.models import Alignment, Objective
from okrs.goals.rollup import recompute
from okrs.goals.services import (
    accept_link,
    add_key_result,
    align,
    close_objective,
    create_objective,
    record_check_in,
    unalign,
    update_period,
)
from okrs.orgs.services import add_unit
from tests.goals.test_rollup import stored_figures

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def sales(world):
    """Another department's objective at 0.486, as in the issue."""
    department = add_unit(world.organisation, "Sales", "department", world.company)
    objective = create_objective(world.period, "Win the mid-market", owner_unit=department, now=NOW)
    deals = add_key_result(objective, "Deals signed", start=0, target=1000, now=NOW)
    record_check_in(deals, 486, 7, now=NOW, by=Author(world.alice))
    objective.refresh_from_db()
    assert objective.progress == pytest.approx(0.486)
    return objective


@pytest.fixture
def web(world):
    objective = create_objective(world.period, "Faster pages", owner_unit=world.web_team, now=NOW)
    add_key_result(objective, "LCP p75", start=4, target=2, direction="decrease", now=NOW)
    return objective


def progress(objective):
    return Objective.objects.get(pk=objective.pk).progress


def test_it_refuses_a_weight_of_a_million(sales, web):
    with pytest.raises(InvalidInput) as refused:
        align(web, parent_objective=sales, weight=1e6)
    assert "weight" in refused.value.by_field()
    assert not Alignment.objects.exists()
    assert progress(sales) == pytest.approx(0.486)


@pytest.mark.parametrize("weight", [0, -1, True, float("nan")])
def test_it_refuses_weights_outside_0_to_10(sales, web, weight):
    with pytest.raises(InvalidInput, match="weight"):
        align(web, parent_objective=sales, weight=weight)


def test_a_proposal_moves_nothing_until_it_is_accepted(sales, web):
    link = align(web, parent_objective=sales, weight=10, state="proposed", now=NOW)
    assert link.is_proposed
    assert not link.counts
    assert progress(sales) == pytest.approx(0.486)
    assert list(Alignment.objects.counted()) == []
    accept_link(link, now=NOW)
    assert progress(sales) == pytest.approx(0.486 / 11)
    assert list(Alignment.objects.counted()) == [link]


def test_the_stored_figures_equal_a_recompute_with_a_proposal(world, sales, web):
    align(web, parent_objective=sales, weight=10, state="proposed", now=NOW)
    stored = stored_figures()
    recompute(world.organisation, now=NOW)
    assert stored_figures() == stored


def test_removing_an_accepted_link_gives_the_parent_its_figures_back(sales, web):
    link = align(web, parent_objective=sales, weight=10, now=NOW)
    assert progress(sales) == pytest.approx(0.486 / 11)
    unalign(link, now=NOW)
    assert progress(sales) == pytest.approx(0.486)


def test_accepting_twice_changes_nothing(sales, web):
    link = align(web, parent_objective=sales, state="proposed", now=NOW)
    accept_link(link, now=NOW)
    accept_link(link, now=NOW)
    assert AuditEntry.objects.filter(object_type="alignment", action="update").count() == 1


def test_it_refuses_links_into_a_closed_objective(sales, web):
    close_objective(sales, 0.5, "Half the deals", now=NOW)
    with pytest.raises(Conflict, match="parent"):
        align(web, parent_objective=sales, now=NOW)
    with pytest.raises(Conflict):
        align(sales, parent_objective=web, now=NOW)


def test_it_refuses_links_in_a_closed_period(world, sales, web):
    update_period(world.period, state="closed")
    with pytest.raises(Conflict, match="closed"):
        align(web, parent_objective=sales, now=NOW)


def test_it_refuses_to_accept_a_proposal_into_an_objective_closed_since(sales, web):
    link = align(web, parent_objective=sales, state="proposed", now=NOW)
    close_objective(sales, 0.5, "Half the deals", now=NOW)
    with pytest.raises(Conflict):
        accept_link(link, now=NOW)
    unalign(link, now=NOW)  # taking a link out stays possible
    assert not Alignment.objects.exists()


def test_a_proposal_may_not_close_a_loop_once_accepted(sales, web):
    align(web, parent_objective=sales, state="proposed")
    with pytest.raises(InvalidInput, match="loop"):
        align(sales, parent_objective=web)


def test_it_audits_create_accept_and_remove(world, sales, web):
    link = align(web, parent_objective=sales, state="proposed", now=NOW)
    accept_link(link, now=NOW)
    unalign(link, now=NOW)
    entries = AuditEntry.objects.filter(object_type="alignment").order_by("pk")
    assert [entry.action for entry in entries] == ["create", "update", "delete"]
    assert entries[0].changes["state"] == [None, "proposed"]
    assert entries[1].changes == {"state": ["proposed", "accepted"]}
