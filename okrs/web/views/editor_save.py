"""Saving the objective editor: its forms become a plan the editing service saves, all or
nothing, and a refused part's errors go back next to the fields the person typed."""

from __future__ import annotations

from okrs.core.errors import InvalidInput
from okrs.goals.models import Canvas, Objective, Period
from okrs.goals.services import Author
from okrs.goals.services.editing import KeyResultPlan, ObjectivePlan, PartRefused, save_plan
from okrs.web.forms import EditorForm, KeyResultForm, ObjectiveForm

# Service field names -> form fields; None puts the message at the top of the form.
OBJECTIVE_FIELDS = {"owner": "owner", "canvas": None, "canvas_impact": None, "state": None}
ALIGN_FIELDS = {"parent": "parent", "kind": "link_kind", "weight": None}


class Abort(Exception):
    """A service refused part of the save; its errors are on the forms."""


def save(
    form: ObjectiveForm,
    rows: list[KeyResultForm],
    *,
    objective: Objective | None,
    period: Period,
    canvas: Canvas | None,
    by: Author,
) -> Objective:
    """Create or update the objective, its key results and its alignment from valid forms;
    a refusal raises Abort with the errors on the forms, and nothing is kept."""
    kept = [row for row in rows if not row.is_blank]
    try:
        return save_plan(
            _plan(form, kept), objective=objective, period=period, canvas=canvas, by=by
        )
    except PartRefused as refused:
        _attach(refused.error, form, kept, refused.part)
        raise Abort from refused


def _plan(form: ObjectiveForm, rows: list[KeyResultForm]) -> ObjectivePlan:
    data = form.cleaned_data
    return ObjectivePlan(
        title=data["title"],
        owner=data["owner"],
        description=data["description"],
        kind=data["kind"],
        visibility=data["visibility"],
        focus_areas=list(data["focus_areas"]),
        canvas_impact=data["canvas_impact"] or "",
        key_results=[_row_plan(row) for row in rows],
        parent=data["parent"],
        link_kind=data["link_kind"],
    )


def _row_plan(row: KeyResultForm) -> KeyResultPlan:
    if row.is_removed:
        return KeyResultPlan(values={}, id=row.cleaned_data["id"], remove=True)
    values = row.values() | {"owner": row.cleaned_data.get("owner")}
    return KeyResultPlan(values=values, id=row.cleaned_data.get("id"))


def _attach(
    error: InvalidInput, form: ObjectiveForm, rows: list[KeyResultForm], part: int | str
) -> None:
    target: EditorForm
    if isinstance(part, int):
        target, fields = rows[part], {}
    else:
        target, fields = form, OBJECTIVE_FIELDS if part == "objective" else ALIGN_FIELDS
    target.attach(error, fields)
