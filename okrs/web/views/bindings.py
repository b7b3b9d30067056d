"""A key result's metric binding: shown on the objective page, measured on demand, and
created, changed or removed by organisation admins (the input is read on the server)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from okrs.audit.services import Author
from okrs.bindings.cadence import cadence_text
from okrs.bindings.models import Binding
from okrs.bindings.queue import TooManyRequests, latest_request, request_measurement
from okrs.bindings.services import (
    BindingSpec,
    option_lines,
    reads_server,
    remove_binding,
    save_binding,
)
from okrs.core.errors import InvalidInput
from okrs.goals import queries
from okrs.goals.access import Access
from okrs.goals.models import KeyResult, Objective
from okrs.goals.services.objectives import closed_conflict
from okrs.metrics.registry import all_kinds
from okrs.web.locale import decimal_comma
from okrs.web.pages.bindings import binding_blocks
from okrs.web.pages.objective import KeyResultView, page_context
from okrs.web.requests import AuthenticatedHttpRequest

FORM_FIELDS = ("kind", "input", "options", "cadence", "window_days")
OPERATOR_ONLY = (
    "names a file, folder or database on the server: this server holds several "
    "organisations, so only its operator binds to those. Use an http(s) URL, or ask the "
    "operator."
)


def _key_result(request: AuthenticatedHttpRequest, key_result_id: int) -> tuple[KeyResult, Access]:
    """The key result and the person's rights; 404 when they may not read its objective."""
    return queries.key_result_for(request.user, key_result_id)


def _back(key_result: KeyResult) -> str:
    return reverse("objective", args=[key_result.objective_id]) + f"#kr-{key_result.pk}"


@login_required
@require_POST
def kr_measure(request: AuthenticatedHttpRequest, key_result_id: int) -> HttpResponse:
    """Queue a measurement for the worker and answer at once: the block follows its state."""
    key_result, access = _key_result(request, key_result_id)
    if not access.could_check_in(key_result.objective, key_result.owner_id):
        raise PermissionDenied("You may not check in on this key result.")
    binding = Binding.objects.filter(key_result=key_result).first()
    if binding is None:
        raise Http404("This key result is not bound to a metric source.")
    if key_result.objective.is_closed:  # a state, not a permission: 409 that names it
        closed = closed_conflict(key_result.objective, check_in=True).message
        if not request.htmx:
            return HttpResponse(closed, status=409, content_type="text/plain")
        return _block(request, access, key_result, status=409, refusal=closed)
    try:
        request_measurement(binding, request.user)
    except TooManyRequests as refusal:
        if not request.htmx:
            return HttpResponse(str(refusal), status=429, content_type="text/plain")
        return _block(request, access, key_result, status=429, refusal=str(refusal))
    if not request.htmx:
        return redirect(_back(key_result))
    return _block(request, access, key_result)


@login_required
def kr_measure_status(request: AuthenticatedHttpRequest, key_result_id: int) -> HttpResponse:
    """What the page polls while a measurement waits or runs. A finished one that stored a
    value moved the key result's figures, so the whole block is swapped, as a check-in does."""
    key_result, access = _key_result(request, key_result_id)
    binding = Binding.objects.filter(key_result=key_result).first()
    if binding is None:
        raise Http404("This key result is not bound to a metric source.")
    latest = latest_request(binding)
    polled = request.GET.get("request", "")
    if latest is not None and str(latest.pk) == polled and latest.outcome == "stored":
        return _key_result_moved(request, access, key_result, polled)
    return _block(request, access, key_result, polled=polled)


def _block(
    request: AuthenticatedHttpRequest,
    access: Access,
    key_result: KeyResult,
    *,
    status: int = 200,
    refusal: str = "",
    polled: str = "",
) -> HttpResponse:
    context = {
        "kr": key_result,
        "block": binding_blocks(access, [key_result])[key_result.pk],
        "objective": key_result.objective,
        "refusal": refusal,
        "polled": polled,
    }
    return render(request, "web/_kr_binding.html", context, status=status)


def _key_result_moved(
    request: AuthenticatedHttpRequest, access: Access, key_result: KeyResult, polled: str
) -> HttpResponse:
    """A new value moved the key result's figures: swap its whole block, as a check-in does,
    with the objective's figures and its parents' rows out of band."""
    objective = Objective.objects.select_related("period", "owner_unit", "owner_user").get(
        pk=key_result.objective_id
    )
    context = page_context(access, objective, timezone.now(), decimal_comma=decimal_comma(request))
    # Ignored below: page_context puts the KeyResultViews under key_results
    items: list[KeyResultView] = context["key_results"]  # type: ignore[assignment]
    context |= {
        "item": next(item for item in items if item.kr.pk == key_result.pk),
        "oob": True,
        "polled": polled,
    }
    response = render(request, "web/_check_in_saved.html", context)
    response["HX-Retarget"] = f"#kr-{key_result.pk}"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
def kr_binding(request: AuthenticatedHttpRequest, key_result_id: int) -> HttpResponse:
    key_result, access = _key_result(request, key_result_id)
    if not access.can_administer:
        raise PermissionDenied("Only organisation admins bind key results to metric sources.")
    binding = Binding.objects.filter(key_result=key_result).first()
    if request.method == "POST" and "remove" in request.POST:
        if binding is not None:
            remove_binding(binding, by=Author(request.user, "web"))
        return redirect(_back(key_result))
    if request.method == "POST":
        form = {name: request.POST.get(name, "") for name in FORM_FIELDS}
        if not access.can_bind(reads_server=reads_server(form["input"])):
            errors = {"input": [OPERATOR_ONLY]}
            return _form(request, key_result, binding, form, errors, status=400)
        by = Author(request.user, "web")
        try:
            save_binding(key_result, BindingSpec(**form), by=by)
        except InvalidInput as error:
            return _form(request, key_result, binding, form, error.by_field(), status=400)
        return redirect(_back(key_result))
    return _form(request, key_result, binding, _initial(binding), {})


def _initial(binding: Binding | None) -> dict[str, str]:
    if binding is None:
        return {"kind": "", "input": "", "options": "", "cadence": "daily", "window_days": ""}
    return {
        "kind": binding.kind,
        "input": binding.input,
        "options": option_lines(binding.options),
        "cadence": cadence_text(binding.cadence_hours),
        "window_days": "" if binding.window_days is None else str(binding.window_days),
    }


def _form(
    request: AuthenticatedHttpRequest,
    key_result: KeyResult,
    binding: Binding | None,
    form: dict[str, str],
    errors: dict[str, list[str]],
    status: int = 200,
) -> HttpResponse:
    context = {
        "kr": key_result,
        "objective": key_result.objective,
        "binding": binding,
        "form": form,
        "errors": errors,
        "kinds": all_kinds().values(),
    }
    return render(request, "web/binding_form.html", context, status=status)


urlpatterns = [
    path("key-results/<int:key_result_id>/measure/", kr_measure, name="kr-measure"),
    path(
        "key-results/<int:key_result_id>/measure/status/",
        kr_measure_status,
        name="kr-measure-status",
    ),
    path("key-results/<int:key_result_id>/binding/", kr_binding, name="kr-binding"),
]
