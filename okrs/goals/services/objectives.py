"""Objectives: stored, audited, rolled up (their links are in `alignments`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from django.contrib.auth.models import User

from okrs.audit.services import snapshot
from okrs.core import validation
from okrs.core.errors import Conflict, FieldError, InvalidInput
from okrs.core.scoring import Kind, needs_reason, validate_score
from okrs.goals.models import Alignment, Canvas, FocusArea, Objective, Period
from okrs.goals.rollup import Propagation
from okrs.goals.services.common import SYSTEM, Author, Change, change, raise_if
from okrs.orgs.models import Unit

EDITABLE_FIELDS = [
    "title",
    "description",
    "owner_unit",
    "owner_user",
    "kind",
    "visibility",
    "state",
    "retrospective",
]
# What the audit trail pictures: the score is set by closing, not by editing.
OBJECTIVE_FIELDS = [*EDITABLE_FIELDS, "final_score", "score_note"]
CANVAS_IMPACT_MAX_LENGTH = 500
# Changing these moves the objective between aggregate rows.
PLACEMENT_FIELDS = {"owner_unit", "owner_user", "visibility", "focus_areas"}


def _objective_errors(objective: Objective, focus_areas: Sequence[FocusArea]) -> list[FieldError]:
    errors = validation.title_errors(objective.title) + validation.kind_errors(objective.kind)
    errors += validation.choice_errors(
        objective.visibility, Objective.Visibility.values, "visibility"
    )
    errors += validation.choice_errors(objective.state, Objective.State.values, "state")
    unit, user = objective.owner_unit, objective.owner_user
    if (unit is None) == (user is None):
        errors.append(FieldError("owner", "must be exactly one unit or one person"))
    elif unit is not None and unit.organisation_id != objective.period.organisation_id:
        errors.append(FieldError("owner", "belongs to another organisation"))
    if any(area.period_id != objective.period_id for area in focus_areas):
        errors.append(FieldError("focus_areas", "must belong to the objective's period"))
    return errors


def _archived_owner_errors(unit: object) -> list[FieldError]:
    """An archived unit keeps its objectives but takes no new ones (okrs.orgs.units)."""
    if isinstance(unit, Unit) and unit.archived_at is not None:
        return [FieldError("owner", f"{unit.name} is archived and takes no new objectives")]
    return []


def closed_conflict(objective: Objective, *, check_in: bool = False) -> Conflict:
    """Why a closed objective refuses a write. Its period is closed: for good, a closed
    period's objectives stay closed. Or the objective itself is: read-only until an admin
    reopens it (`reopen_objective`)."""
    period = objective.period
    if period.is_closed:
        what = "check-ins" if check_in else "its objectives"
        return Conflict(f"{period.name} is closed: {what} are history now.", "period")
    what = "takes no more check-ins" if check_in else "is read-only"
    return Conflict(f"This objective is closed: it {what} until an admin reopens it.", "objective")


def refuse_if_closed(objective: Objective) -> None:
    """Closed objectives are read-only: no edits, key results or deletion (issue 12)."""
    if objective.is_closed:
        raise closed_conflict(objective)


def _snapshot(objective: Objective) -> dict[str, object]:
    picture = snapshot(objective, OBJECTIVE_FIELDS)
    picture["focus_areas"] = sorted(objective.focus_areas.values_list("pk", flat=True))
    return picture


def create_objective(
    period: Period,
    title: str,
    *,
    owner_unit: Unit | None = None,
    owner_user: User | None = None,
    description: str = "",
    kind: str = Kind.COMMITTED,
    visibility: str = Objective.Visibility.PUBLIC,
    focus_areas: Sequence[FocusArea] = (),
    canvas: Canvas | None = None,
    canvas_impact: str = "",
    cloned_from: Objective | None = None,
    activated_at: datetime | None = None,
    by: Author = SYSTEM,
    now: datetime | None = None,
) -> Objective:
    """A new active objective; its pace starts at `activated_at` (default: now) or on the
    period's first day, whichever is later."""
    objective = Objective(
        organisation_id=period.organisation_id,
        period=period,
        title=title.strip(),
        description=description,
        owner_unit=owner_unit,
        owner_user=owner_user,
        kind=kind,
        visibility=visibility,
        canvas=canvas,
        canvas_impact=canvas_impact.strip(),
        cloned_from=cloned_from,
    )
    errors = _objective_errors(objective, focus_areas) + _archived_owner_errors(owner_unit)
    if canvas is not None and canvas.period_id != period.pk:
        errors.append(FieldError("canvas", "belongs to another period"))
    if len(objective.canvas_impact) > CANVAS_IMPACT_MAX_LENGTH:
        errors.append(
            FieldError("canvas_impact", f"keep it to {CANVAS_IMPACT_MAX_LENGTH} characters")
        )
    raise_if(errors)
    with change(period.organisation_id, by, now) as write:
        objective.activated_at = activated_at or write.now
        objective.save()
        objective.focus_areas.set(focus_areas)
        write.propagation.objective_added(objective)
        write.audit("create", objective, None, _snapshot(objective), objective=objective)
    return objective


