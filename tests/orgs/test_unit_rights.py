"""Who manages which unit, and who may bring whom in: okrs.core.permissions' unit rules
through Access, and a deactivated person's lost access."""

from __future__ import annotations

from django.utils import timezone

from okrs.goals.access import access_for
from okrs.orgs.models import Member


def test_a_lead_manages_their_unit_and_below_but_not_beside_or_above(world):
    carol = access_for(world.carol)  # leads engineering
    assert carol.can_manage_unit(world.engineering)
    assert carol.can_manage_unit(world.web_team)
    assert not carol.can_manage_unit(world.company)
    alice = access_for(world.alice)  # leads the web team
    assert alice.can_manage_unit(world.web_team)
    assert not alice.can_manage_unit(world.api_team)
    assert not access_for(world.bob).can_manage_unit(world.web_team)  # a member
    assert access_for(world.dave).can_manage_unit(world.company)  # the admin


def test_only_admins_make_admins(world):
    assert access_for(world.dave).can_grant("admin")
    carol = access_for(world.carol)
    assert carol.can_grant("member")
    assert carol.can_grant("viewer")
    assert not carol.can_grant("admin")


def test_a_deactivated_person_has_no_access_to_the_organisation(world):
    assert access_for(world.bob) is not None
    Member.objects.filter(user=world.bob).update(deactivated_at=timezone.now())
    assert access_for(world.bob) is None
