"""Alignment between objectives: contribute links count, support links are only shown.

A link points from a child objective to a parent objective, or to a key result (which stands
for its objective in the graph). The graph must stay acyclic, or roll-ups would never end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum


class LinkKind(StrEnum):
    CONTRIBUTE = "contribute"
    SUPPORT = "support"


def creates_cycle(child: int, parent: int, parents_of: Callable[[int], Iterable[int]]) -> bool:
    """Would linking `child` under `parent` close a loop?

    True when `parent` is `child` itself or already sits below `child`, i.e. when walking up
    from `parent` reaches `child`. `parents_of` returns an objective's parent objectives.
    """
    seen: set[int] = set()
    frontier = [parent]
    while frontier:
        current = frontier.pop()
        if current == child:
            return True
        if current in seen:
            continue
        seen.add(current)
        frontier.extend(parents_of(current))
    return False
