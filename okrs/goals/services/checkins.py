"""Check-ins, values pushed by machines, and the leads' feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError

from okrs.audit.services import snapshot
from okrs.core import validation
from okrs.core.checkins import FeedbackKind, check_in_time_error, parse_check_in
from okrs.core.errors import FieldError
from okrs.core.progress import Direction
from okrs.goals.models import Alignment, CheckIn, Feedback, KeyResult, Objective
from okrs.goals.services.common import SYSTEM, Author, change, raise_if

CHECK_IN_FIELDS = ["value", "confidence", "note", "signal", "checked_at", "source"]
SOURCE_MAX_LENGTH = 100
IDEMPOTENCY_KEY_MAX_LENGTH = 200


def record_check_in(
    key_result: KeyResult,
    value: object,
    confidence: object = None,
    note: object = "",
    signal: object = "none",
    *,
    checked_at: datetime | None = None,
    source: str = "",
    idempotency_key: str | None = None,
    by: Author = SYSTEM,
    now: datetime | None = None,
) -> CheckIn:
    """Store a check-in and update every figure it moves, in one transaction."""
    parsed = parse_check_in(value, confidence, note, signal)
    errors = []
    if key_result.direction == Direction.MILESTONE and parsed.value not in (0, 1):
        errors.append(FieldError("value", "is 1 (done) or 0 (not done) for a milestone"))
    if len(source) > SOURCE_MAX_LENGTH:
        errors.append(FieldError("source", f"keep it to {SOURCE_MAX_LENGTH} characters"))
    if idempotency_key is not None and not 0 < len(idempotency_key) <= IDEMPOTENCY_KEY_MAX_LENGTH:
        errors.append(
            FieldError("idempotency_key", f"must be 1 to {IDEMPOTENCY_KEY_MAX_LENGTH} characters")
        )
    raise_if(errors)
    objective = Objective.objects.select_related("period").get(pk=key_result.objective_id)
    with change(objective.organisation_id, by, now) as write:
        if objective.is_closed:
            # Imported here: this block is the closed rule's only line in this module.
            from okrs.goals.services.objectives import closed_conflict

            raise closed_conflict(objective, check_in=True)
        period = objective.period
        at = checked_at or write.now
        raise_if(_measured_by_children(key_result))
        late = check_in_time_error(at, period.start, period.end, write.now)
        raise_if([late] if late else [])
        check_in = CheckIn.objects.create(
            key_result=key_result,
            value=parsed.value,
            confidence=parsed.confidence,
            note=parsed.note,
            signal=parsed.signal,
            author=by.user,
            checked_at=at,
            source=source.strip(),
            idempotency_key=idempotency_key,
        )
        write.propagation.key_result_changed(key_result.pk)
        after = snapshot(check_in, CHECK_IN_FIELDS)
        write.audit("create", check_in, None, after, objective=objective, key_result=key_result)
    return check_in


def _measured_by_children(key_result: KeyResult) -> list[FieldError]:
    """A key result the objectives aligned to it measure takes no value of its own: it
    would be stored and then ignored beside the children's figure."""
    children = Alignment.objects.counted().filter(parent_key_result=key_result)
    count = children.count()
    if not count:
        return []
    return [
        FieldError(
            "key_result",
            f"is measured by the {count} objective{'s' if count > 1 else ''} contributing to "
            "it; check in on their key results, or remove the links to measure it directly",
        )
    ]


@dataclass(frozen=True)
class Pushed:
    check_in: CheckIn
    created: bool  # False when a retry found the value already stored


def push_value(
    key_result: KeyResult,
    value: object,
    *,
    at: datetime | None = None,
    note: str = "",
    source: str = "",
    idempotency_key: str | None = None,
    confidence: object = None,
    by: Author,
    now: datetime | None = None,
) -> Pushed:
    """A value from CI or a script. Retries are safe: the same Idempotency-Key, or the same
    source and time, finds the stored check-in instead of adding a second one."""
    existing = _already_pushed(key_result, source, at, idempotency_key)
    if existing is not None:
        return Pushed(existing, created=False)
    # A machine knows the value, not how sure the team is: without a confidence given, the
    # check-in has none (the key result keeps showing the last one a person gave).
    try:
        check_in = record_check_in(
            key_result,
            value=value,
            confidence=confidence,
            note=note,
            signal="none",
            checked_at=at,
            source=source,
            idempotency_key=idempotency_key,
            by=by,
            now=now,
        )
    except IntegrityError:
        # A concurrent retry won the race; the unique constraints kept one copy.
        existing = _already_pushed(key_result, source, at, idempotency_key)
        if existing is None:
            raise
        return Pushed(existing, created=False)
    return Pushed(check_in, created=True)


def _already_pushed(
    key_result: KeyResult, source: str, at: datetime | None, idempotency_key: str | None
) -> CheckIn | None:
    check_ins = CheckIn.objects.filter(key_result=key_result)
    if idempotency_key:
        found = check_ins.filter(idempotency_key=idempotency_key).first()
        if found is not None:
            return found
    if source.strip() and at is not None:
        return check_ins.filter(source=source.strip(), checked_at=at).first()
    return None


def give_feedback(check_in: CheckIn, kind: str, note: str = "", *, by: Author) -> Feedback:
    errors = validation.choice_errors(kind, [member.value for member in FeedbackKind], "kind")
    if len(note) > 500:
        errors.append(FieldError("note", f"is {len(note)} characters; keep it to 500"))
    author = by.user
    if author is None:
        errors.append(FieldError("author", "feedback comes from a person"))
    raise_if(errors)
    assert author is not None  # for mypy: raise_if refused None above
    key_result = check_in.key_result
    with change(key_result.objective.organisation_id, by) as write:
        feedback = Feedback.objects.create(
            check_in=check_in, author=author, kind=kind, note=note.strip()
        )
        after = snapshot(feedback, ["kind", "note", "check_in"])
        write.audit("create", feedback, None, after, key_result=key_result)
    return feedback
