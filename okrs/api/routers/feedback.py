"""Feedback: the leads' *continue* / *consider* notes on check-ins."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api.auth import caller
from okrs.api.errors import ERROR_RESPONSES, not_found, require
from okrs.api.schemas.check_ins import FeedbackIn, FeedbackOut, FeedbackQuery
from okrs.api.schemas.common import Page, PathId, page
from okrs.goals import queries, services
from okrs.goals.models import Feedback

router = Router(tags=["feedback"])


def _feedback(request: HttpRequest):
    who = caller(request)
    fence = who.access.actor.organisation_id
    return Feedback.objects.filter(
        queries.readable(who.access, "check_in__key_result__objective_id"),
        check_in__key_result__objective__organisation_id=fence,
    )


@router.get(
    "/feedback", response={200: Page[FeedbackOut], **ERROR_RESPONSES}, operation_id="list_feedback"
)
def list_feedback(request: HttpRequest, query: Query[FeedbackQuery]) -> dict:
    found = _feedback(request)
    if query.check_in is not None:
        found = found.filter(check_in_id=query.check_in)
    if query.key_result is not None:
        found = found.filter(check_in__key_result_id=query.key_result)
    return page(found.order_by("created_at", "pk"), query)


@router.get(
    "/feedback/{feedback_id}",
    response={200: FeedbackOut, **ERROR_RESPONSES},
    operation_id="get_feedback",
)
def get_feedback(request: HttpRequest, feedback_id: PathId) -> Feedback:
    found = _feedback(request).filter(pk=feedback_id).first()
    if found is None:
        raise not_found("feedback")
    return found


@router.post(
    "/feedback", response={201: FeedbackOut, **ERROR_RESPONSES}, operation_id="create_feedback"
)
def create_feedback(request: HttpRequest, payload: FeedbackIn) -> Status:
    """From the leads above the objective and from admins."""
    who = caller(request)
    check_in = queries.check_in(who.access, payload.check_in, "check_in")
    allowed = who.access.can_give_feedback(check_in.key_result.objective)
    require(allowed, "Only leads above and admins give feedback.")
    feedback = services.give_feedback(check_in, payload.kind, payload.note, by=who.author)
    return Status(201, feedback)
