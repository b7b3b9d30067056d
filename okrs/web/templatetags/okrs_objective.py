"""Display helpers for the objective, unit and focus area pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def trend_class(change: int) -> str:
    """The colour of a confidence trend: rising, falling or steady."""
    if change > 0:
        return "rising"
    return "falling" if change < 0 else "steady"
