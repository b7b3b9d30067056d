"""Closing a period with scores, and cloning objectives into the next one."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from okrs.audit.services import Author
from okrs.core.closing import next_quarter, parse_score
from okrs.core.errors import FieldError, InvalidInput
from okrs.goals import queries, services
from okrs.goals.access import Access
from okrs.goals.models import Objective, Period, open_objectives
from okrs.web.pages.periods import (
    ORDER,
    Closing,
    clonable_objectives,
    clone_targets,
    closing_score,
    open_closings,
)
from okrs.web.requests import AuthenticatedHttpRequest


def _period_for(request: AuthenticatedHttpRequest, period_id: int) -> tuple[Period, Access]:
    return queries.period_for(request.user, period_id)


# Closing ---------------------------------------------------------------------------------


def _read_form(request: AuthenticatedHttpRequest, closings: list[Closing]) -> None:
    for closing in closings:
        pk = closing.objective.pk
        closing.note = request.POST.get(f"note-{pk}", "")
        closing.retrospective = request.POST.get(f"retrospective-{pk}", "")
        closing.score = request.POST.get(f"score-{pk}", "")
        for row in closing.rows:
            row.value = request.POST.get(f"kr-{row.key_result.pk}", "")
            parsed = parse_score(row.value, "score")
            if isinstance(parsed, FieldError):
                row.errors.append(parsed.message)
            else:
                row.score = parsed
        if not closing.rows and not closing.children:
            error = parse_score(closing.score, "score")
            if isinstance(error, FieldError):
                closing.errors["score"] = [error.message]
        closing.computed = closing_score(closing)


class _Refused(Exception):
    """Leaves the transaction so nothing of a partly refused close is kept."""


def _close_all(request: AuthenticatedHttpRequest, period: Period, closings: list[Closing]) -> None:
    by = Author(request.user, "web")
    with transaction.atomic():
        for closing in closings:
            scores = {row.key_result.pk: row.score for row in closing.rows}
            try:
                services.close_objective(
                    closing.objective,
                    closing.computed or 0.0,
                    closing.note,
                    key_result_scores=scores,
                    retrospective=closing.retrospective,
                    by=by,
                )
            except InvalidInput as error:
                _place_errors(closing, error)
        if any(closing.has_errors for closing in closings):
            raise _Refused
        services.update_period(period, state=Period.State.CLOSED, by=by)


def _place_errors(closing: Closing, error: InvalidInput) -> None:
    rows = {f"key_result_scores.{row.key_result.pk}": row for row in closing.rows}
    for name, found in error.by_field().items():
        if name in rows:
            rows[name].errors += found
        else:
            closing.errors.setdefault("note" if name == "score_note" else name, []).extend(found)


@login_required
def period_close(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period, access = _period_for(request, period_id)
    if not access.can_administer:
        raise PermissionDenied("Only admins close a period.")
    closed = period.is_closed
    closings = [] if closed else open_closings(period)
    status = 200
    if request.method == "POST" and not closed:
        _read_form(request, closings)
        if not any(closing.has_errors for closing in closings):
            try:
                _close_all(request, period, closings)
            except _Refused:
                pass
            else:
                count = f"{len(closings)} objective{'s' * (len(closings) != 1)}"
                messages.success(request, f"{period.name} is closed; {count} scored.")
                return redirect(reverse("period-close", args=[period.pk]))
        status = 400
    context = {
        "period": period,
        "closings": closings,
        "closed": closed,
        "already_closed": period.objectives.exclude(open_objectives())
        .select_related("owner_unit", "owner_user")
        .prefetch_related("key_results")
        .order_by(*ORDER),
        "error_count": sum(closing.has_errors for closing in closings),
    }
    return render(request, "web/period_close.html", context, status=status)


# Cloning ---------------------------------------------------------------------------------


@login_required
def period_clone(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period, access = _period_for(request, period_id)
    if not access.actor.can_write:
        raise PermissionDenied("Viewers cannot clone objectives.")
    clonable = clonable_objectives(access, period)
    targets, following = clone_targets(period)
    new_name, new_start, new_end = next_quarter(max([period.end, *(p.end for p in targets)]))
    offer_new = access.can_administer and following is None
    chosen_target = str(following.pk) if following else ("new" if offer_new else "")
    chosen: set[str] = set()
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        chosen = set(request.POST.getlist("objective"))
        chosen_target = request.POST.get("target", "")
        picked = [objective for objective in clonable if str(objective.pk) in chosen]
        try:
            target = _clone(
                request, picked, targets, chosen_target, offer_new, (new_name, new_start, new_end)
            )
        except InvalidInput as error:
            errors = error.by_field()
        else:
            draft = target.state == Period.State.DRAFT
            messages.success(
                request,
                f"{len(picked)} objective{'s' * (len(picked) != 1)} cloned into "
                f"{target.name}, without check-ins."
                + (f" {target.name} is a draft until an admin activates it." if draft else ""),
            )
            return redirect(f"{reverse('home')}?period={target.pk}")
    context = {
        "period": period,
        "clonable": clonable,
        "targets": targets,
        "offer_new": offer_new,
        "new_period": {"name": new_name, "start": new_start, "end": new_end},
        "chosen": chosen,
        "chosen_target": chosen_target,
        "errors": errors,
    }
    return render(request, "web/period_clone.html", context, status=400 if errors else 200)


def _clone(
    request: AuthenticatedHttpRequest,
    picked: list[Objective],
    targets: list[Period],
    chosen_target: str,
    offer_new: bool,
    new: tuple[str, date, date],
) -> Period:
    by = Author(request.user, "web")
    errors = []
    if not picked:
        errors.append(FieldError("objective", "choose at least one objective to clone"))
    target = next((each for each in targets if str(each.pk) == chosen_target), None)
    if target is None and not (offer_new and chosen_target == "new"):
        errors.append(FieldError("target", "choose the period to clone into"))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        if target is None:
            name, start, end = new
            target = services.create_period(picked[0].period.organisation, name, start, end, by=by)
        services.clone_objectives(picked, target, by=by)
    return target


urlpatterns = [
    path("periods/<int:period_id>/close/", period_close, name="period-close"),
    path("periods/<int:period_id>/clone/", period_clone, name="period-clone"),
]
