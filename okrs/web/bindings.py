"""A key result's metric binding: shown on the objective page, measured on demand, and
created, changed or removed by organisation admins (the input is read on the server)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from okrs.audit.services import Author
from okrs.core.errors import InvalidInput
from okrs.goals.access import Access, access_for
from okrs.goals.models import KeyResult, Objective
from okrs.measure.cadence import cadence_text
from okrs.measure.measuring import measure_binding
from okrs.measure.models import Binding
from okrs.measure.services import BindingSpec, option_lines, remove_binding, save_binding
from okrs.metrics.registry import all_kinds
from okrs.web.objective_page import KeyResultView, page_context

FORM_FIELDS = ("kind", "input", "options", "cadence", "window_days")


def _key_result(request: HttpRequest, key_result_id: int) -> tuple[KeyResult, Access]:
    """The key result and the person's rights; 404 when they may not read its objective."""
    key_result = get_object_or_404(
        KeyResult.objects.select_related("objective__period"), pk=key_result_id
    )
    access = access_for(request.user, key_result.objective.organisation_id)  # type: ignore[arg-type]
    if access is None or not access.can_read(key_result.objective):
        raise Http404("No key result here.")
    return key_result, access


def _back(key_result: KeyResult) -> str:
    return reverse("objective", args=[key_result.objective_id]) + f"#kr-{key_result.pk}"


@login_required
@require_POST
def kr_measure(request: HttpRequest, key_result_id: int) -> HttpResponse:
    key_result, access = _key_result(request, key_result_id)
    if not access.can_check_in(key_result.objective, key_result.owner_id):
        raise PermissionDenied("You may not check in on this key result.")
    if key_result.objective.is_closed:
        raise PermissionDenied("This objective is closed: it takes no more measurements.")
    binding = Binding.objects.filter(key_result=key_result).first()
    if binding is None:
        raise Http404("This key result is not bound to a metric source.")
    outcome = measure_binding(binding, by=Author(request.user, "web"))  # type: ignore[arg-type]
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(_back(key_result))
    if outcome.status == "stored":
        return _key_result_moved(request, access, key_result)
    context = {"kr": key_result, "measured": outcome.status, "objective": key_result.objective}
    return render(request, "web/_kr_binding.html", context)


def _key_result_moved(request: HttpRequest, access: Access, key_result: KeyResult) -> HttpResponse:
    """A new value moved the key result's figures: swap its whole block, as a check-in does,
    with the objective's figures and its parents' rows out of band."""
    objective = Objective.objects.select_related("period", "owner_unit", "owner_user").get(
        pk=key_result.objective_id
    )
    context = page_context(access, objective, timezone.now())
    items: list[KeyResultView] = context["key_results"]  # type: ignore[assignment]
    context |= {
        "item": next(item for item in items if item.kr.pk == key_result.pk),
        "oob": True,
        "measured": "stored",
    }
    response = render(request, "web/_check_in_saved.html", context)
    response["HX-Retarget"] = f"#kr-{key_result.pk}"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
def kr_binding(request: HttpRequest, key_result_id: int) -> HttpResponse:
    key_result, access = _key_result(request, key_result_id)
    if not access.can_administer:
        raise PermissionDenied("Only organisation admins bind key results to metric sources.")
    binding = Binding.objects.filter(key_result=key_result).first()
    if request.method == "POST" and "remove" in request.POST:
        if binding is not None:
            remove_binding(binding, by=Author(request.user, "web"))  # type: ignore[arg-type]
        return redirect(_back(key_result))
    if request.method == "POST":
        form = {name: request.POST.get(name, "") for name in FORM_FIELDS}
        by = Author(request.user, "web")  # type: ignore[arg-type]
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
    request: HttpRequest,
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
    path("key-results/<int:key_result_id>/binding/", kr_binding, name="kr-binding"),
]
