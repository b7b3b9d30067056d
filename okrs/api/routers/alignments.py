"""Alignment: a child objective under a parent objective or key result.

Linking needs the right to edit the child; the link is *accepted* when the caller may also
edit the parent (its owner, the leads above it, admins) and *proposed* otherwise, to be
accepted by the parent's side. Either side's editors may remove a link.
"""

from __future__ import annotations

from typing import cast

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, ApiError, require
from okrs.api.schemas.common import Page, PathId, page
from okrs.api.schemas.objectives import AlignmentIn, AlignmentOut, AlignmentQuery
from okrs.core.errors import FieldError, InvalidInput
from okrs.goals import queries, services
from okrs.goals.models import Alignment

router = Router(tags=["alignments"])


def _links():
    return Alignment.objects.select_related(
        "child", "parent_objective", "parent_key_result__objective"
    )


@router.get(
    "/objectives/{objective_id}/alignments",
    response={200: Page[AlignmentOut], **ERROR_RESPONSES},
    operation_id="list_objective_alignments",
)
def list_objective_alignments(
    request: HttpRequest, objective_id: PathId, query: Query[AlignmentQuery]
) -> dict:
    """The objective's links up (it is the child) and down (it or one of its key results is
    the parent), as far as the caller may read the other end; accepted ones unless
    `state=proposed` is asked for."""
    who = caller(request)
    objective = queries.objective(who.access, objective_id)
    links = (
        _links()
        .filter(state=query.state)
        .filter(
            Q(child=objective)
            | Q(parent_objective=objective)
            | Q(parent_key_result__objective=objective)
        )
    )
    visible = [link for link in links.order_by("pk") if queries.link_visible(who.access, link)]
    return page(visible, query)


@router.get(
    "/alignments/{alignment_id}",
    response={200: AlignmentOut, **ERROR_RESPONSES},
    operation_id="get_alignment",
)
def get_alignment(request: HttpRequest, alignment_id: PathId) -> Alignment:
    return queries.alignment(caller(request).access, alignment_id)


@router.post(
    "/alignments", response={201: AlignmentOut, **ERROR_RESPONSES}, operation_id="create_alignment"
)
def create_alignment(request: HttpRequest, payload: AlignmentIn) -> Status:
    """Needs the right to edit the child. Answers the link with its state: accepted when
    the caller may edit the parent too, proposed (counting nowhere yet) when the parent is
    only readable. A closed objective or period at either end is 409."""
    who = caller(request)
    child = queries.objective(who.access, payload.child, "child")
    require(who.access.can_edit(child), "You may not change this objective's alignment.")
    if (payload.parent_objective is None) == (payload.parent_key_result is None):
        raise InvalidInput(
            [FieldError("parent", "give exactly one of parent_objective and parent_key_result")]
        )
    parent_objective = parent_key_result = None
    if payload.parent_objective is not None:
        parent_objective = queries.objective(
            who.access, payload.parent_objective, "parent_objective"
        )
        parent = parent_objective
    else:
        key_result_id = cast(int, payload.parent_key_result)  # exactly one: checked above
        parent_key_result = queries.key_result(who.access, key_result_id, "parent_key_result")
        parent = parent_key_result.objective
    state = who.access.link_state(child, parent)
    if state is None:  # what require(False, ...) raises, narrowed for mypy
        raise ApiError(403, "You may not change this objective's alignment.")
    link = services.align(
        child,
        parent_objective=parent_objective,
        parent_key_result=parent_key_result,
        kind=payload.kind,
        weight=payload.weight,
        state=state,
        by=who.author,
    )
    return Status(201, link)


@router.post(
    "/alignments/{alignment_id}/accept",
    response={200: AlignmentOut, **ERROR_RESPONSES},
    operation_id="accept_alignment",
)
def accept_alignment(request: HttpRequest, alignment_id: PathId) -> Alignment:
    """The parent's owner, the leads above it or an admin accept a proposed link; it counts
    from then on. Accepting an accepted link changes nothing."""
    who = caller(request)
    link = queries.alignment(who.access, alignment_id)
    require(who.access.can_accept_link(link), "Only the parent objective's owner or lead accepts.")
    return services.accept_link(link, by=who.author)


@router.delete(
    "/alignments/{alignment_id}",
    response={204: None, **ERROR_RESPONSES},
    operation_id="delete_alignment",
)
def delete_alignment(request: HttpRequest, alignment_id: PathId) -> Status:
    """Either side removes a link or refuses a proposal: the child's editors, and the
    parent's owner, the leads above it and admins; at closed objectives too."""
    who = caller(request)
    link = queries.alignment(who.access, alignment_id)
    require(who.access.can_remove_link(link), "You may not remove this link.")
    services.unalign(link, by=who.author)
    return Status(204, None)
