"""Who may see what, until the full permission rules arrive with the API (issue 3).

Public objectives are readable by every member of their organisation; private ones only by
their owner, the people in the owning unit, the leads of the units above it, and admins.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from okrs.goals.models import Objective
from okrs.orgs.models import Member, Membership, Organisation


def organisation_of(user: User) -> Organisation | None:
    member = Member.objects.filter(user=user).select_related("organisation").first()
    return member.organisation if member else None


def can_view(user: User, objective: Objective) -> bool:
    member = Member.objects.filter(user=user, organisation_id=objective.organisation_id).first()
    if member is None:
        return False
    if objective.visibility == Objective.Visibility.PUBLIC or member.is_admin:
        return True
    if objective.owner_user_id is not None:
        return objective.owner_user_id == user.pk
    unit = objective.owner_unit
    assert unit is not None
    if Membership.objects.filter(user=user, unit=unit).exists():
        return True
    above = [ancestor.pk for ancestor in unit.ancestors()]
    return Membership.objects.filter(user=user, unit__in=above, role="lead").exists()
