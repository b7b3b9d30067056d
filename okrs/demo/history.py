"""Plausible check-in histories: roughly weekly values along a story arc, with notes.

Pure planning from a `random.Random`, so the same seed and clock give the same history;
`okrs.demo.record` stores what is planned here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from random import Random

from okrs.core.checkins import FeedbackKind, Signal
from okrs.core.health import expected_progress
from okrs.core.progress import Direction
from okrs.demo import notes
from okrs.demo.spec import KeyResultSpec, Story

# Progress reached per unit of elapsed period, by story (1.0 keeps pace with the calendar).
PACE = {Story.AHEAD: 1.25, Story.ON_PACE: 1.03, Story.BEHIND: 0.6, Story.STALE: 0.85}
CONFIDENCE = {Story.AHEAD: 8, Story.ON_PACE: 7, Story.BEHIND: 5, Story.STUCK: 3, Story.STALE: 6}
# Share of the period after which a milestone is done; never for stories that lag.
MILESTONE_DONE_AT = {Story.AHEAD: 0.4, Story.ON_PACE: 0.6}
NEVER = 2.0


@dataclass(frozen=True)
class Window:
    """A period's first and last day, and the build's clock: check-ins stop the day before."""

    start: date
    end: date
    now: datetime


@dataclass(frozen=True)
class Arc:
    """How one key result moves: its objective's story, where a closed quarter ends, and
    whether to raise a blocker halfway."""

    story: Story
    final: float = 0.0
    blocker: bool = False


@dataclass(frozen=True)
class Planned:
    at: datetime
    value: float
    confidence: int
    note: str
    signal: Signal
    feedback: FeedbackKind | None = None


def plan(spec: KeyResultSpec, arc: Arc, window: Window, rng: Random) -> list[Planned]:
    days = _days(arc.story, window, rng)
    spread = rng.uniform(0.9, 1.1)  # each key result runs a little faster or slower
    done_at = _done_at(arc, rng)
    blocker_at = len(days) // 2 if arc.blocker and len(days) >= 2 else None
    planned: list[Planned] = []
    previous, previous_value = 0.0, spec.start
    for index, day in enumerate(days):
        at = datetime.combine(day, time(rng.randint(8, 17), 5 * rng.randint(0, 11)), tzinfo=UTC)
        elapsed = expected_progress(window.start, window.end, at)
        closing = arc.story is Story.FINISHED and index == len(days) - 1
        reached = 0.0 if index == 0 else _progress(arc, elapsed, spread, closing, rng)
        if spec.direction is Direction.MILESTONE:
            value = 1.0 if elapsed >= done_at and index > 0 else 0.0
        else:
            value = _value(spec, reached)
        context = _Context(spec, arc, value, reached, previous, previous_value, elapsed)
        if index == 0:
            item = _first(context, at, rng)
        elif closing:
            item = _closing(context, at, rng)
        elif index == blocker_at:
            item = _blocker(context, at, rng)
        else:
            item = _routine(context, at, rng)
        planned.append(item)
        previous, previous_value = reached, value
    return planned


def _days(story: Story, window: Window, rng: Random) -> list[date]:
    last = min(window.end, window.now.date() - timedelta(days=1))
    if story is Story.STALE:
        # Stopped checking in two to four weeks ago: past the 14-day cadence, so outdated.
        last = min(last, window.now.date() - timedelta(days=rng.randint(17, 30)))
    day = window.start + timedelta(days=rng.randint(0, 4))
    days = []
    while day <= last:
        days.append(day)
        day += timedelta(days=7 + rng.choice((-1, 0, 0, 0, 1)))
    if story is Story.FINISHED and days and days[-1] < window.end:
        # The close ritual brings every key result up to date on the last day.
        if (window.end - days[-1]).days < 3:
            days.pop()
        days.append(window.end)
    return days


def _done_at(arc: Arc, rng: Random) -> float:
    if arc.story is Story.FINISHED:
        return 0.75 if arc.final >= 0.6 else NEVER
    share = MILESTONE_DONE_AT.get(arc.story)
    return NEVER if share is None else share + rng.uniform(-0.1, 0.1)


def _progress(arc: Arc, elapsed: float, spread: float, closing: bool, rng: Random) -> float:
    if closing:
        # A target met stays met; otherwise land near where the objective ended.
        return arc.final + (rng.uniform(0, 0.08) if arc.final >= 1 else rng.uniform(-0.05, 0.05))
    if arc.story is Story.STUCK:
        reached = 0.15 * min(1.0, 4 * elapsed)
    elif arc.story is Story.FINISHED:
        reached = arc.final * elapsed
    else:
        reached = PACE[arc.story] * elapsed
    return min(reached * spread + rng.gauss(0, 0.03), 1.15)


def _value(spec: KeyResultSpec, reached: float) -> float:
    raw = max(0.0, spec.start + (spec.target - spec.start) * reached)
    if spec.unit == "%":
        raw = min(raw, 100.0)
    return round(raw, decimals(spec))


def decimals(spec: KeyResultSpec) -> int:
    """Places worth showing: whole milliseconds, tenths of a percent, hundredths of a ratio."""
    span = abs(spec.target - spec.start)
    if spec.low is not None and spec.high is not None:
        span = max(span, spec.high - spec.low)
    places = 0 if span >= 10 else 1 if span >= 1 else 2
    return max(places, 1) if spec.unit == "%" else places


def describe(spec: KeyResultSpec, value: float) -> str:
    text = f"{value:,.{decimals(spec)}f}"
    if spec.unit in ("%", "x"):
        return f"{text}{spec.unit}"
    # "At 38 score" reads oddly; the bare number says it.
    return text if spec.unit in ("", "score", "ratio") else f"{text} {spec.unit}"


@dataclass(frozen=True)
class _Context:
    spec: KeyResultSpec
    arc: Arc
    value: float
    reached: float
    previous: float
    previous_value: float
    elapsed: float

    @property
    def notes(self) -> dict[str, list[str]]:
        return notes.NOTES[notes.theme_of(self.spec.title)]

    @property
    def confidence(self) -> int:
        if self.arc.story is Story.FINISHED:
            return round(3 + 6 * self.arc.final)
        return CONFIDENCE[self.arc.story]

    @property
    def milestone(self) -> bool:
        return self.spec.direction is Direction.MILESTONE


def _confidence(base: int, rng: Random) -> int:
    return max(0, min(10, base + rng.choice((-1, 0, 0, 1))))


def _first(context: _Context, at: datetime, rng: Random) -> Planned:
    if context.milestone:
        note = rng.choice(notes.MILESTONE_WHY)
    else:
        note = f"Baseline {describe(context.spec, context.value)}. {rng.choice(notes.WHY)}"
    return Planned(at, context.value, _confidence(6, rng), note, Signal.NONE)


def _closing(context: _Context, at: datetime, rng: Random) -> Planned:
    kind = FeedbackKind.CONTINUE if context.arc.final >= 0.7 else FeedbackKind.CONSIDER
    feedback = kind if rng.random() < 0.5 else None
    confidence = _confidence(context.confidence, rng)
    return Planned(
        at, context.value, confidence, rng.choice(notes.CLOSING), Signal.INSIGHT, feedback
    )


def _blocker(context: _Context, at: datetime, rng: Random) -> Planned:
    confidence = _confidence(context.confidence - 2, rng)
    note = rng.choice(context.notes["blocker"])
    return Planned(at, context.value, confidence, note, Signal.BLOCKER, FeedbackKind.CONSIDER)


def _routine(context: _Context, at: datetime, rng: Random) -> Planned:
    confidence = _confidence(context.confidence, rng)
    if rng.random() < 0.07:
        insight = rng.choice(context.notes["insight"])
        return Planned(at, context.value, confidence, insight, Signal.INSIGHT)
    pool, feedback = _mood(context, rng)
    if rng.random() < 0.1:
        return Planned(at, context.value, confidence, "", Signal.NONE)  # no words this week
    phrase = rng.choice(pool)
    if not context.milestone and rng.random() < 0.4:
        phrase = f"At {describe(context.spec, context.value)}. {phrase}"
    return Planned(at, context.value, confidence, phrase, Signal.NONE, feedback)


def _mood(context: _Context, rng: Random) -> tuple[list[str], FeedbackKind | None]:
    """The phrase pool that fits this week's move, and whether a lead is likely to answer."""
    if context.milestone and context.value:
        pool = notes.MILESTONE_KEPT if context.previous_value else notes.MILESTONE_DONE
        return pool, None
    if context.milestone:
        return notes.MILESTONE_OPEN, None
    if context.reached < 0.75 * context.elapsed - 0.05:
        feedback = FeedbackKind.CONSIDER if rng.random() < 0.08 else None
        return rng.choice((context.notes["bad"], notes.FLAT)), feedback
    if context.reached - context.previous > 0.01:
        return context.notes["good"], (FeedbackKind.CONTINUE if rng.random() < 0.06 else None)
    return notes.FLAT, None
