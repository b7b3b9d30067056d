"""Scores at the close of a period, graded with Google's colour bands.

Committed objectives are expected to reach 1.0; aspirational ones about 0.7 on average.
"""

from __future__ import annotations

from enum import StrEnum

from okrs.core.errors import FieldError
from okrs.core.progress import clamp


class Kind(StrEnum):
    COMMITTED = "committed"
    ASPIRATIONAL = "aspirational"


class Grade(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


EXPECTED_SCORE = {Kind.COMMITTED: 1.0, Kind.ASPIRATIONAL: 0.7}


def grade(score: float) -> Grade:
    """Bands 0.0-0.3 red, 0.4-0.6 yellow, 0.7-1.0 green, read on scores rounded to tenths."""
    tenths = round(clamp(score) * 10)
    if tenths <= 3:
        return Grade.RED
    if tenths <= 6:
        return Grade.YELLOW
    return Grade.GREEN


def suggested_score(progress: float | None) -> float:
    """The score a closing owner starts from: clamped progress in hundredths."""
    return round(clamp(progress or 0.0), 2)


def meets_expectation(kind: Kind, score: float) -> bool:
    return score >= EXPECTED_SCORE[kind] - 1e-9


def validate_score(score: float) -> list[FieldError]:
    if not 0.0 <= score <= 1.0:
        return [FieldError("score", "must be between 0 and 1")]
    return []


def needs_reason(kind: Kind, score: float) -> bool:
    """A committed objective closing below 1.0 needs a written reason (re:Work, whatmatters)."""
    return kind is Kind.COMMITTED and not meets_expectation(kind, score)
