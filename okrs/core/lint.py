"""Hints on how an OKR is written: the method's advice, never a reason to refuse a save.

Validation (okrs.core.validation) says what cannot be stored; these rules say what a coach
would point at: 2-4 key results per objective (Node), key results that are measurable
outcomes rather than activities (re:Work: "outcomes, not activities"), and an objective
that is a qualitative aim rather than business as usual or a metric in disguise.

Each hint names the field it is about: "title", "key_results" (the set), or
"key_results.<position>.<field>" for one key result in the order given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from okrs.core.progress import Direction

FEWEST_KEY_RESULTS, MOST_KEY_RESULTS = 2, 4

# Openings that describe work to do rather than a result to reach. From re:Work's list
# (consult, help, analyze, participate, assess, work on, support), the seed article's
# description of the role (design, implement, test, manage, iterate) and the verbs
# software teams write to-do lists with.
ACTIVITY_VERBS = frozenset(
    {
        "add",
        "analyse",
        "analyze",
        "assess",
        "attend",
        "conduct",
        "consult",
        "create",
        "deliver",
        "develop",
        "do",
        "finish",
        "hold",
        "host",
        "implement",
        "integrate",
        "introduce",
        "investigate",
        "iterate",
        "launch",
        "manage",
        "migrate",
        "organise",
        "organize",
        "participate",
        "prepare",
        "refactor",
        "replace",
        "rewrite",
        "ship",
        "write",
    }
)
# Words that also open metric names ("Release cycle time", "Support CSAT", "Test
# coverage"): an activity only when an object follows ("Release the new editor").
AMBIGUOUS_VERBS = frozenset(
    {
        "build",
        "deploy",
        "design",
        "document",
        "help",
        "hire",
        "move",
        "plan",
        "release",
        "research",
        "review",
        "run",
        "schedule",
        "start",
        "support",
        "test",
        "train",
        "upgrade",
    }
)
OBJECT_OPENERS = frozenset(
    {
        "a",
        "an",
        "the",
        "our",
        "my",
        "their",
        "your",
        "its",
        "his",
        "her",
        "this",
        "these",
        "those",
        "new",
        "all",
        "every",
        "each",
    }
)
# Verbs that are only an activity with their particle ("set up", not "set a record").
PHRASAL = {"set": "up", "roll": "out", "work": "on"}
BUSINESS_AS_USUAL = frozenset({"maintain", "maintains", "keep", "keeps", "continue", "continues"})


@dataclass(frozen=True)
class Hint:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class KeyResultDraft:
    """A key result as written, before or after it is stored; numbers may be missing."""

    title: str
    direction: Direction = Direction.INCREASE
    start: float | None = None
    target: float | None = None
    low: float | None = None
    high: float | None = None
    unit_label: str = ""


def lint_okr(title: str, key_results: Sequence[KeyResultDraft]) -> list[Hint]:
    """Every hint for one objective and its key results, objective first."""
    hints = objective_hints(title) + count_hints(len(key_results))
    for position, key_result in enumerate(key_results):
        hints += key_result_hints(key_result, f"key_results.{position}")
    return hints


def count_hints(count: int) -> list[Hint]:
    if count < FEWEST_KEY_RESULTS:
        have = "no key results" if count == 0 else "one key result"
        return [Hint("key_results", f"has {have}; 2 to 4 show what success looks like")]
    if count > MOST_KEY_RESULTS:
        return [
            Hint(
                "key_results",
                f"has {count} key results; 2 to 4 keep the focus: "
                "move the rest to another objective or drop them",
            )
        ]
    return []


def objective_hints(title: str) -> list[Hint]:
    words = _words(title)
    if any(word in BUSINESS_AS_USUAL for word in words):
        return [
            Hint(
                "title",
                "reads as business as usual (keep, maintain, continue); "
                "an objective names a change worth making this period",
            )
        ]
    if _reads_as_metric(title):
        return [
            Hint(
                "title",
                "reads like a metric; keep the objective qualitative "
                "and move the numbers to a key result",
            )
        ]
    return []


def key_result_hints(key_result: KeyResultDraft, prefix: str) -> list[Hint]:
    hints = []
    verb = activity_verb(key_result.title)
    if verb:
        hints.append(
            Hint(
                f"{prefix}.title",
                f"starts with '{verb}', which reads as an activity; a key result is the "
                "outcome you can measure once the work is done",
            )
        )
    if key_result.direction is not Direction.MILESTONE:
        hints += _number_hints(key_result, prefix)
    return hints


def _number_hints(key_result: KeyResultDraft, prefix: str) -> list[Hint]:
    if key_result.direction is Direction.STAY_WITHIN:
        missing = key_result.low is None or key_result.high is None
    else:
        start, target = key_result.start, key_result.target
        missing = start is None or target is None or start == target
    if missing:
        return [
            Hint(
                f"{prefix}.target",
                "has no number to move: give a start and a target (62% to 75%), "
                "or make it a milestone if it is done or not done",
            )
        ]
    if not key_result.unit_label.strip() and not any(c.isdigit() for c in key_result.title):
        return [
            Hint(
                f"{prefix}.unit_label",
                "names no measurable figure: add a unit (%, ms, signups) "
                "so people know what the numbers count",
            )
        ]
    return []


def activity_verb(title: str) -> str:
    """The activity verb a title opens with ('set up', 'launch'), or ''."""
    first, second, *_ = [*_words(title), "", ""]
    if first in ACTIVITY_VERBS:
        return first
    if first in AMBIGUOUS_VERBS and (second in OBJECT_OPENERS or _is_number(second)):
        return first
    if first in PHRASAL and second == PHRASAL[first]:
        return f"{first} {second}"
    return ""


def _words(text: str) -> list[str]:
    cleaned = "".join(c.lower() if c.isalnum() or c in "'-." else " " for c in text)
    return [word.strip(".-") for word in cleaned.split() if word.strip(".-")]


def _reads_as_metric(title: str) -> bool:
    """'Coverage from 62% to 75%', 'LCP 3.4 -> 2.5 s', 'Reach 40% adoption'."""
    if "%" in title or "→" in title or "->" in title:
        return any(c.isdigit() for c in title)
    words = _words(title)
    return (
        any(
            word in ("from", "to") and index + 1 < len(words) and _is_number(words[index + 1])
            for index, word in enumerate(words)
        )
        and sum(_is_number(word) for word in words) >= 2
    )


def _is_number(word: str) -> bool:
    return word.replace(".", "", 1).replace(",", "").isdigit()
