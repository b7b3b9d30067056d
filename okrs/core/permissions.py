"""Who may do what: one set of rules for the web pages, the API and the CLI.

The shells gather the facts (who is asking, through which token, about which objective)
into the small records below and ask these functions; none of them decides on its own.

Roles: an organisation *admin* may do everything in the organisation; a unit *lead* edits
the OKRs of their unit's subtree, gives feedback and closes them; a *member* edits their own
OKRs and checks in on key results they or their unit own; a *viewer* only reads. Public
objectives are readable by every member of the organisation; private ones only by their
owner, the people in the owning unit, the leads above it and admins. Organisations never
see one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from okrs.core.alignment import LinkState


class OrgRole(StrEnum):
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"


class UnitRole(StrEnum):
    LEAD = "lead"
    MEMBER = "member"


@dataclass(frozen=True)
class TokenScope:
    """What an API token allows: writing or only reading, optionally one unit's subtree."""

    can_write: bool
    unit_subtree: frozenset[int] | None = None


@dataclass(frozen=True)
class Actor:
    user_id: int
    organisation_id: int
    role: OrgRole
    # unit id -> the actor's role in it (direct memberships only)
    units: dict[int, UnitRole]
    token: TokenScope | None = None
    # The person runs the server itself (Django's superuser): a right above organisations.
    is_operator: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role is OrgRole.ADMIN

    @property
    def can_write(self) -> bool:
        if self.role is OrgRole.VIEWER:
            return False
        return self.token is None or self.token.can_write

    def leads_any(self, units: frozenset[int]) -> bool:
        return any(self.units.get(unit) is UnitRole.LEAD for unit in units)


@dataclass(frozen=True)
class ObjectiveFacts:
    organisation_id: int
    owner_unit_id: int | None
    owner_user_id: int | None
    # Units whose leads stand above this objective: the owning unit and its ancestors, or,
    # for a person's objective, the person's units and their ancestors.
    units_above: frozenset[int]
    private: bool
    closed: bool = False


def _in_token_scope(actor: Actor, facts: ObjectiveFacts) -> bool:
    if actor.token is None or actor.token.unit_subtree is None:
        return True
    return bool(facts.units_above & actor.token.unit_subtree) and (
        facts.owner_unit_id is None or facts.owner_unit_id in actor.token.unit_subtree
    )


def can_read(actor: Actor, facts: ObjectiveFacts) -> bool:
    if actor.organisation_id != facts.organisation_id or not _in_token_scope(actor, facts):
        return False
    if not facts.private or actor.is_admin or facts.owner_user_id == actor.user_id:
        return True
    if facts.owner_unit_id is not None and facts.owner_unit_id in actor.units:
        return True
    return actor.leads_any(facts.units_above)


def can_edit(actor: Actor, facts: ObjectiveFacts) -> bool:
    """Change the objective, its key results and its alignment."""
    if not (can_read(actor, facts) and actor.can_write):
        return False
    if actor.is_admin or actor.leads_any(facts.units_above):
        return True
    return facts.owner_user_id == actor.user_id and not facts.closed


def can_close(actor: Actor, facts: ObjectiveFacts) -> bool:
    """Score and close: a decision for leads and admins, not for the owner alone."""
    if not (can_read(actor, facts) and actor.can_write):
        return False
    return actor.is_admin or actor.leads_any(facts.units_above)


def can_reopen(actor: Actor, facts: ObjectiveFacts) -> bool:
    """Reopen a closed objective (its score cleared, editable again): admins only, since a
    closed objective is history every lead and owner may rely on. Whether it may be reopened
    at all (closed, in an open period) is the service's answer, a conflict not a right."""
    return can_read(actor, facts) and can_administer(actor)


def can_check_in(actor: Actor, facts: ObjectiveFacts, key_result_owner_id: int | None) -> bool:
    if facts.closed or not (can_read(actor, facts) and actor.can_write):
        return False
    if can_edit(actor, facts) or key_result_owner_id == actor.user_id:
        return True
    return facts.owner_unit_id is not None and facts.owner_unit_id in actor.units


def can_give_feedback(actor: Actor, facts: ObjectiveFacts) -> bool:
    """Continue / consider notes come from the leads above and from admins."""
    return can_close(actor, facts)


def can_create_objective(actor: Actor, facts: ObjectiveFacts) -> bool:
    """`facts` describe the objective as it would be created."""
    return can_edit(actor, facts)


def can_edit_canvas(actor: Actor, unit_line: frozenset[int], unit_id: int) -> bool:
    """The unit's own people write its canvas; leads above and admins may too."""
    if not actor.can_write or not _unit_in_token_scope(actor, unit_id):
        return False
    return actor.is_admin or unit_id in actor.units or actor.leads_any(unit_line)


