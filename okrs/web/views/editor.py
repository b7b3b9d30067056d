"""Writing OKRs: create and edit an objective with its key results in one form.

Method hints (okrs.core.lint) are shown next to what they are about and never block a
save: a first save with hints shows them with a "Save anyway" button. Errors block, and a
save is all or nothing: every service call runs in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseForbidden, QueryDict
from django.shortcuts import redirect, render
from django.urls import path

from okrs.core.lint import lint_okr
from okrs.goals import queries
from okrs.goals.access import Access, access_for
from okrs.goals.models import Canvas, FocusArea, KeyResult, Objective, Period
from okrs.goals.services import Author
from okrs.orgs.models import Member, Unit
from okrs.web.editor_save import Abort, link_value, save
from okrs.web.forms import (
    MAX_ROWS,
    MIN_ROWS,
    KeyResultForm,
    ObjectiveForm,
    hints_by_place,
)
from okrs.web.pages.period_choice import choose_period
from okrs.web.requests import AuthenticatedHttpRequest


@dataclass
class Editor:
    """Everything the editor page shows: the forms, their choices and the hints."""

    access: Access
    user: User
    objective: Objective | None
    period: Period
    form: ObjectiveForm
    rows: list[KeyResultForm]
    canvas: Canvas | None = None
    notice: str = ""
    hints: list[str] = field(default_factory=list)
    row_hints: dict[int, list[str]] = field(default_factory=dict)

    def is_valid(self) -> bool:
        # Every form validates, so every problem shows at once.
        results = [self.form.is_valid(), *(row.is_valid() for row in self.rows)]
        return all(results)

    @property
    def rows_have_errors(self) -> bool:
        return any(row.is_bound and row.errors for row in self.rows)

    def kept_rows(self) -> list[tuple[int, KeyResultForm]]:
        return [
            (index, row)
            for index, row in enumerate(self.rows)
            if not row.is_blank and not (row.is_bound and row.data.get(row.add_prefix("remove")))
        ]

    def lint(self) -> bool:
        kept = self.kept_rows()
        for _, row in kept:
            row.is_valid()  # parse the numbers the hints look at
        title = self.form["title"].value() or ""
        found = lint_okr(title, [row.draft() for _, row in kept])
        self.hints, by_position = hints_by_place(found)
        # A row with errors shows its errors; hints about it can wait until it parses.
        self.row_hints = {
            kept[position][0]: messages
            for position, messages in by_position.items()
            if not kept[position][1].errors
        }
        return bool(found)

    def context(self, **extra: Any) -> dict[str, Any]:
        for form in [self.form, *self.rows]:
            form.describe_errors()
        return {
            "editor": self,
            "form": self.form,
            "rows": [(row, self.row_hints.get(index, [])) for index, row in enumerate(self.rows)],
            "row_count": len(self.rows),
            "can_add_row": len(self.rows) < MAX_ROWS,
            "objective": self.objective,
            "period": self.period,
            "canvas": self.canvas,
            **extra,
        }


def _owner_choices(access: Access, user: User, objective: Objective | None) -> list[Any]:
    units = Unit.objects.filter(organisation_id=access.actor.organisation_id)
    choices = [
        (f"unit:{unit.pk}", f"{unit.name} ({unit.kind})")
        for unit in units
        if access.can_create(owner_unit=unit)
    ]
    if access.can_create(owner_user=user):
        choices.append((f"user:{user.pk}", f"Me, {user.get_full_name() or user.username}"))
    if objective is not None and _owner_value(objective) not in dict(choices):
        choices.append((_owner_value(objective), objective.owner_name))
    return choices


def _owner_value(objective: Objective) -> str:
    if objective.owner_unit_id is not None:
        return f"unit:{objective.owner_unit_id}"
    return f"user:{objective.owner_user_id}"


def _parent_choices(access: Access, period: Period, objective: Objective | None) -> list[Any]:
    candidates = Objective.objects.filter(period=period).select_related("owner_unit", "owner_user")
    if objective is not None:
        candidates = candidates.exclude(pk=objective.pk)
    key_results: dict[int, list[KeyResult]] = {}
    for key_result in KeyResult.objects.filter(objective__period=period):
        key_results.setdefault(key_result.objective_id, []).append(key_result)
    choices: list[Any] = [("", "Not aligned")]
    for parent in access.readable(candidates):
        options = [(f"objective:{parent.pk}", f"Objective: {parent.title}")]
        options += [
            (f"key_result:{kr.pk}", f"Key result: {kr.title}")
            for kr in key_results.get(parent.pk, [])
        ]
        choices.append((f"{parent.owner_name}: {parent.title}", options))
    kept = link_value(objective.parent_links.order_by("pk").first()) if objective else ""
    offered = {value for _, group in choices[1:] for value, _ in group}
    if kept and kept not in offered:
        # Aligned (by someone else) to what this person may not read: keep it, unnamed.
        choices.append((kept, "Kept as it is: an objective you may not see"))
    return choices


def _people(organisation_id: int) -> list[tuple[int, str]]:
    members = Member.objects.filter(organisation_id=organisation_id).select_related("user")
    people = [(m.user.pk, m.user.get_full_name() or m.user.username) for m in members]
    return sorted(people, key=lambda person: person[1].lower())


def _open_periods(organisation_id: int) -> list[Period]:
    return list(
        Period.objects.filter(organisation_id=organisation_id).exclude(state=Period.State.CLOSED)
    )


def _build(
    request: AuthenticatedHttpRequest,
    access: Access,
    objective: Objective | None,
    period: Period,
    initial: dict[str, Any],
    kr_initial: list[dict[str, Any]],
) -> Editor:
    user: User = request.user
    data: QueryDict | None = request.POST if request.method == "POST" else None
    periods = _open_periods(access.actor.organisation_id) if objective is None else [period]
    choices = {
        "period": [(each.pk, f"{each.name} ({each.state})") for each in periods],
        "owner": _owner_choices(access, user, objective),
        "focus_areas": [(area.pk, area.title) for area in FocusArea.objects.filter(period=period)],
        "parent": _parent_choices(access, period, objective),
    }
    form = ObjectiveForm(data, initial=initial, choices=choices)
    count = len(kr_initial)
    if data is not None:
        count = _int(data.get("rows"), count) + (data.get("action") == "add_row")
    count = max(1, min(MAX_ROWS, count))
    people = _people(access.actor.organisation_id)
    rows = [
        KeyResultForm(
            data,
            prefix=f"kr-{index}",
            initial=kr_initial[index] if index < len(kr_initial) else {},
            people=people,
        )
        for index in range(count)
    ]
    return Editor(access, user, objective, period, form, rows)


def _int(raw: object, default: int) -> int:
    try:
        return int(str(raw))
    except ValueError:
        return default


@login_required
def objective_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if access is None:
        raise Http404("No organisation.")
    periods = _open_periods(access.actor.organisation_id)
    source = request.POST if request.method == "POST" else request.GET
    canvas, impact = _canvas_source(access, source)
    wanted = source.get("period") or (canvas.period_id if canvas else None)
    period = choose_period(periods, wanted)
    if period is None:
        raise Http404("No open period to write objectives for.")
    initial = _new_initial(request, canvas, impact) | {"period": period.pk}
    editor = _build(request, access, None, period, initial, [{}] * MIN_ROWS)
    editor.canvas = canvas
    # Ignored below: owner is declared as a ChoiceField; form.fields is typed as Field
    owners = dict(editor.form.fields["owner"].choices)  # type: ignore[attr-defined]
    if not owners:
        return HttpResponseForbidden("You may not write objectives here.")
    if request.method == "POST" and request.POST.get("owner", "") not in (*owners, ""):
        return HttpResponseForbidden("You may not write objectives for this owner.")
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
    canvas = queries.canvas(access, _int(raw, 0))
    if "canvas_impact" in source:
        return canvas, source.get("canvas_impact", "")
    index = _int(source.get("impact"), -1)
    if not 0 <= index < len(canvas.impacts):
        raise Http404("No such impact on this canvas.")
    return canvas, str(canvas.impacts[index])


@login_required
def objective_edit(request: AuthenticatedHttpRequest, objective_id: int) -> HttpResponse:
    objective, access = queries.objective_for(request.user, objective_id)
    if not access.can_edit(objective):
        return HttpResponseForbidden("You may not edit this objective.")
    link = objective.parent_links.order_by("pk").first()
    initial = {
        "period": objective.period_id,
        "owner": _owner_value(objective),
        "kind": objective.kind,
        "visibility": objective.visibility,
        "title": objective.title,
        "description": objective.description,
        "focus_areas": list(objective.focus_areas.values_list("pk", flat=True)),
        "parent": link_value(link),
        "link_kind": link.kind if link else "contribute",
    }
    kr_initial: list[dict[str, Any]] = [
        {
            "id": kr.pk,
            "title": kr.title,
            "direction": kr.direction,
            "start": _plain(kr.start),
            "target": _plain(kr.target),
            "low": _plain(kr.low),
            "high": _plain(kr.high),
            "unit_label": kr.unit_label,
            "weight": _plain(kr.weight),
            "owner": kr.owner_id,
        }
        for kr in objective.key_results.all()
    ]
    kr_initial += [{}] * max(MIN_ROWS - len(kr_initial), 1)
    editor = _build(request, access, objective, objective.period, initial, kr_initial)
    if request.method == "POST" and request.POST.get("owner", "") not in (
        # Ignored below: owner is declared as a ChoiceField; form.fields is typed as Field
        *dict(editor.form.fields["owner"].choices),  # type: ignore[attr-defined]
        "",
    ):
        return HttpResponseForbidden("You may not move this objective to that owner.")
    return _respond(request, editor)


def _plain(value: float | None) -> float | int | None:
    """3400 rather than 3400.0 in an input."""
    return int(value) if value is not None and value.is_integer() else value


def _respond(request: AuthenticatedHttpRequest, editor: Editor) -> HttpResponse:
    action = request.POST.get("action", "save") if request.method == "POST" else "show"
    if action in ("save", "save_anyway"):
        if not editor.is_valid():
            editor.lint()
            return _render(request, editor, status=400)
        if editor.lint() and action == "save":
            return _render(request, editor, confirm=True)
        try:
            with transaction.atomic():
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
