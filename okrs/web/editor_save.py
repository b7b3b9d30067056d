"""Saving the objective editor: every service call of one save, to run in one transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from okrs.core.errors import Conflict, FieldError, InvalidInput
from okrs.goals import services
from okrs.goals.access import access_for
from okrs.goals.models import Alignment, Canvas, FocusArea, KeyResult, Objective, Period
from okrs.goals.services import Author
from okrs.orgs.models import Unit
from okrs.web.forms import EditorForm, KeyResultForm, ObjectiveForm

# Service field names -> form fields; None puts the message at the top of the form.
OBJECTIVE_FIELDS = {"owner": "owner", "canvas": None, "canvas_impact": None, "state": None}
ALIGN_FIELDS = {"parent": "parent", "kind": "link_kind", "weight": None}


class Abort(Exception):
    """A service refused part of the save; its errors are on the forms."""


def _call(
    form: EditorForm, fields: dict[str, str | None], function: Any, *args: Any, **kwargs: Any
) -> Any:
    try:
        return function(*args, **kwargs)
    except InvalidInput as error:
        form.attach(error, fields)
        raise Abort from error
    except Conflict as error:
        # A closed objective or period: shown next to the field, like any refusal.
        form.attach(InvalidInput([FieldError(error.field or "form", error.message)]), fields)
        raise Abort from error


def save(
    form: ObjectiveForm,
    rows: list[KeyResultForm],
    *,
    objective: Objective | None,
    period: Period,
    canvas: Canvas | None,
    by: Author,
) -> Objective:
    """Create or update the objective, its key results and its alignment from valid forms.

    Call inside one transaction: a refusal raises Abort with the errors on the forms, and the
    caller's rollback leaves nothing half-saved."""
    data = form.cleaned_data
    owner_unit, owner_user = _owner(period.organisation_id, data["owner"])
    areas = list(FocusArea.objects.filter(pk__in=data["focus_areas"]))
    values = {
        "title": data["title"],
        "description": data["description"],
        "kind": data["kind"],
        "visibility": data["visibility"],
        "owner_unit": owner_unit,
        "owner_user": owner_user,
    }
    if objective is None:
        objective = _call(
            form,
            OBJECTIVE_FIELDS,
            services.create_objective,
            period,
            focus_areas=areas,
            canvas=canvas,
            canvas_impact=data["canvas_impact"] or "",
            by=by,
            **values,
        )
    else:
        changes = {
            name: value for name, value in values.items() if getattr(objective, name) != value
        }
        same_areas = {area.pk for area in areas} == set(
            objective.focus_areas.values_list("pk", flat=True)
        )
        if changes or not same_areas:
            _call(
                form,
                OBJECTIVE_FIELDS,
                services.update_objective,
                objective,
                focus_areas=None if same_areas else areas,
                by=by,
                **changes,
            )
    _save_key_results(rows, objective, by)
    _save_alignment(form, objective, data["parent"], data["link_kind"], by)
    return objective


def _owner(organisation_id: int, value: str) -> tuple[Unit | None, User | None]:
    kind, _, pk = value.partition(":")
    if kind == "unit":
        return Unit.objects.get(pk=pk, organisation_id=organisation_id), None
    return None, User.objects.get(pk=pk)


def _save_key_results(rows: list[KeyResultForm], objective: Objective, by: Author) -> None:
    existing = {kr.pk: kr for kr in objective.key_results.all()}
    kept = [row for row in rows if not row.is_blank]
    owners = [row.cleaned_data.get("owner") for row in kept]
    people = {user.pk: user for user in User.objects.filter(pk__in=owners)}
    for row in kept:
        if row.is_removed and row.cleaned_data["id"] in existing:
            services.delete_key_result(existing.pop(row.cleaned_data["id"]), by=by)
    for row in kept:
        if row.is_removed:
            continue
        values = row.values() | {"owner": people.get(row.cleaned_data.get("owner") or 0)}
        key_result = existing.get(row.cleaned_data.get("id") or 0)
        if key_result is None:
            _call(row, {}, services.add_key_result, objective, by=by, **values)
            continue
        changes = {
            name: value for name, value in values.items() if getattr(key_result, name) != value
        }
        if changes:
            _call(row, {}, services.update_key_result, key_result, by=by, **changes)


def _save_alignment(
    form: ObjectiveForm, objective: Objective, parent: str, kind: str, by: Author
) -> None:
    link = objective.parent_links.order_by("pk").first()
    if link_value(link) == parent and (link is None or link.kind == kind):
        return
    if link is not None:
        services.unalign(link, by=by)
    if not parent:
        return
    target, _, pk = parent.partition(":")
    if target == "objective":
        parent_objective = Objective.objects.select_related("period").get(pk=pk)
        found: dict[str, Any] = {"parent_objective": parent_objective}
    else:
        key_result = KeyResult.objects.select_related("objective__period").get(pk=pk)
        parent_objective, found = key_result.objective, {"parent_key_result": key_result}
    # Accepted when the editor may edit the parent too; otherwise a proposal its owner accepts.
    access = access_for(by.user, objective.organisation_id) if by.user else None
    state = access.link_state(objective, parent_objective) if access else None
    if state is None:
        form.attach(InvalidInput([FieldError("parent", "you may not link to it")]), ALIGN_FIELDS)
        raise Abort
    _call(form, ALIGN_FIELDS, services.align, objective, kind=kind, state=state, by=by, **found)


def link_value(link: Alignment | None) -> str:
    if link is None:
        return ""
    if link.parent_objective_id is not None:
        return f"objective:{link.parent_objective_id}"
    return f"key_result:{link.parent_key_result_id}"
