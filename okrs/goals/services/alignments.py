"""Alignment links: made (accepted or proposed), accepted, removed; audited, rolled up.

The shells decide a new link's state with `okrs.core.permissions.link_state` (accepted when
the person may edit the parent, proposed otherwise) and who may accept or remove one; these
functions keep what holds whoever calls them: a bounded weight, no loops, no duplicates, no
new or accepted links at a closed objective or in a closed period, and the parent's figures
moved only by accepted *contribute* links.
"""

from __future__ import annotations

from datetime import datetime

from okrs.audit.services import snapshot
from okrs.core import alignment as rules
from okrs.core import validation
from okrs.core.alignment import LinkKind, LinkState, creates_cycle
from okrs.core.errors import Conflict, FieldError, InvalidInput
from okrs.goals.models import Alignment, KeyResult, Objective
from okrs.goals.services.common import SYSTEM, Author, Change, change, raise_if
from okrs.goals.services.objectives import refresh_parent

ALIGNMENT_FIELDS = ["child", "parent_objective", "parent_key_result", "kind", "weight", "state"]


def _parents_of(objective_id: int) -> list[int]:
    # Proposed links too: accepting one later must not be able to close a loop.
    links = Alignment.objects.filter(child_id=objective_id)
    return [
        parent_objective or kr_objective
        for parent_objective, kr_objective in links.values_list(
            "parent_objective_id", "parent_key_result__objective_id"
        )
    ]


def _refuse_if_closed(child: Objective, parent: Objective) -> None:
    reason = rules.closed_link_error(child_closed=child.is_closed, parent_closed=parent.is_closed)
    if reason:
        raise Conflict(reason, "parent" if parent.is_closed else "child")


def _recount(write: Change, link: Alignment) -> None:
    if link.kind == LinkKind.CONTRIBUTE:
        refresh_parent(write.propagation, link)


def align(
    child: Objective,
    *,
    parent_objective: Objective | None = None,
    parent_key_result: KeyResult | None = None,
    kind: str = LinkKind.CONTRIBUTE,
    weight: float = 1.0,
    state: str = LinkState.ACCEPTED,
    by: Author = SYSTEM,
    now: datetime | None = None,
) -> Alignment:
    """Link `child` under a parent objective or key result; loops are refused, and a
    closed objective or period at either end is a `Conflict`."""
    errors = validation.choice_errors(kind, [member.value for member in LinkKind], "kind")
    errors += validation.choice_errors(state, [member.value for member in LinkState], "state")
    errors += rules.weight_errors(weight)
    if (parent_objective is None) == (parent_key_result is None):
        errors.append(FieldError("parent", "must be exactly one objective or one key result"))
    raise_if(errors)
    # Ignored below: raise_if above refused neither-or-both, so a key result is given here
    parent = parent_objective or parent_key_result.objective  # type: ignore[union-attr]
    if parent.organisation_id != child.organisation_id:
        raise InvalidInput([FieldError("parent", "belongs to another organisation")])
    with change(child.organisation_id, by, now) as write:
        link = _link(child, parent, parent_objective, parent_key_result, kind, weight, state)
        if state == LinkState.ACCEPTED:
            _recount(write, link)
        after = snapshot(link, ALIGNMENT_FIELDS)
        write.audit("create", link, None, after, objective=child)
    return link


def _link(
    child: Objective,
    parent: Objective,
    parent_objective: Objective | None,
    parent_key_result: KeyResult | None,
    kind: str,
    weight: float,
    state: str,
) -> Alignment:
    """The new link, once nothing refuses it: open ends, nesting periods, no loop, not
    linked already."""
    _refuse_if_closed(child, parent)
    across = rules.period_link_error(
        kind, (child.period.start, child.period.end), (parent.period.start, parent.period.end)
    )
    if across:
        raise InvalidInput([FieldError("parent", across)])
    if creates_cycle(child.pk, parent.pk, _parents_of):
        raise InvalidInput(
            [
                FieldError(
                    "parent",
                    f"'{parent}' is already aligned below '{child}'; this link would make a loop",
                )
            ]
        )
    if Alignment.objects.filter(
        child=child, parent_objective=parent_objective, parent_key_result=parent_key_result
    ).exists():
        raise InvalidInput([FieldError("parent", "is already linked to this objective")])
    return Alignment.objects.create(
        child=child,
        parent_objective=parent_objective,
        parent_key_result=parent_key_result,
        kind=kind,
        weight=weight,
        state=state,
    )


def accept_link(link: Alignment, *, by: Author = SYSTEM, now: datetime | None = None) -> Alignment:
    """A proposal becomes a link that counts; accepting an accepted link changes nothing."""
    with change(link.child.organisation_id, by, now) as write:
        link = Alignment.objects.select_related(
            "child__period", "parent_objective__period", "parent_key_result__objective__period"
        ).get(pk=link.pk)
        if link.state == LinkState.ACCEPTED:
            return link
        _refuse_if_closed(link.child, link.parent)
        before = snapshot(link, ALIGNMENT_FIELDS)
        link.state = LinkState.ACCEPTED
        link.save(update_fields=["state"])
        _recount(write, link)
        after = snapshot(link, ALIGNMENT_FIELDS)
        write.audit("update", link, before, after, objective=link.child)
    return link


def unalign(link: Alignment, *, by: Author = SYSTEM, now: datetime | None = None) -> None:
    """Remove a link or refuse a proposal; allowed at closed objectives too, so a bad link
    can always be taken out."""
    with change(link.child.organisation_id, by, now) as write:
        before = snapshot(link, ALIGNMENT_FIELDS)
        write.audit("delete", link, before, None, objective=link.child)
        counted = link.counts
        link.delete()
        if counted:
            _recount(write, link)
