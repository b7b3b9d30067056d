"""Store planned check-in histories in bulk, and the leads' feedback on some of them.

Recording ~1,000 check-ins one by one through `record_check_in` would roll every one of
them up; here each is validated the same way, inserted in one `bulk_create`, and the
builder rebuilds the figures once at the end with `recompute`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random

from django.contrib.auth.models import User

from okrs.audit.services import Author
from okrs.core.checkins import FeedbackKind, Signal, parse_check_in
from okrs.core.errors import FieldError, InvalidInput
from okrs.core.progress import Direction
from okrs.demo import notes
from okrs.demo.history import Arc, Planned, Window, plan
from okrs.demo.spec import ObjectiveSpec, Story
from okrs.goals.models import CheckIn, KeyResult, Objective
from okrs.goals.services import give_feedback

FEEDBACK_NOTES = {FeedbackKind.CONTINUE: notes.CONTINUE, FeedbackKind.CONSIDER: notes.CONSIDER}


@dataclass
class Built:
    """An objective as the tables describe it and as it was stored."""

    spec: ObjectiveSpec
    objective: Objective
    key_results: list[KeyResult]
    # The owning unit's lead and the lead above it (for a person, of their home unit).
    leads: tuple[User | None, ...] = ()

    def reviewer_of(self, author: User | None) -> User | None:
        """Leads answer their people's check-ins; a lead's own go to the lead above."""
        for lead in self.leads:
            if lead is not None and lead != author:
                return lead
        return None


@dataclass
class _Pending:
    rows: list[CheckIn] = field(default_factory=list)
    answers: list[tuple[FeedbackKind | None, User | None]] = field(default_factory=list)


def record_history(built: list[Built], window: Window, measured: set[str], rng: Random) -> None:
    """Check-ins for every key result that measures itself, then feedback on a few."""
    pending = _Pending()
    for item in built:
        wants_blocker = _has_blocker(item.spec)
        for index, (spec, key_result) in enumerate(
            zip(item.spec.key_results, item.key_results, strict=True)
        ):
            if spec.silent or f"{item.spec.key}#{index}" in measured:
                continue
            arc = Arc(item.spec.story, item.spec.final, blocker=wants_blocker)
            history = plan(spec, arc, window, rng)
            wants_blocker = wants_blocker and len(history) < 2  # one blocker per objective
            for planned in history:
                pending.rows.append(_check_in(key_result, planned))
                reviewer = item.reviewer_of(key_result.owner)
                pending.answers.append((planned.feedback, reviewer))
    saved = CheckIn.objects.bulk_create(pending.rows)
    for check_in, (kind, reviewer) in zip(saved, pending.answers, strict=True):
        if kind is not None and reviewer is not None:
            pool = notes.UNBLOCK if check_in.signal == Signal.BLOCKER else FEEDBACK_NOTES[kind]
            give_feedback(check_in, kind, rng.choice(pool), by=Author(reviewer))


def _has_blocker(spec: ObjectiveSpec) -> bool:
    # Teams that lag usually know why: they raise a blocker on their first live key result.
    if spec.story is Story.FINISHED:
        return spec.final < 0.35
    return spec.story in (Story.BEHIND, Story.STUCK)


def _check_in(key_result: KeyResult, planned: Planned) -> CheckIn:
    """Validated exactly as `record_check_in` validates input, but not yet saved."""
    parsed = parse_check_in(planned.value, planned.confidence, planned.note, planned.signal)
    if key_result.direction == Direction.MILESTONE and parsed.value not in (0, 1):
        raise InvalidInput([FieldError("value", "is 1 (done) or 0 (not done) for a milestone")])
    return CheckIn(
        key_result=key_result,
        value=parsed.value,
        confidence=parsed.confidence,
        note=parsed.note,
        signal=parsed.signal,
        author=key_result.owner,
        checked_at=planned.at,
    )
