"""Who may add, restructure and staff units (okrs.core.permissions), as properties."""

from hypothesis import given
from hypothesis import strategies as st

from okrs.core.permissions import (
    Actor,
    OrgRole,
    TokenScope,
    UnitRole,
    can_add_unit_below,
    can_change_membership,
    can_manage_unit,
    can_restructure_units,
)

UNITS = st.integers(1, 6)
roles = st.sampled_from(list(OrgRole))
memberships = st.dictionaries(UNITS, st.sampled_from(list(UnitRole)), max_size=4)
tokens = st.none() | st.builds(TokenScope, st.booleans(), st.none() | st.frozensets(UNITS))
lines = st.frozensets(UNITS, min_size=1)


def actors():
    return st.builds(Actor, st.just(1), st.just(1), roles, memberships, tokens)


@given(actors(), lines, UNITS, st.booleans())
def test_only_admins_restructure_and_every_change_needs_the_right_to_manage(
    actor, line, person, drops
):
    unit = min(line)
    if can_restructure_units(actor):
        assert actor.is_admin
    if can_change_membership(actor, line, unit, person, drops_lead=drops):
        assert can_manage_unit(actor, line, unit)
    if can_add_unit_below(actor, line, unit):
        assert can_manage_unit(actor, line, unit)
    assert can_add_unit_below(actor, None, None) == can_restructure_units(actor)


@given(actors(), lines)
def test_a_lead_never_drops_their_own_lead_role_unless_admin(actor, line):
    unit = min(line)
    own = can_change_membership(actor, line, unit, actor.user_id, drops_lead=True)
    assert not own or can_restructure_units(actor)
    # someone else's lead role, or their own role kept: as for any change
    other = can_change_membership(actor, line, unit, actor.user_id + 1, drops_lead=True)
    assert other == can_manage_unit(actor, line, unit)
