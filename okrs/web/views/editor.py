"""Writing OKRs: create and edit an objective with its key results in one form.

Method hints (okrs.core.lint) are shown next to what they are about and never block a
save: a first save with hints shows them with a "Save anyway" button. Errors block, and a
save is all or nothing: `goals.services.editing` runs it as one change.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path

from okrs.goals import queries
from okrs.goals.access import Access, access_for
from okrs.goals.models import Canvas
from okrs.goals.services import Author
from okrs.goals.services.editing import link_value
from okrs.goals.services.objectives import closed_conflict
from okrs.web.forms import MIN_ROWS
from okrs.web.locale import decimal_comma
from okrs.web.pages.editor import Editor, as_int, build_editor, owner_value, periods_open_for
from okrs.web.pages.period_choice import choose_period
from okrs.web.requests import AuthenticatedHttpRequest
from okrs.web.views.editor_save import Abort, save


@login_required
def objective_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if access is None:
        raise Http404("No organisation.")
    periods = periods_open_for(access.actor.organisation_id)
    source = request.POST if request.method == "POST" else request.GET
    canvas, impact = _canvas_source(access, source)
    wanted = source.get("period") or (canvas.period_id if canvas else None)
    period = choose_period(periods, wanted)
    if period is None:
        raise Http404("No open period to write objectives for.")
    initial = _new_initial(request, canvas, impact) | {"period": period.pk}
    editor = build_editor(request, access, None, period, initial, [{}] * MIN_ROWS)
    editor.canvas = canvas
    # Ignored below: owner is declared as a ChoiceField; form.fields is typed as Field
    owners = dict(editor.form.fields["owner"].choices)  # type: ignore[attr-defined]
    if not owners:
        raise PermissionDenied("You may not write objectives here.")
    if request.method == "POST" and request.POST.get("owner", "") not in (*owners, ""):
        raise PermissionDenied("You may not write objectives for this owner.")
    if initial.get("owner") and initial["owner"] not in owners:
        editor.notice = "You may not write objectives for that unit; choose another owner."
    return _respond(request, editor)


def _new_initial(
    request: AuthenticatedHttpRequest, canvas: Canvas | None, impact: str
) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "kind": "committed",
        "visibility": "public",
        "link_kind": "contribute",
    }
    if request.GET.get("unit"):
        initial["owner"] = f"unit:{request.GET['unit']}"
    if canvas is not None:
        initial |= {
            "owner": f"unit:{canvas.unit_id}",
            "canvas": canvas.pk,
            "canvas_impact": impact,
            "title": impact[:200],
        }
    return initial


def _canvas_source(access: Access, source: QueryDict) -> tuple[Canvas | None, str]:
    """The canvas and impact an objective is drafted from (?canvas=&impact=), or none."""
    raw = source.get("canvas")
    if not raw:
        return None, ""
    canvas = queries.canvas(access, as_int(raw, 0))
    if "canvas_impact" in source:
        return canvas, source.get("canvas_impact", "")
    index = as_int(source.get("impact"), -1)
    if not 0 <= index < len(canvas.impacts):
        raise Http404("No such impact on this canvas.")
    return canvas, str(canvas.impacts[index])


@login_required
def objective_edit(request: AuthenticatedHttpRequest, objective_id: int) -> HttpResponse:
    objective, access = queries.objective_for(request.user, objective_id)
    if not access.can_edit(objective):
        raise PermissionDenied("You may not edit this objective.")
    link = objective.parent_links.order_by("pk").first()
    initial = {
        "period": objective.period_id,
        "owner": owner_value(objective),
        "kind": objective.kind,
        "visibility": objective.visibility,
        "title": objective.title,
        "description": objective.description,
        "focus_areas": list(objective.focus_areas.values_list("pk", flat=True)),
        "parent": link_value(link),
        "link_kind": link.kind if link else "contribute",
    }
    comma = decimal_comma(request)  # the reader's convention, as the editor reads it back
    kr_initial: list[dict[str, Any]] = [
        {
            "id": kr.pk,
            "title": kr.title,
            "direction": kr.direction,
            "start": _plain(kr.start, comma),
            "target": _plain(kr.target, comma),
            "low": _plain(kr.low, comma),
            "high": _plain(kr.high, comma),
            "unit_label": kr.unit_label,
            "weight": _plain(kr.weight),
            "precision": kr.precision,
            "due": kr.due,
            "owner": kr.owner_id,
        }
        for kr in objective.key_results.all()
    ]
    kr_initial += [{}] * max(MIN_ROWS - len(kr_initial), 1)
    editor = build_editor(request, access, objective, objective.period, initial, kr_initial)
    if objective.is_closed:
        # Read-only until an admin reopens it: the editor says so and saves nothing.
        editor.notice = closed_conflict(objective).message
        return _render(request, editor, status=409 if request.method == "POST" else 200)
    if request.method == "POST" and request.POST.get("owner", "") not in (
        # Ignored below: owner is declared as a ChoiceField; form.fields is typed as Field
        *dict(editor.form.fields["owner"].choices),  # type: ignore[attr-defined]
        "",
    ):
        raise PermissionDenied("You may not move this objective to that owner.")
    return _respond(request, editor)


def _plain(value: float | None, comma: bool = False) -> str | None:
    """3400 rather than 3400.0 in an input; 0,7 for a reader who writes a decimal comma, so
    what the editor shows it reads back the same (every digit: no rounding, no grouping)."""
    if value is None:
        return None
    text = str(int(value)) if value.is_integer() else repr(value)
    if "e" in text:  # 1e-05: the parser takes plain digits only
        text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if comma else text


def _respond(request: AuthenticatedHttpRequest, editor: Editor) -> HttpResponse:
    action = request.POST.get("action", "save") if request.method == "POST" else "show"
    if action in ("save", "save_anyway"):
        if not editor.is_valid():
            editor.lint()
            return _render(request, editor, status=400)
        if editor.lint() and action == "save":
            return _render(request, editor, confirm=True)
        try:
            objective = save(
                editor.form,
                editor.rows,
                objective=editor.objective,
                period=editor.period,
                canvas=editor.canvas,
                by=Author(editor.user, "web"),
            )
        except Abort:
            return _render(request, editor, status=400)
        return redirect("objective", objective.pk)
    if request.method == "POST":
        editor.lint()
    return _render(request, editor)


def _render(
    request: AuthenticatedHttpRequest, editor: Editor, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(request, "web/editor.html", editor.context(**extra), status=status)


urlpatterns = [
    path("objectives/new/", objective_new, name="objective-new"),
    path("objectives/<int:objective_id>/edit/", objective_edit, name="objective-edit"),
]