def can_read_unit(actor: Actor, organisation_id: int, unit_id: int) -> bool:
    return actor.organisation_id == organisation_id and _unit_in_token_scope(actor, unit_id)


def _unit_in_token_scope(actor: Actor, unit_id: int) -> bool:
    return (
        actor.token is None
        or actor.token.unit_subtree is None
        or unit_id in actor.token.unit_subtree
    )


def can_administer(actor: Actor) -> bool:
    """Periods, focus areas, units, people and the audit trail."""
    return (
        actor.is_admin
        and actor.can_write
        and (actor.token is None or actor.token.unit_subtree is None)
    )


def can_manage_unit(actor: Actor, unit_line: frozenset[int], unit_id: int) -> bool:
    """Rename a unit, add units below it, invite people into it and set who leads it:
    admins anywhere; a lead within the subtree of a unit they lead (`unit_line`: the unit
    and its ancestors)."""
    if not actor.can_write or not _unit_in_token_scope(actor, unit_id):
        return False
    return can_administer(actor) or actor.leads_any(unit_line)


def can_add_unit_below(
    actor: Actor, parent_line: frozenset[int] | None, parent_id: int | None
) -> bool:
    """Add a unit: below a unit the actor manages (`can_manage_unit` on the parent, so a
    lead adds units inside their own subtree); a unit without a parent only admins."""
    if parent_id is None or parent_line is None:
        return can_administer(actor)
    return can_manage_unit(actor, parent_line, parent_id)


def can_restructure_units(actor: Actor) -> bool:
    """Move a unit in the tree, archive or restore it: admins only. A lead renames units of
    their subtree and adds units below theirs, but never moves one (a move could take a
    unit out of their subtree, or put it under a unit they do not lead) and never archives
    one (that takes a subtree's work out of everyone's tree)."""
    return can_administer(actor)


def can_change_membership(
    actor: Actor, unit_line: frozenset[int], unit_id: int, person_id: int, *, drops_lead: bool
) -> bool:
    """Add a person to a unit, change their role in it, remove them: whoever manages the
    unit (`can_manage_unit`). Keep someone in charge: a lead who is not an admin may not
    take away their own lead role of a unit (`drops_lead`: the change removes the person's
    lead role of this unit, by a new role or by removing them)."""
    if not can_manage_unit(actor, unit_line, unit_id):
        return False
    return not (drops_lead and person_id == actor.user_id and not can_administer(actor))


def can_grant(actor: Actor, role: OrgRole) -> bool:
    """Leads bring people in as members or viewers; only admins make admins."""
    return can_administer(actor) or (actor.can_write and role is not OrgRole.ADMIN)


def can_read_audit(actor: Actor) -> bool:
    return actor.is_admin and (actor.token is None or actor.token.unit_subtree is None)


def can_bind(actor: Actor, *, reads_server: bool, shared_server: bool) -> bool:
    """Bind a key result to a metric source, change or remove the binding.

    The server reads the source with its own rights. On a server that holds several
    organisations, a source on the server itself (a file, a folder, a database) could reach
    another tenant's data, so it is the operator's call; a URL stays the admin's.
    """
    if not can_administer(actor):
        return False
    return actor.is_operator or not (reads_server and shared_server)


# -- alignment links -------------------------------------------------------------------
# A link joins two objectives that may belong to different people: the child's editors
# decide to align it, but only the parent's side (its owner, the leads above it, admins)
# decides what counts in the parent. Their right is `can_edit` on the parent.


def link_state(actor: Actor, child: ObjectiveFacts, parent: ObjectiveFacts) -> LinkState | None:
    """What linking `child` under `parent` creates: accepted when the actor may edit both
    ends, proposed when only the child (the parent's side accepts it later), None when the
    actor may not link the child at all. The parent must be readable for either."""
    if not can_edit(actor, child) or not can_read(actor, parent):
        return None
    return LinkState.ACCEPTED if can_edit(actor, parent) else LinkState.PROPOSED


def can_accept_link(actor: Actor, parent: ObjectiveFacts) -> bool:
    """Accept a proposed link: the parent's side only (owner, leads above, admins)."""
    return can_edit(actor, parent)


def can_remove_link(actor: Actor, child: ObjectiveFacts, parent: ObjectiveFacts) -> bool:
    """Remove a link (or refuse a proposal): either end's editors, as far as they may read
    the other end (a link must not reveal it)."""
    if not (can_read(actor, child) and can_read(actor, parent)):
        return False
    return can_edit(actor, child) or can_edit(actor, parent)
