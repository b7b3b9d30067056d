"""Alignment: a child objective under a parent objective or key result."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api import lookups
from okrs.api.auth import Caller, caller
from okrs.api.errors import ERROR_RESPONSES, not_found
from okrs.api.schemas.common import Page, PageQuery, PathId, page
from okrs.api.schemas.objectives import AlignmentIn, AlignmentOut
from okrs.core.errors import FieldError, InvalidInput
from okrs.goals import services
from okrs.goals.models import Alignment, Objective

router = Router(tags=["alignments"])


def _links():
    return Alignment.objects.select_related(
        "child", "parent_objective", "parent_key_result__objective"
    )


def _parent(link: Alignment) -> Objective:
    return link.parent_objective or link.parent_key_result.objective  # type: ignore[union-attr]


def _visible(who: Caller, link: Alignment) -> bool:
    """Both ends readable: a link must not reveal the objective at its other end."""
    return who.access.can_read(link.child) and who.access.can_read(_parent(link))


def _link(who: Caller, pk: int) -> Alignment:
    fence = who.access.actor.organisation_id
    link = _links().filter(pk=pk, child__organisation_id=fence).first()
    if link is None or not _visible(who, link):
        raise not_found("alignment")
    return link


@router.get(
    "/objectives/{objective_id}/alignments",
    response={200: Page[AlignmentOut], **ERROR_RESPONSES},
    operation_id="list_objective_alignments",
)
def list_objective_alignments(
    request: HttpRequest, objective_id: PathId, query: Query[PageQuery]
) -> dict:
    """The objective's links up (it is the child) and down (it or one of its key results is
    the parent), as far as the caller may read the other end."""
    who = caller(request)
    objective = lookups.objective(who, objective_id)
    links = _links().filter(
        Q(child=objective)
        | Q(parent_objective=objective)
        | Q(parent_key_result__objective=objective)
    )
    return page([link for link in links.order_by("pk") if _visible(who, link)], query)


@router.get(
    "/alignments/{alignment_id}",
    response={200: AlignmentOut, **ERROR_RESPONSES},
    operation_id="get_alignment",
)
def get_alignment(request: HttpRequest, alignment_id: PathId) -> Alignment:
    return _link(caller(request), alignment_id)


@router.post(
    "/alignments", response={201: AlignmentOut, **ERROR_RESPONSES}, operation_id="create_alignment"
)
def create_alignment(request: HttpRequest, payload: AlignmentIn) -> Status:
    """Needs the right to edit the child; the parent only needs to be readable."""
    who = caller(request)
    child = lookups.objective(who, payload.child, "child")
    lookups.require(who.access.can_edit(child), "You may not change this objective's alignment.")
    if (payload.parent_objective is None) == (payload.parent_key_result is None):
        raise InvalidInput(
            [FieldError("parent", "give exactly one of parent_objective and parent_key_result")]
        )
    parent_objective = parent_key_result = None
    if payload.parent_objective is not None:
        parent_objective = lookups.objective(who, payload.parent_objective, "parent_objective")
    else:
        parent_key_result = lookups.key_result(who, payload.parent_key_result, "parent_key_result")
    link = services.align(
        child, parent_objective=parent_objective, parent_key_result=parent_key_result,
        kind=payload.kind, weight=payload.weight, by=who.author,
    )  # fmt: skip
    return Status(201, link)


@router.delete(
    "/alignments/{alignment_id}",
    response={204: None, **ERROR_RESPONSES},
    operation_id="delete_alignment",
)
def delete_alignment(request: HttpRequest, alignment_id: PathId) -> Status:
    who = caller(request)
    link = _link(who, alignment_id)
    lookups.require(
        who.access.can_edit(link.child), "You may not change this objective's alignment."
    )
    services.unalign(link, by=who.author)
    return Status(204, None)
