"""Who links under a parent directly, who only proposes, who accepts and who removes; the
bounds of a link's weight; no links into closed objectives (issue 9, finding 4)."""

import pytest

from okrs.core.alignment import MAX_LINK_WEIGHT, LinkState, closed_link_error, weight_errors
from okrs.core.permissions import (
    Actor,
    ObjectiveFacts,
    OrgRole,
    TokenScope,
    UnitRole,
    can_accept_link,
    can_remove_link,
    link_state,
)

# company 1 <- engineering 2 <- web 3 ; sales 4 under the company
WEB = ObjectiveFacts(
    1, owner_unit_id=3, owner_user_id=None, units_above=frozenset({3, 2, 1}), private=False
)
SALES = ObjectiveFacts(
    1, owner_unit_id=4, owner_user_id=None, units_above=frozenset({4, 1}), private=False
)
BOBS = ObjectiveFacts(
    1, owner_unit_id=None, owner_user_id=20, units_above=frozenset({3, 2, 1}), private=False
)


def actor(role=OrgRole.MEMBER, units=None, user_id=20, token=None):
    return Actor(user_id, 1, role, units or {}, token)


WEB_LEAD = actor(units={3: UnitRole.LEAD}, user_id=10)
SALES_LEAD = actor(units={4: UnitRole.LEAD}, user_id=11)
BOB = actor(units={3: UnitRole.MEMBER})
ADMIN = actor(OrgRole.ADMIN, user_id=99)


def test_it_links_directly_under_a_parent_the_actor_may_edit():
    assert link_state(WEB_LEAD, WEB, WEB) is LinkState.ACCEPTED
    assert link_state(BOB, BOBS, BOBS) is LinkState.ACCEPTED
    assert link_state(ADMIN, WEB, SALES) is LinkState.ACCEPTED


def test_it_only_proposes_under_a_parent_the_actor_may_only_read():
    assert link_state(WEB_LEAD, WEB, SALES) is LinkState.PROPOSED
    assert link_state(BOB, BOBS, WEB) is LinkState.PROPOSED


def test_it_refuses_a_link_of_a_child_the_actor_may_not_edit():
    assert link_state(SALES_LEAD, WEB, SALES) is None
    assert link_state(actor(OrgRole.VIEWER, {3: UnitRole.MEMBER}), WEB, WEB) is None


def test_it_refuses_a_parent_the_actor_may_not_read():
    hidden = ObjectiveFacts(1, 4, None, frozenset({4, 1}), private=True)
    assert link_state(WEB_LEAD, WEB, hidden) is None


def test_a_read_token_neither_links_nor_accepts():
    reader = actor(units={3: UnitRole.LEAD}, user_id=10, token=TokenScope(can_write=False))
    assert link_state(reader, WEB, WEB) is None
    assert not can_accept_link(reader, WEB)


def test_the_parents_side_accepts():
    assert can_accept_link(SALES_LEAD, SALES)
    assert can_accept_link(ADMIN, SALES)
    assert not can_accept_link(WEB_LEAD, SALES)  # the child's side cannot accept its proposal


def test_either_side_removes():
    assert can_remove_link(WEB_LEAD, WEB, SALES)  # the child's editor
    assert can_remove_link(SALES_LEAD, WEB, SALES)  # the parent's lead (was refused)
    assert can_remove_link(ADMIN, WEB, SALES)
    assert not can_remove_link(BOB, WEB, SALES)


def test_nobody_removes_a_link_whose_other_end_they_may_not_read():
    hidden = ObjectiveFacts(1, 4, None, frozenset({4, 1}), private=True)
    assert not can_remove_link(WEB_LEAD, WEB, hidden)


@pytest.mark.parametrize("weight", [0.001, 1, 2.5, MAX_LINK_WEIGHT])
def test_it_takes_a_weight_above_0_up_to_the_bound(weight):
    assert weight_errors(weight) == []


@pytest.mark.parametrize(
    "weight", [0, -1, 10.0001, 1e6, float("inf"), float("nan"), True, False, "1", None]
)
def test_it_refuses_other_weights_naming_the_field(weight):
    [error] = weight_errors(weight)
    assert error.field == "weight"


def test_it_refuses_links_into_closed_objectives():
    assert closed_link_error(child_closed=False, parent_closed=False) is None
    assert "parent" in (closed_link_error(child_closed=False, parent_closed=True) or "")
    assert "closed" in (closed_link_error(child_closed=True, parent_closed=False) or "")
