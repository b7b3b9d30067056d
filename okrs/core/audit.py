"""What changed, and whether a change moved a key result's goal posts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# Changing where a key result starts or ends once the period is under way rewrites what
# "done" means after the fact: shown on the objective page and queryable.
GOAL_POSTS = frozenset({"start", "target", "low", "high", "tolerance", "direction"})


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value differs (missing counts as None)."""
    names = sorted(set(before) | set(after))
    return {
        name: [before.get(name), after.get(name)]
        for name in names
        if before.get(name) != after.get(name)
    }


def moves_goal_post(changes: Mapping[str, Any], period_start: date, today: date) -> bool:
    return today >= period_start and bool(GOAL_POSTS & set(changes))
