"""Small display helpers for templates: percentages, health badges, grades, numbers."""

from __future__ import annotations

from django import template

from okrs.core.health import Health
from okrs.core.numbers import decimals_for, format_value
from okrs.core.scoring import grade
from okrs.web.locale import decimal_comma

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
    return format_value(value, 2)


@register.simple_tag(takes_context=True)
def kr_value(context: template.Context, value: object, kr: object) -> str:
    """A key result's value at its precision, in the reader's convention (2,530 or 2.530)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "–"
    return format_value(
        value,
        kr_decimals(kr),
        # the RequestContext's request: templates reuse the name "request" for other things
        decimal_comma=decimal_comma(getattr(context, "request", None)),
        trim=getattr(kr, "precision", None) is None,
    )


def kr_decimals(kr: object) -> int:
    """The decimals of anything with a key result's start, target, low, high, precision."""
    start, target, low, high = (
        getattr(kr, name, None) for name in ("start", "target", "low", "high")
    )
    return decimals_for(start, target, low, high, getattr(kr, "precision", None))
