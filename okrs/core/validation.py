"""Input checks for objectives and key results, each problem naming its field."""

from __future__ import annotations

import math
from datetime import date

from okrs.core.errors import FieldError
from okrs.core.progress import Direction, KeyResultSpec, validate_spec
from okrs.core.scoring import Kind

TITLE_MAX_LENGTH = 200


def title_errors(
    title: str, field: str = "title", max_length: int = TITLE_MAX_LENGTH
) -> list[FieldError]:
    if not title.strip():
        return [FieldError(field, "is required")]
    return length_errors(title, field, max_length)


def length_errors(text: str, field: str, max_length: int) -> list[FieldError]:
    if len(text) > max_length:
        return [FieldError(field, f"is {len(text)} characters; keep it to {max_length}")]
    return []


# Dates people plan with; far outside this a typo is likelier than a plan (and year 9999
# leaves no room for the day after a period's end).
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def date_errors(value: date, field: str) -> list[FieldError]:
    if not EARLIEST <= value <= LATEST:
        return [FieldError(field, f"must be between {EARLIEST.year} and {LATEST.year}")]
    return []


def choice_errors(value: str, allowed: list[str], field: str) -> list[FieldError]:
    if value not in allowed:
        return [FieldError(field, f"must be one of {', '.join(allowed)}, not {value!r}")]
    return []


# A key result's weight within its objective; far above the others' it is a typo.
MAX_KR_WEIGHT = 1e6


def weight_errors(weight: float) -> list[FieldError]:
    if not math.isfinite(weight) or not 0 <= weight <= MAX_KR_WEIGHT:
        return [FieldError("weight", f"must be a number from 0 to {MAX_KR_WEIGHT:g}")]
    return []


def kind_errors(kind: str) -> list[FieldError]:
    return choice_errors(kind, [member.value for member in Kind], "kind")


UNIT_LABEL_MAX_LENGTH = 20


def key_result_errors(
    title: str, spec: KeyResultSpec, weight: float, unit_label: str = ""
) -> list[FieldError]:
    errors = title_errors(title) + validate_spec(spec) + weight_errors(weight)
    return errors + length_errors(unit_label, "unit_label", UNIT_LABEL_MAX_LENGTH)


def parse_direction(raw: str) -> Direction | list[FieldError]:
    allowed = [member.value for member in Direction]
    errors = choice_errors(raw, allowed, "direction")
    return errors if errors else Direction(raw)
