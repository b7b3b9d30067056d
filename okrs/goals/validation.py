"""Input checks for objectives and key results, each problem naming its field."""

from __future__ import annotations

import math

from okrs.core.errors import FieldError
from okrs.core.progress import Direction, KeyResultSpec, validate_spec
from okrs.core.scoring import Kind

TITLE_MAX_LENGTH = 200


def title_errors(title: str, field: str = "title") -> list[FieldError]:
    if not title.strip():
        return [FieldError(field, "is required")]
    if len(title) > TITLE_MAX_LENGTH:
        return [FieldError(field, f"is {len(title)} characters; keep it to {TITLE_MAX_LENGTH}")]
    return []


def choice_errors(value: str, allowed: list[str], field: str) -> list[FieldError]:
    if value not in allowed:
        return [FieldError(field, f"must be one of {', '.join(allowed)}, not {value!r}")]
    return []


def weight_errors(weight: float) -> list[FieldError]:
    if not math.isfinite(weight) or weight < 0:
        return [FieldError("weight", "must be a number of at least 0")]
    return []


def kind_errors(kind: str) -> list[FieldError]:
    return choice_errors(kind, [member.value for member in Kind], "kind")


def key_result_errors(title: str, spec: KeyResultSpec, weight: float) -> list[FieldError]:
    return title_errors(title) + validate_spec(spec) + weight_errors(weight)


def parse_direction(raw: str) -> Direction | list[FieldError]:
    allowed = [member.value for member in Direction]
    errors = choice_errors(raw, allowed, "direction")
    return errors if errors else Direction(raw)
