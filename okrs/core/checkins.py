"""What a check-in may hold: a number, a confidence 0-10, a note of at most 140 characters."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from okrs.core.errors import FieldError, InvalidInput
from okrs.core.numbers import parse_number

# How sure the person is that the key result will be met, as the check-in form asks it.
CONFIDENCE_MIN, CONFIDENCE_MAX = 0, 10

NOTE_MAX_LENGTH = 140

# Late data (a weekly export, a report that lands after the quarter) may still be dated on
# the period's last days for this long after it ends; later, the period's figures are final.
LATE_DATA_GRACE = timedelta(days=14)
# Clocks of CI runners and laptops drift; a value a few minutes "ahead" is not a forecast.
CLOCK_SKEW = timedelta(minutes=5)


class Signal(StrEnum):
    NONE = "none"
    INSIGHT = "insight"
    BLOCKER = "blocker"


class FeedbackKind(StrEnum):
    CONTINUE = "continue"
    CONSIDER = "consider"


@dataclass(frozen=True)
class CheckInInput:
    value: float
    confidence: int | None  # None: nobody said (a measured or pushed value)
    note: str
    signal: Signal


def parse_check_in(
    value: object,
    confidence: object,
    note: object = "",
    signal: object = Signal.NONE,
    *,
    decimal_comma: bool = False,
) -> CheckInInput:
    """Parse raw input from a form, a JSON body or a command line; raise with every problem.
    A confidence of None (or "") is absent: only a person gives one. A typed value may be
    written as pages show it (okrs.core.numbers.parse_number)."""
    errors: list[FieldError] = []
    parsed_value = _number(value, "value", errors, decimal_comma)
    absent = confidence is None or (isinstance(confidence, str) and not confidence.strip())
    parsed_confidence = None if absent else _confidence(confidence, errors)
    text = "" if note is None else str(note).strip()
    if len(text) > NOTE_MAX_LENGTH:
        errors.append(
            FieldError("note", f"is {len(text)} characters; keep it to {NOTE_MAX_LENGTH}")
        )
    parsed_signal = _choice(signal or Signal.NONE, Signal, "signal", errors)
    if errors:
        raise InvalidInput(errors)
    assert parsed_value is not None
    assert parsed_signal is not None
    return CheckInInput(parsed_value, parsed_confidence, text, Signal(parsed_signal))


def _number(
    raw: object, field: str, errors: list[FieldError], decimal_comma: bool = False
) -> float | None:
    # bool is an int in Python, but "True" is no measurement
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        errors.append(FieldError(field, "must be a number"))
        return None
    try:
        number = parse_number(raw, decimal_comma) if isinstance(raw, str) else float(raw)
    except ValueError as error:  # the message names the formats we accept
        errors.append(FieldError(field, str(error)))
        return None
    if not math.isfinite(number):
        errors.append(FieldError(field, "must be a finite number"))
        return None
    return number


def _confidence(raw: object, errors: list[FieldError]) -> int | None:
    number = _number(raw, "confidence", errors)
    if number is None:
        return None
    if number != int(number) or not CONFIDENCE_MIN <= number <= CONFIDENCE_MAX:
        errors.append(
            FieldError(
                "confidence",
                f"must be a whole number from {CONFIDENCE_MIN} to {CONFIDENCE_MAX}",
            )
        )
        return None
    return int(number)


def _choice(
    raw: object, choices: type[StrEnum], field: str, errors: list[FieldError]
) -> str | None:
    allowed = [member.value for member in choices]
    if str(raw) not in allowed:
        errors.append(FieldError(field, f"must be one of {', '.join(allowed)}"))
        return None
    return str(raw)


def check_in_time_error(
    checked_at: datetime, period_start: date, period_end: date, now: datetime
) -> FieldError | None:
    """A check-in says what held at a moment of its period: from the period's first day to
    its last, plus LATE_DATA_GRACE after the end for values that arrive late (dated on the
    period's last days, or typed then), and never in the future."""
    first = datetime.combine(period_start, time.min, tzinfo=UTC)
    after_last = datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=UTC)
    span = f"{period_start:%-d %b %Y} – {period_end:%-d %b %Y}"
    if checked_at > now + CLOCK_SKEW:
        return FieldError("checked_at", "is in the future; a check-in records what held")
    if checked_at < first:
        return FieldError("checked_at", f"is before the period starts ({span})")
    if checked_at >= after_last + LATE_DATA_GRACE:
        late = (after_last + LATE_DATA_GRACE - timedelta(days=1)).date()
        return FieldError(
            "checked_at",
            f"is after the period ({span}); late data is accepted until {late:%-d %b %Y}",
        )
    return None
