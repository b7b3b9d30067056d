"""Closing a period: an objective's score from its key results' scores, scores typed in a
form, and the quarters: the one holding a day and the one that follows a period."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from okrs.core.errors import FieldError
from okrs.core.scoring import validate_score


def objective_score(scored: Sequence[tuple[float, float]]) -> float | None:
    """The weighted mean of (score, weight) pairs in hundredths; None without key results.

    When every weight is 0 each key result counts the same, so the objective still gets a
    score."""
    if not scored:
        return None
    total = sum(weight for _, weight in scored)
    if total <= 0:
        return round(sum(score for score, _ in scored) / len(scored), 2)
    return round(sum(score * weight for score, weight in scored) / total, 2)


def parse_score(raw: str, field: str) -> float | FieldError:
    """A 0-1 score typed in a form: '0.7', ' .7 ' or '0,7' (a decimal comma)."""
    text = raw.strip().replace(",", ".")
    if not text:
        return FieldError(field, "give a score between 0 and 1")
    try:
        score = float(text)
    except ValueError:
        return FieldError(field, f"must be a number between 0 and 1, not {raw.strip()[:20]!r}")
    if not math.isfinite(score):
        return FieldError(field, "must be a number between 0 and 1")
    errors = validate_score(score)
    if errors:
        return FieldError(field, errors[0].message)
    return score


def next_quarter(end: date) -> tuple[str, date, date]:
    """Name, first and last day of the quarter that starts the day after `end`.

    A period ending mid-quarter is followed by three months starting the next day."""
    start = end + timedelta(days=1)
    months = start.month - 1 + 3
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, _days_in(year, month))
    last = date(year, month, day) - timedelta(days=1)
    if start.day == 1 and start.month % 3 == 1:
        name = f"Q{(start.month - 1) // 3 + 1} {start.year}"
    else:
        name = f"{start:%-d %b %Y} – {last:%-d %b %Y}"
    return name, start, last


def quarter_of(day: date) -> tuple[str, date, date]:
    """Name, first and last day of the calendar quarter holding `day` ("Q4 2026")."""
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return next_quarter(first - timedelta(days=1))


def _days_in(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days
