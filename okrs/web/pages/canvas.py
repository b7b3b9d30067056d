"""What a unit's canvas page shows: the canvas as typed, and the objectives drafted from it."""

from __future__ import annotations

from typing import Any

from okrs.goals.access import Access
from okrs.goals.models import Canvas, Objective

FIELDS = ("current_state", "impacts", "blockers")


def as_text(found: Canvas | None) -> dict[str, str]:
    if found is None:
        return dict.fromkeys(FIELDS, "")
    return {
        "current_state": found.current_state,
        "impacts": "\n".join(found.impacts),
        "blockers": "\n".join(found.blockers),
    }


def _drafts(access: Access, found: Canvas | None) -> list[Objective]:
    if found is None:
        return []
    drafted = found.drafted_objectives.select_related("owner_unit", "owner_user", "period")
    return access.readable(drafted)


def impacts(access: Access, found: Canvas | None) -> list[dict[str, Any]]:
    """Each impact with the objectives drafted from it."""
    if found is None:
        return []
    drafts = _drafts(access, found)
    return [
        {
            "index": index,
            "text": impact,
            "objectives": [each for each in drafts if each.canvas_impact == impact],
        }
        for index, impact in enumerate(found.impacts)
    ]


def other_drafts(access: Access, found: Canvas | None) -> list[Objective]:
    """Objectives drafted from an impact that has since been reworded or removed."""
    impacts = set(found.impacts) if found else set()
    return [each for each in _drafts(access, found) if each.canvas_impact not in impacts]
