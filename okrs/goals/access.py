"""Gather the facts the permission rules in `okrs.core.permissions` decide on.

Web pages, API routes and CLI commands all come through here, so no path in can disagree
with another. Lists are filtered with the same `can_read` as single objects: a list, a
filter or a count never shows what the object's own page would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cached_property
from itertools import pairwise
from typing import Any

from django.contrib.auth.models import User

from okrs.core import permissions
from okrs.core.alignment import LinkState
from okrs.core.permissions import Actor, ObjectiveFacts, OrgRole, TokenScope, UnitRole
from okrs.goals.models import Alignment, Objective, Period, open_periods
from okrs.orgs.models import Member, Membership, Organisation, Unit

LINE_HOPS = 6  # levels of parents one query joins


class UnitIndex:
    """The unit tree of one organisation, read as far as it is asked. The first lines asked
    (one objective's page, one permission check) cost one query for up to LINE_HOPS levels,
    never the whole organisation (issue 13: every check loaded all 5,000 units); a second
    miss means a list is being checked, and the whole tree comes in one query; `subtree`
    reads it all too."""

    def __init__(self, organisation_id: int) -> None:
        self.organisation_id = organisation_id
        self.parent: dict[int, int | None] = {}
        self._complete = False
        self._asked = False  # a line was read by its own query already

    def line(self, unit_id: int) -> frozenset[int]:
        """The unit and all its ancestors."""
        self.learn([unit_id])
        found = []
        current: int | None = unit_id
        while current is not None and current not in found:
            found.append(current)
            current = self.parent.get(current)
        return frozenset(found)

    def learn(self, unit_ids: Iterable[int]) -> None:
        """Read the lines of these units: one query reaches LINE_HOPS levels up at once (a
        six-level tree in one query), for all of them together."""
        frontier = {pk for pk in unit_ids if pk not in self.parent}
        if frontier and self._asked:
            # Asked again for lines it lacks: a list is checking objective after objective.
            # One query for the whole tree then, rather than one per unit (queries that
            # would grow with the organisation).
            self._load_all()
            return
        self._asked = self._asked or bool(frontier)
        hops = ["parent_id", *("__".join(["parent"] * n) + "_id" for n in range(2, LINE_HOPS + 1))]
        while frontier and not self._complete:
            rows = Unit.objects.filter(organisation_id=self.organisation_id, pk__in=frontier)
            found = set()
            for pk, *above in rows.values_list("pk", *hops):
                chain = [pk, *above]
                for child, parent in pairwise(chain):
                    if child is None:
                        break
                    self.parent[child] = parent
                    found.add(child)
            self.parent.update(dict.fromkeys(frontier - found))  # not in the org
            frontier = {
                parent
                for parent in self.parent.values()
                if parent is not None and parent not in self.parent
            }

    def _load_all(self) -> None:
        if not self._complete:
            rows = Unit.objects.filter(organisation_id=self.organisation_id)
            self.parent = dict(rows.values_list("pk", "parent_id"))
            self._complete = True

    def subtree(self, unit_id: int) -> frozenset[int]:
        self._load_all()
        return frozenset(pk for pk in self.parent if unit_id in self.line(pk))


class Access:
    """One person's rights in one organisation, optionally narrowed by an API token."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        # What one request worked out about these rights once (queries.readable's lists).
        self.memo: dict[str, Any] = {}
        # person id -> their unit ids, for the leads above a person's own objective; read
        # per person when first asked (not every membership of the organisation).
        self._memberships: dict[int, list[int]] = {}

    @cached_property
    def units(self) -> UnitIndex:
        return UnitIndex(self.actor.organisation_id)

    def learn_facts(self, objectives: Iterable[Objective]) -> None:
        """Read together what `facts` needs for many objectives (their owners' memberships
        and unit lines): two or three queries for a list, not a few per objective."""
        rows = list(objectives)
        users = {o.owner_user_id for o in rows if o.owner_unit_id is None and o.owner_user_id}
        self._learn_memberships(users)
        units = {o.owner_unit_id for o in rows if o.owner_unit_id is not None}
        units |= {unit for user_id in users for unit in self._memberships[user_id]}
        self.units.learn(units)

    def _learn_memberships(self, user_ids: set[int]) -> None:
        """The units of these people, one query for all those not read yet."""
        missing = user_ids - set(self._memberships)
        if not missing:
            return
        found = Membership.objects.filter(
            unit__organisation_id=self.actor.organisation_id, user_id__in=missing
        )
        for user_id in missing:
            self._memberships[user_id] = []
        for user_id, unit_id in found.values_list("user_id", "unit_id"):
            self._memberships[user_id].append(unit_id)

    def _units_of(self, user_id: int) -> list[int]:
        self._learn_memberships({user_id})
        return self._memberships[user_id]

    def facts(self, objective: Objective) -> ObjectiveFacts:
        if objective.owner_unit_id is not None:
            above = self.units.line(objective.owner_unit_id)
        else:
            owner_units = self._units_of(objective.owner_user_id or 0)
            self.units.learn(owner_units)
            above = frozenset().union(*(self.units.line(unit) for unit in owner_units))
        return ObjectiveFacts(
            organisation_id=objective.organisation_id,
            owner_unit_id=objective.owner_unit_id,
            owner_user_id=objective.owner_user_id,
            units_above=above,
            private=objective.visibility == Objective.Visibility.PRIVATE,
            closed=self._is_closed(objective),
        )

    def _is_closed(self, objective: Objective) -> bool:
        """`Objective.is_closed`, without a query per objective when a list is filtered."""
        if Objective.period.is_cached(objective):
            return objective.is_closed
        return objective.closed_in(objective.period_id in self._closed_periods)

    @cached_property
    def _closed_periods(self) -> frozenset[int]:
        periods = Period.objects.filter(organisation_id=self.actor.organisation_id)
        return frozenset(periods.exclude(open_periods()).values_list("pk", flat=True))

    def can_read(self, objective: Objective) -> bool:
        if self._plainly_readable(objective):
            return True
        return permissions.can_read(self.actor, self.facts(objective))

    def _plainly_readable(self, objective: Objective) -> bool:
        """A public objective of one's organisation is everyone's to read when no token
        narrows the person to a subtree (core.permissions.can_read): no unit line to look
        up, so long lists cost no query per owner."""
        token = self.actor.token
        return (
            objective.visibility == Objective.Visibility.PUBLIC
            and objective.organisation_id == self.actor.organisation_id
            and (token is None or token.unit_subtree is None)
        )

    def can_edit(self, objective: Objective) -> bool:
        return permissions.can_edit(self.actor, self.facts(objective))

    def can_close(self, objective: Objective) -> bool:
        return permissions.can_close(self.actor, self.facts(objective))

    def can_check_in(self, objective: Objective, key_result_owner_id: int | None) -> bool:
        facts = self.facts(objective)
        return permissions.can_check_in(self.actor, facts, key_result_owner_id)

    def could_edit(self, objective: Objective) -> bool:
        """Could this person edit the objective, were it open? (See `could_check_in`.)"""
        return permissions.can_edit(self.actor, replace(self.facts(objective), closed=False))

    def could_check_in(self, objective: Objective, key_result_owner_id: int | None) -> bool:
        """Could this person check in, were the objective open? A shell refuses those who
        could not (403) and tells those who could that it is closed (409)."""
        facts = replace(self.facts(objective), closed=False)
        return permissions.can_check_in(self.actor, facts, key_result_owner_id)

    def can_reopen(self, objective: Objective) -> bool:
        return permissions.can_reopen(self.actor, self.facts(objective))

    def can_give_feedback(self, objective: Objective) -> bool:
        return permissions.can_give_feedback(self.actor, self.facts(objective))

    def link_state(self, child: Objective, parent: Objective) -> LinkState | None:
        return permissions.link_state(self.actor, self.facts(child), self.facts(parent))

    def can_accept_link(self, link: Alignment) -> bool:
        return permissions.can_accept_link(self.actor, self.facts(link.parent))

    def can_remove_link(self, link: Alignment) -> bool:
        facts = self.facts(link.child), self.facts(link.parent)
        return permissions.can_remove_link(self.actor, *facts)

    def can_create(
        self,
        *,
        owner_unit: Unit | None = None,
        owner_user: User | None = None,
        private: bool = False,
        like: Objective | None = None,
        state: str | None = None,
    ) -> bool:
        """May this person create (or hand over to) an objective of this owner? `private`,
        and `state` of the objective `like` (in its period), describe it as it would be."""
        draft = Objective(
            organisation_id=self.actor.organisation_id,
            owner_unit=owner_unit,
            owner_user=owner_user,
            visibility=Objective.Visibility.PRIVATE if private else Objective.Visibility.PUBLIC,
        )
        if like is not None:
            draft.period = like.period
            draft.state = state or like.state
        return permissions.can_create_objective(self.actor, self.facts(draft))

    def can_read_unit(self, unit: Unit) -> bool:
        return permissions.can_read_unit(self.actor, unit.organisation_id, unit.pk)

    def can_edit_canvas(self, unit: Unit) -> bool:
        return permissions.can_edit_canvas(self.actor, self.units.line(unit.pk), unit.pk)

    def can_manage_unit(self, unit: Unit) -> bool:
        return permissions.can_manage_unit(self.actor, self.units.line(unit.pk), unit.pk)

    def can_add_unit_below(self, parent: Unit | None) -> bool:
        line = self.units.line(parent.pk) if parent is not None else None
        return permissions.can_add_unit_below(self.actor, line, parent.pk if parent else None)

    @property
    def can_restructure_units(self) -> bool:
        return permissions.can_restructure_units(self.actor)

    def can_change_membership(self, unit: Unit, person_id: int, *, drops_lead: bool) -> bool:
        line = self.units.line(unit.pk)
        return permissions.can_change_membership(
            self.actor, line, unit.pk, person_id, drops_lead=drops_lead
        )

    def can_grant(self, role: str) -> bool:
        return permissions.can_grant(self.actor, permissions.OrgRole(role))

    @property
    def manages_any_unit(self) -> bool:
        """Whether the people and units pages have anything for this person to do."""
        return self.can_administer or any(
            role is permissions.UnitRole.LEAD for role in self.actor.units.values()
        )

    @property
    def can_administer(self) -> bool:
        return permissions.can_administer(self.actor)

    def can_bind(self, *, reads_server: bool) -> bool:
        return permissions.can_bind(
            self.actor, reads_server=reads_server, shared_server=self._shared_server
        )

    @cached_property
    def _shared_server(self) -> bool:
        return Organisation.objects.count() > 1

    @property
    def can_read_audit(self) -> bool:
        return permissions.can_read_audit(self.actor)

    def readable(self, objectives: Iterable[Objective]) -> list[Objective]:
        """The ones the person may read; the unit lines the rest need, read together."""
        rows = list(objectives)
        private = Objective.Visibility.PRIVATE
        self.units.learn(
            {o.owner_unit_id for o in rows if o.owner_unit_id and o.visibility == private}
        )
        return [objective for objective in rows if self.can_read(objective)]


def actor_for(
    user: User, organisation_id: int | None = None, token: TokenScope | None = None
) -> Actor | None:
    """The person as an actor in an organisation (their first, if none is named)."""
    if not user.is_authenticated or not user.is_active:
        return None
    members = Member.objects.filter(user=user, deactivated_at=None)
    if organisation_id is not None:
        members = members.filter(organisation_id=organisation_id)
    member = members.order_by("pk").first()
    if member is None:
        return None
    units = Membership.objects.filter(user=user, unit__organisation_id=member.organisation_id)
    return Actor(
        user_id=user.pk,
        organisation_id=member.organisation_id,
        role=OrgRole(member.role),
        units={unit_id: UnitRole(role) for unit_id, role in units.values_list("unit_id", "role")},
        token=token,
        is_operator=user.is_superuser,
    )


def access_for(user: User, organisation_id: int | None = None) -> Access | None:
    actor = actor_for(user, organisation_id)
    return Access(actor) if actor else None
