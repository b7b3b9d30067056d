"""How often a binding is measured: typed as hourly, daily, weekly or a number of hours."""

from __future__ import annotations

NAMED = {"hourly": 1, "daily": 24, "weekly": 168}
MAX_HOURS = 24 * 366


class CadenceError(ValueError):
    pass


def parse_cadence(text: str) -> int:
    """'daily' -> 24, '6' or '6h' or '6 hours' -> 6."""
    cleaned = text.strip().lower()
    if cleaned in NAMED:
        return NAMED[cleaned]
    number = cleaned.removesuffix("hours").removesuffix("hour").removesuffix("h").strip()
    if not number.isdigit():
        raise CadenceError("write hourly, daily, weekly or a number of hours, e.g. 6")
    hours = int(number)
    if not 1 <= hours <= MAX_HOURS:
        raise CadenceError(f"is 1 to {MAX_HOURS} hours")
    return hours


def describe_cadence(hours: int) -> str:
    for name, named_hours in NAMED.items():
        if hours == named_hours:
            return name
    return f"every {hours} hours"


def cadence_text(hours: int) -> str:
    """What the form shows back: the name when there is one, else the hours."""
    described = describe_cadence(hours)
    return described if described in NAMED else str(hours)
