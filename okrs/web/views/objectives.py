"""The objective page, inline check-ins and leads' feedback.

A check-in posted through HTMX answers with the key result's fragment plus out-of-band
fragments for the objective's figures and each parent row, so every number it moved changes
in place. Without JavaScript the same form posts and redirects back to the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from okrs.audit.services import Author
from okrs.core.checkins import parse_check_in
from okrs.core.errors import Conflict, FieldError, InvalidInput
from okrs.goals import queries
from okrs.goals.access import Access
from okrs.goals.models import CheckIn, KeyResult, Objective
from okrs.goals.services import give_feedback, record_check_in, reopen_objective
from okrs.goals.services.objectives import closed_conflict
from okrs.web.locale import decimal_comma
from okrs.web.pages.objective import KeyResultView, check_in_view, page_context
from okrs.web.requests import AuthenticatedHttpRequest


@login_required
def objective_detail(request: AuthenticatedHttpRequest, objective_id: int) -> HttpResponse:
    objective, access = _readable(request, objective_id)
    return render(
        request,
        "web/objective.html",
        page_context(access, objective, timezone.now(), decimal_comma=decimal_comma(request)),
    )


def _readable(request: AuthenticatedHttpRequest, objective_id: int) -> tuple[Objective, Access]:
    """The objective and the reader's rights; 404 when they may not see it."""
    return queries.objective_for(request.user, objective_id)


@login_required
@require_POST
def check_in(request: AuthenticatedHttpRequest, key_result_id: int) -> HttpResponse:
    key_result, access = queries.key_result_for(request.user, key_result_id)
    objective = key_result.objective
    form = {name: request.POST.get(name, "") for name in ("value", "confidence", "note", "signal")}
    # Who could check in were it open is told that it is closed (and why: the period or the
    # objective); who could not is refused alike, open or closed.
    if not access.could_check_in(objective, key_result.owner_id):
        raise PermissionDenied("You may not check in on this key result.")
    try:
        if objective.is_closed:
            raise closed_conflict(objective, check_in=True)
        record_check_in(
            key_result,
            _typed_value(request, form),
            form["confidence"],
            form["note"],
            form["signal"] or "none",
            by=Author(request.user, "web"),
        )
    except Conflict as closed:
        refused = InvalidInput([FieldError("form", closed.message)])
        return _check_in_invalid(request, access, objective, key_result, form, refused)
    except InvalidInput as error:
        return _check_in_invalid(request, access, objective, key_result, form, error)
    if not request.htmx:
        return redirect(reverse("objective", args=[objective.pk]) + f"#kr-{key_result.pk}")
    objective.refresh_from_db()
    context = page_context(access, objective, timezone.now(), decimal_comma=decimal_comma(request))
    item = _item(context, key_result.pk)
    item.saved = True
    context |= {"item": item, "oob": True}
    return render(request, "web/_check_in_saved.html", context)


def _typed_value(request: AuthenticatedHttpRequest, form: dict[str, str]) -> float:
    """The value as the person typed it, in the convention the page shows (2,530 or 2.530):
    the whole form is checked here first, so every bad field is still named at once."""
    typed = parse_check_in(
        form["value"],
        form["confidence"],
        form["note"],
        form["signal"] or "none",
        decimal_comma=decimal_comma(request),
    )
    return typed.value


def _check_in_invalid(
    request: AuthenticatedHttpRequest,
    access: Access,
    objective: Objective,
    key_result: KeyResult,
    form: dict[str, str],
    error: InvalidInput,
) -> HttpResponse:
    """Nothing was stored: show the form again with what was typed and why it failed."""
    errors = error.by_field()
    if "key_result" in errors:  # about the key result itself, not a field: above the form
        errors.setdefault("form", []).extend(errors.pop("key_result"))
    context = page_context(access, objective, timezone.now(), decimal_comma=decimal_comma(request))
    item = _item(context, key_result.pk)
    item.form, item.errors = form, errors
    if request.htmx:
        context["item"] = item
        return render(request, "web/_kr.html", context, status=422)
    return render(request, "web/objective.html", context, status=400)


def _item(context: dict[str, object], key_result_id: int) -> KeyResultView:
    # Ignored below: page_context puts the KeyResultViews under key_results
    items: list[KeyResultView] = context["key_results"]  # type: ignore[assignment]
    return next(item for item in items if item.kr.pk == key_result_id)


@login_required
@require_POST
def feedback(request: AuthenticatedHttpRequest, check_in_id: int) -> HttpResponse:
    entry, access = queries.check_in_for(request.user, check_in_id)
    objective = entry.key_result.objective
    if not access.can_give_feedback(objective):
        raise PermissionDenied("Only the leads above this objective give feedback.")
    form = {"kind": request.POST.get("kind", ""), "note": request.POST.get("note", "")}
    try:
        give_feedback(entry, form["kind"], form["note"], by=Author(request.user, "web"))
    except InvalidInput as error:
        return _feedback_invalid(request, access, objective, entry, form, error)
    if not request.htmx:
        return redirect(reverse("objective", args=[objective.pk]) + f"#check-in-{entry.pk}")
    view = check_in_view(entry, can_give_feedback=True)
    view.saved = True
    return render(request, "web/_check_in.html", {"entry": view, "objective": objective})


def _feedback_invalid(
    request: AuthenticatedHttpRequest,
    access: Access,
    objective: Objective,
    entry: CheckIn,
    form: dict[str, str],
    error: InvalidInput,
) -> HttpResponse:
    if request.htmx:
        view = check_in_view(entry, can_give_feedback=True)
        view.form, view.errors = form, error.by_field()
        context = {"entry": view, "objective": objective}
        return render(request, "web/_check_in.html", context, status=422)
    context = page_context(access, objective, timezone.now(), decimal_comma=decimal_comma(request))
    item = _item(context, entry.key_result_id)
    for view in item.check_ins:
        if view.check_in.pk == entry.pk:
            view.form, view.errors = form, error.by_field()
    return render(request, "web/objective.html", context, status=400)


@login_required
@require_POST
def reopen(request: AuthenticatedHttpRequest, objective_id: int) -> HttpResponse:
    """An admin reopens a closed objective in an open period; the page says what happened."""
    objective, access = _readable(request, objective_id)
    if not access.can_reopen(objective):
        raise PermissionDenied("Only admins reopen a closed objective.")
    try:
        reopen_objective(objective, by=Author(request.user, "web"))
    except Conflict as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"{objective.title} is open again: its score is cleared.")
    return redirect("objective", objective.pk)


urlpatterns = [
    path("objectives/<int:objective_id>/", objective_detail, name="objective"),
    path("objectives/<int:objective_id>/reopen/", reopen, name="objective-reopen"),
    path("key-results/<int:key_result_id>/check-in/", check_in, name="check-in"),
    path("check-ins/<int:check_in_id>/feedback/", feedback, name="feedback"),
]
