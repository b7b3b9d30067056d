"""The checked lookups: missing, in another organisation and unreadable are one NotFound;
who may create an objective for an owner is one rule (issue 10)."""

import pytest

from okrs.core.errors import NotFound
from okrs.goals import queries
from okrs.goals.access import access_for
from okrs.goals.models import Objective
from okrs.goals.services import add_key_result, create_objective, update_period
from tests.factories import make_world


@pytest.fixture
def private(world):
    return create_objective(
        world.period, "Quiet", owner_unit=world.api_team, visibility=Objective.Visibility.PRIVATE
    )


def test_missing_other_organisation_and_unreadable_are_the_same_not_found(world, private):
    other = make_world("globex")
    elsewhere = create_objective(other.period, "Theirs", owner_unit=other.web_team)
    bob = access_for(world.bob)
    assert bob is not None
    for pk in (private.pk, elsewhere.pk, 10**9):
        with pytest.raises(NotFound) as caught:
            queries.objective(bob, pk, "parent")
        assert (caught.value.what, caught.value.field) == ("objective", "parent")
    dave = access_for(world.dave)
    assert dave is not None
    assert queries.objective(dave, private.pk) == private


def test_a_key_result_is_found_as_its_objective_is_read(world, private):
    key_result = add_key_result(private, "Calls", start=0, target=10)
    with pytest.raises(NotFound):
        queries.key_result_for(world.bob, key_result.pk)
    found, access = queries.key_result_for(world.carol, key_result.pk)
    assert found == key_result
    assert access.actor.user_id == world.carol.pk


def test_for_user_answers_with_rights_in_the_rows_organisation(world):
    other = make_world("globex")
    with pytest.raises(NotFound):
        queries.period_for(world.bob, other.period.pk)
    period, access = queries.period_for(world.bob, world.period.pk)
    assert period == world.period
    assert access.actor.organisation_id == world.organisation.pk


def test_can_create_follows_the_edit_rule_for_the_owner_to_be(world):
    bob = access_for(world.bob)
    carol = access_for(world.carol)
    assert bob is not None
    assert carol is not None
    assert bob.can_create(owner_user=world.bob)
    assert not bob.can_create(owner_unit=world.web_team)
    closed = Objective(period=world.period, state=Objective.State.CLOSED)
    assert not bob.can_create(owner_user=world.bob, like=closed)
    assert carol.can_create(owner_unit=world.web_team)
    assert not carol.can_create(owner_unit=world.company)


def test_it_treats_an_objective_in_a_closed_period_as_closed(world):
    """One meaning of closed: the owner may no longer edit or check in once the period is
    closed, as once the objective itself is; the leads above still may edit (to score)."""
    objective = create_objective(world.period, "Faster pages", owner_user=world.bob)
    update_period(world.period, state="closed")
    listed = Objective.objects.get(pk=objective.pk)  # its period not loaded: no per-row query
    bob, alice = access_for(world.bob), access_for(world.alice)
    assert bob is not None
    assert alice is not None
    assert not bob.can_edit(listed)
    assert not bob.can_check_in(listed, world.bob.pk)
    assert not bob.can_create(owner_user=world.bob, like=listed)
    assert alice.can_edit(listed)
    assert not alice.can_check_in(listed, None)
