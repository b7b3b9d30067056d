"""Small display helpers for templates: percentages, health badges, grades, numbers."""

from __future__ import annotations

from django import template

from okrs.core.health import Health
from okrs.core.scoring import grade

register = template.Library()


@register.filter
def pct(value: object) -> str:
    """0.557 -> '56%'; unknown progress shows as a dash, not as 0%."""
    if not isinstance(value, int | float):
        return "–"
    return f"{round(value * 100)}%"


@register.filter
def bar_width(value: object) -> int:
    if not isinstance(value, int | float):
        return 0
    return round(min(1.0, max(0.0, value)) * 100)


@register.filter
def health_label(value: str) -> str:
    try:
        return Health(value).label
    except ValueError:
        return value


@register.filter
def score_grade(score: float | None) -> str:
    return "" if score is None else grade(score).value


@register.filter
def number(value: object) -> str:
    """Values as people write them: 75 not 75.0, 0.35 not 0.35000000001."""
    if not isinstance(value, int | float):
        return "–"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
