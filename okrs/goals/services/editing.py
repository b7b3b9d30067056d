"""One save of the objective editor: the objective, its key results and its alignment.

A team writes an objective with its key results and the link to what it supports in one
form; saving it is many service calls (create or update the objective, add, change and
remove key results, unalign and align) that must land together or not at all. This is that
orchestration, in one change, so any shell (the web editor today, a YAML plan later) gets
the same all-or-nothing save. A refusal raises `PartRefused` naming the part of the plan it
concerns, so the shell can show the errors next to the field the person typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.contrib.auth.models import User

from okrs.core.errors import Conflict, FieldError, InvalidInput
from okrs.goals.access import access_for
from okrs.goals.models import Alignment, Canvas, FocusArea, KeyResult, Objective, Period
from okrs.goals.services.alignments import align, unalign
from okrs.goals.services.common import Author, change
from okrs.goals.services.key_results import add_key_result, delete_key_result, update_key_result
from okrs.goals.services.objectives import create_objective, refuse_if_closed, update_objective
from okrs.orgs.models import Unit


@dataclass
class KeyResultPlan:
    """One key result row: an existing one (`id`) kept, changed or removed, or a new one."""

    values: dict[str, Any]  # what add_key_result takes; `owner` is a user id or None
    id: int | None = None
    remove: bool = False


@dataclass
class ObjectivePlan:
    title: str
    owner: str  # "unit:<pk>" or "user:<pk>"
    description: str = ""
    kind: str = "committed"
    visibility: str = "public"
    focus_areas: list[int] = field(default_factory=list)
    canvas_impact: str = ""
    key_results: list[KeyResultPlan] = field(default_factory=list)
    parent: str = ""  # "objective:<pk>", "key_result:<pk>" or "" for no link
    link_kind: str = "contribute"


Part = Literal["objective", "alignment"] | int  # an int: the index of a key result row


class PartRefused(Exception):
    """A service refused one part of the plan; nothing of the save was kept."""

    def __init__(self, part: Part, error: InvalidInput) -> None:
        super().__init__(str(error))
        self.part, self.error = part, error


def save_plan(
    plan: ObjectivePlan,
    *,
    objective: Objective | None,
    period: Period,
    canvas: Canvas | None = None,
    by: Author,
) -> Objective:
    """Create (objective None) or update the objective from the plan, all or nothing. A
    closed objective is read-only: `Conflict`, before any part is tried."""
    with change(period.organisation_id, by):
        if objective is not None:
            refuse_if_closed(objective)
        objective = _save_objective(plan, objective, period, canvas, by)
        _save_key_results(plan.key_results, objective, by)
        _save_alignment(plan, objective, by)
    return objective


def _attempt(part: Part, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return function(*args, **kwargs)
    except InvalidInput as error:
        raise PartRefused(part, error) from error
    except Conflict as error:
        # A closed objective or period: shown next to its field, like any refusal.
        refused = InvalidInput([FieldError(error.field or "form", error.message)])
        raise PartRefused(part, refused) from error


def _save_objective(
    plan: ObjectivePlan,
    objective: Objective | None,
    period: Period,
    canvas: Canvas | None,
    by: Author,
) -> Objective:
    owner_unit, owner_user = _owner(period.organisation_id, plan.owner)
    areas = list(FocusArea.objects.filter(pk__in=plan.focus_areas))
    values = {
        "title": plan.title,
        "description": plan.description,
        "kind": plan.kind,
        "visibility": plan.visibility,
        "owner_unit": owner_unit,
        "owner_user": owner_user,
    }
    if objective is None:
        return _attempt(
            "objective",
            create_objective,
            period,
            focus_areas=areas,
            canvas=canvas,
            canvas_impact=plan.canvas_impact,
            by=by,
            **values,
        )
    changes = {name: value for name, value in values.items() if getattr(objective, name) != value}
    stored_areas = set(objective.focus_areas.values_list("pk", flat=True))
    same_areas = {area.pk for area in areas} == stored_areas
    if changes or not same_areas:
        areas_changed = None if same_areas else areas
        _attempt(
            "objective", update_objective, objective, focus_areas=areas_changed, by=by, **changes
        )
    return objective


def _owner(organisation_id: int, value: str) -> tuple[Unit | None, User | None]:
    kind, _, pk = value.partition(":")
    if kind == "unit":
        return Unit.objects.get(pk=pk, organisation_id=organisation_id), None
    return None, User.objects.get(pk=pk)


def _save_key_results(rows: list[KeyResultPlan], objective: Objective, by: Author) -> None:
    existing = {kr.pk: kr for kr in objective.key_results.all()}
    people = {
        user.pk: user for user in User.objects.filter(pk__in=[r.values.get("owner") for r in rows])
    }
    for row in rows:  # removals first, so a new row can take a removed one's place
        if row.remove and row.id in existing:
            delete_key_result(existing.pop(row.id), by=by)
    for index, row in enumerate(rows):
        if row.remove:
            continue
        values = row.values | {"owner": people.get(row.values.get("owner") or 0)}
        key_result = existing.get(row.id or 0)
        if key_result is None:
            _attempt(index, add_key_result, objective, by=by, **values)
            continue
        changes = {
            name: value for name, value in values.items() if getattr(key_result, name) != value
        }
        if changes:
            _attempt(index, update_key_result, key_result, by=by, **changes)


def _save_alignment(plan: ObjectivePlan, objective: Objective, by: Author) -> None:
    link = objective.parent_links.order_by("pk").first()
    if link_value(link) == plan.parent and (link is None or link.kind == plan.link_kind):
        return
    if link is not None:
        unalign(link, by=by)
    if not plan.parent:
        return
    target, _, pk = plan.parent.partition(":")
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
        raise PartRefused(
            "alignment", InvalidInput([FieldError("parent", "you may not link to it")])
        )
    _attempt("alignment", align, objective, kind=plan.link_kind, state=state, by=by, **found)


def link_value(link: Alignment | None) -> str:
    """How a plan names the link's parent: "objective:<pk>", "key_result:<pk>" or ""."""
    if link is None:
        return ""
    if link.parent_objective_id is not None:
        return f"objective:{link.parent_objective_id}"
    return f"key_result:{link.parent_key_result_id}"