def update_objective(
    objective: Objective,
    *,
    focus_areas: Sequence[FocusArea] | None = None,
    by: Author = SYSTEM,
    now: datetime | None = None,
    **changes: object,
) -> Objective:
    """Change an objective's fields; moving it to another owner or visibility moves its
    figures to the matching aggregates."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput([FieldError(name, "cannot be changed here") for name in sorted(unknown)])
    with change(objective.organisation_id, by, now) as write:
        refuse_if_closed(objective)
        if changes.get("state") == Objective.State.CLOSED:
            raise InvalidInput([FieldError("state", "close an objective with a score instead")])
        before = _snapshot(objective)
        moves = bool(PLACEMENT_FIELDS & set(changes)) or focus_areas is not None
        if moves:
            write.propagation.objective_removed(objective)
        if "owner_unit" in changes and changes["owner_unit"] != objective.owner_unit:
            raise_if(_archived_owner_errors(changes["owner_unit"]))
        for name, value in changes.items():
            setattr(objective, name, value)
        activating = objective.state == Objective.State.ACTIVE and before["state"] != "active"
        if activating:  # a draft turned active: its pace starts now
            objective.activated_at = write.now
        areas = list(focus_areas) if focus_areas is not None else list(objective.focus_areas.all())
        raise_if(_objective_errors(objective, areas))
        # Only the fields people edit: the stored figures on this instance may be stale.
        objective.save(update_fields=[*EDITABLE_FIELDS, "activated_at", "updated_at"])
        if focus_areas is not None:
            objective.focus_areas.set(areas)
        if moves:
            write.propagation.objective_added(objective)
        else:
            write.propagation.objective_changed(objective.pk)
        write.audit("update", objective, before, _snapshot(objective), objective=objective)
    return objective


def delete_objective(
    objective: Objective, *, by: Author = SYSTEM, now: datetime | None = None
) -> None:
    """Delete with its key results and check-ins; what it contributed to is rolled up again.
    A closed objective is history: reopen it first."""
    with change(objective.organisation_id, by, now) as write:
        refuse_if_closed(objective)
        write.propagation.objective_removed(objective)
        parents = list(Alignment.objects.counted().filter(child=objective))
        write.audit("delete", objective, _snapshot(objective), None, objective=objective)
        objective.delete()
        for link in parents:
            refresh_parent(write.propagation, link)


def refresh_parent(propagation: Propagation, link: Alignment) -> None:
    if link.parent_objective_id is not None:
        propagation.objective_changed(link.parent_objective_id)
    else:  # a link has exactly one parent (alignment_has_one_parent)
        propagation.key_result_changed(cast(int, link.parent_key_result_id))


def close_objective(
    objective: Objective,
    score: float,
    note: str = "",
    *,
    by: Author = SYSTEM,
    now: datetime | None = None,
    key_result_scores: dict[int, float] | None = None,
    retrospective: str | None = None,
) -> Objective:
    """Score an objective 0-1 and close it; committed ones below 1.0 need a reason.

    `key_result_scores` (key result id -> 0-1) keeps the score given to each key result;
    `retrospective` keeps what the team learned. A closed objective keeps its score: reopen
    it first to score it again."""
    with change(objective.organisation_id, by, now) as write:
        refuse_if_closed(objective)
        _close(write, objective, score, note, key_result_scores or {}, retrospective)
    return objective


def _close(
    write: Change,
    objective: Objective,
    score: float,
    note: str,
    scores: dict[int, float],
    retrospective: str | None,
) -> None:
    errors = validate_score(score)
    if not errors and needs_reason(Kind(objective.kind), score) and not note.strip():
        errors.append(FieldError("score_note", "explain why a committed objective ends below 1.0"))
    key_results = list(objective.key_results.all())
    known = {key_result.pk for key_result in key_results}
    for key_result_id, kr_score in scores.items():
        field = f"key_result_scores.{key_result_id}"
        if key_result_id not in known:
            errors.append(FieldError(field, "is not a key result of this objective"))
        errors += [FieldError(field, error.message) for error in validate_score(kr_score)]
    raise_if(errors)
    before = _snapshot(objective)
    objective.final_score, objective.score_note = score, note.strip()
    if retrospective is not None:
        objective.retrospective = retrospective.strip()
    objective.state = Objective.State.CLOSED
    objective.save(
        update_fields=["final_score", "score_note", "retrospective", "state", "updated_at"]
    )
    for key_result in key_results:
        if key_result.pk in scores:
            old_score = {"final_score": key_result.final_score}
            key_result.final_score = scores[key_result.pk]
            key_result.save(update_fields=["final_score"])
            new_score = {"final_score": key_result.final_score}
            write.audit("update", key_result, old_score, new_score, key_result=key_result)
        write.propagation.key_result_changed(key_result.pk)
    write.propagation.objective_changed(objective.pk)
    write.audit("update", objective, before, _snapshot(objective), objective=objective)


def reopen_objective(
    objective: Objective, *, by: Author = SYSTEM, now: datetime | None = None
) -> Objective:
    """A closed objective becomes active again, in an open period only: a closed period's
    objectives stay closed. Its score, score note and key-result scores are cleared (they
    were given at the close it undoes; closing again scores it anew); the retrospective is
    kept. Who may reopen is the shells' question (`Access.can_reopen`: admins)."""
    with change(objective.organisation_id, by, now) as write:
        objective = Objective.objects.select_related("period").get(pk=objective.pk)
        if objective.period.is_closed:
            raise Conflict(
                f"{objective.period.name} is closed: its objectives stay closed.", "period"
            )
        if not objective.is_closed:  # its period is open: the objective itself is not closed
            raise Conflict("This objective is not closed.", "state")
        before = _snapshot(objective)
        objective.state = Objective.State.ACTIVE
        objective.final_score, objective.score_note = None, ""
        objective.save(update_fields=["state", "final_score", "score_note", "updated_at"])
        for key_result in objective.key_results.all():
            if key_result.final_score is not None:
                old_score = {"final_score": key_result.final_score}
                key_result.final_score = None
                key_result.save(update_fields=["final_score"])
                new_score = {"final_score": None}
                write.audit("update", key_result, old_score, new_score, key_result=key_result)
            write.propagation.key_result_changed(key_result.pk)
        write.propagation.objective_changed(objective.pk)
        write.audit("update", objective, before, _snapshot(objective), objective=objective)
    return objective
