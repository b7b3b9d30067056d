"""Every change to OKR data goes through here: validated, stored and rolled up in one
transaction, so a bad input stores nothing and a good one leaves the roll-ups consistent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from okrs.core.alignment import LinkKind, creates_cycle
from okrs.core.checkins import FeedbackKind, parse_check_in
from okrs.core.errors import FieldError, InvalidInput
from okrs.core.progress import Direction, KeyResultSpec
from okrs.core.scoring import Kind, needs_reason, validate_score
from okrs.goals import validation
from okrs.goals.models import (
    Alignment,
    Canvas,
    CheckIn,
    Feedback,
    FocusArea,
    KeyResult,
    Objective,
    Period,
)
from okrs.goals.rollup import Propagation
from okrs.orgs.models import Organisation, Unit


def _raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(errors)


def create_period(
    organisation: Organisation, name: str, start: date, end: date, state: str = Period.State.DRAFT
) -> Period:
    errors = validation.title_errors(name, "name")
    if end < start:
        errors.append(FieldError("end", "must not be before the start"))
    errors += validation.choice_errors(state, Period.State.values, "state")
    _raise_if(errors)
    return Period.objects.create(
        organisation=organisation, name=name, start=start, end=end, state=state
    )


def create_focus_area(period: Period, title: str, description: str = "") -> FocusArea:
    _raise_if(validation.title_errors(title))
    return FocusArea.objects.create(period=period, title=title, description=description)


@transaction.atomic
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
    now: datetime | None = None,
) -> Objective:
    errors = validation.title_errors(title) + validation.kind_errors(kind)
    errors += validation.choice_errors(visibility, Objective.Visibility.values, "visibility")
    if (owner_unit is None) == (owner_user is None):
        errors.append(FieldError("owner", "must be exactly one unit or one person"))
    elif owner_unit is not None and owner_unit.organisation_id != period.organisation_id:
        errors.append(FieldError("owner", "belongs to another organisation"))
    if any(area.period_id != period.pk for area in focus_areas):
        errors.append(FieldError("focus_areas", "must belong to the objective's period"))
    _raise_if(errors)
    objective = Objective.objects.create(
        organisation_id=period.organisation_id, period=period, title=title.strip(),
        description=description, owner_unit=owner_unit, owner_user=owner_user, kind=kind,
        visibility=visibility,
    )  # fmt: skip
    objective.focus_areas.set(focus_areas)
    propagation = Propagation(now)
    propagation.objective_added(objective)
    propagation.save()
    return objective


@transaction.atomic
def add_key_result(
    objective: Objective,
    title: str,
    *,
    direction: str = Direction.INCREASE,
    start: float = 0.0,
    target: float = 1.0,
    low: float | None = None,
    high: float | None = None,
    tolerance: float | None = None,
    unit_label: str = "",
    weight: float = 1.0,
    owner: User | None = None,
    now: datetime | None = None,
) -> KeyResult:
    parsed = validation.parse_direction(direction)
    if isinstance(parsed, list):
        raise InvalidInput(parsed)
    spec = KeyResultSpec(parsed, start, target, low, high, tolerance)
    _raise_if(validation.key_result_errors(title, spec, weight))
    key_result = objective.key_results.create(
        title=title.strip(), direction=parsed, start=start, target=target, low=low, high=high,
        tolerance=tolerance, unit_label=unit_label, weight=weight, owner=owner,
        position=objective.key_results.count(),
    )  # fmt: skip
    propagation = Propagation(now)
    propagation.key_result_changed(key_result.pk)
    propagation.save()
    return key_result


def _parents_of(objective_id: int) -> list[int]:
    links = Alignment.objects.filter(child_id=objective_id)
    return [
        parent_objective or kr_objective
        for parent_objective, kr_objective in links.values_list(
            "parent_objective_id", "parent_key_result__objective_id"
        )
    ]


@transaction.atomic
def align(
    child: Objective,
    *,
    parent_objective: Objective | None = None,
    parent_key_result: KeyResult | None = None,
    kind: str = LinkKind.CONTRIBUTE,
    weight: float = 1.0,
    now: datetime | None = None,
) -> Alignment:
    """Link `child` under a parent objective or key result; loops are refused."""
    errors = validation.choice_errors(kind, [member.value for member in LinkKind], "kind")
    errors += validation.weight_errors(weight)
    if (parent_objective is None) == (parent_key_result is None):
        errors.append(FieldError("parent", "must be exactly one objective or one key result"))
    _raise_if(errors)
    parent = parent_objective or parent_key_result.objective  # type: ignore[union-attr]
    if parent.organisation_id != child.organisation_id:
        raise InvalidInput([FieldError("parent", "belongs to another organisation")])
    if creates_cycle(child.pk, parent.pk, _parents_of):
        raise InvalidInput([FieldError(
            "parent", f"'{parent}' is already aligned below '{child}'; this link would make a loop"
        )])  # fmt: skip
    if Alignment.objects.filter(
        child=child, parent_objective=parent_objective, parent_key_result=parent_key_result
    ).exists():
        raise InvalidInput([FieldError("parent", "is already linked to this objective")])
    link = Alignment.objects.create(
        child=child, parent_objective=parent_objective, parent_key_result=parent_key_result,
        kind=kind, weight=weight,
    )  # fmt: skip
    if kind == LinkKind.CONTRIBUTE:
        propagation = Propagation(now)
        propagation.objective_changed(child.pk)
        propagation.save()
    return link


def record_check_in(
    key_result: KeyResult,
    author: User | None,
    value: object,
    confidence: object,
    note: object = "",
    signal: object = "none",
    *,
    checked_at: datetime | None = None,
    now: datetime | None = None,
) -> CheckIn:
    """Store a check-in and update every figure it moves, in one transaction."""
    parsed = parse_check_in(value, confidence, note, signal)
    if key_result.direction == Direction.MILESTONE and parsed.value not in (0, 1):
        raise InvalidInput([FieldError("value", "is 1 (done) or 0 (not done) for a milestone")])
    now = now or timezone.now()
    with transaction.atomic():
        objective = Objective.objects.select_related("period").get(pk=key_result.objective_id)
        if objective.is_closed:
            raise InvalidInput([FieldError("key_result", "belongs to a closed objective")])
        check_in = CheckIn.objects.create(
            key_result=key_result, value=parsed.value, confidence=parsed.confidence,
            note=parsed.note, signal=parsed.signal, author=author, checked_at=checked_at or now,
        )  # fmt: skip
        propagation = Propagation(now)
        propagation.key_result_changed(key_result.pk)
        propagation.save()
    return check_in


def give_feedback(check_in: CheckIn, author: User, kind: str, note: str = "") -> Feedback:
    errors = validation.choice_errors(kind, [member.value for member in FeedbackKind], "kind")
    if len(note) > 500:
        errors.append(FieldError("note", f"is {len(note)} characters; keep it to 500"))
    _raise_if(errors)
    return Feedback.objects.create(check_in=check_in, author=author, kind=kind, note=note.strip())


def save_canvas(
    unit: Unit, period: Period, current_state: str, impacts: Sequence[str], blockers: Sequence[str]
) -> Canvas:
    canvas, _ = Canvas.objects.update_or_create(
        unit=unit, period=period,
        defaults={
            "current_state": current_state.strip(),
            "impacts": [item.strip() for item in impacts if item.strip()],
            "blockers": [item.strip() for item in blockers if item.strip()],
        },
    )  # fmt: skip
    return canvas


@transaction.atomic
def close_objective(
    objective: Objective, score: float, note: str = "", now: datetime | None = None
) -> Objective:
    """Score an objective 0-1 and close it; committed ones below 1.0 need a reason."""
    errors = validate_score(score)
    if not errors and needs_reason(Kind(objective.kind), score) and not note.strip():
        errors.append(FieldError("score_note", "explain why a committed objective ends below 1.0"))
    _raise_if(errors)
    objective.final_score, objective.score_note = score, note.strip()
    objective.state = Objective.State.CLOSED
    objective.save(update_fields=["final_score", "score_note", "state", "updated_at"])
    propagation = Propagation(now)
    for key_result in objective.key_results.all():
        propagation.key_result_changed(key_result.pk)
    propagation.objective_changed(objective.pk)
    propagation.save()
    return objective
