"""Alignment between objectives: contribute links count, support links are only shown.

A link points from a child objective to a parent objective, or to a key result (which stands
for its objective in the graph). The graph must stay acyclic, or roll-ups would never end.

A link is *accepted* or *proposed*. Whoever may edit the parent links under it directly;
anyone else who may edit the child only proposes, and a proposal counts nowhere (not in
roll-ups, not on pages, not in the alignment tree) until someone who may edit the parent
accepts it. Who that is lives in `okrs.core.permissions`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum

from okrs.core.errors import FieldError


class LinkKind(StrEnum):
    CONTRIBUTE = "contribute"
    SUPPORT = "support"


class LinkState(StrEnum):
    ACCEPTED = "accepted"
    PROPOSED = "proposed"


# A key result weighs 1 by default: a link ten times as heavy as one key result is already
# more than any honest plan needs, and a link of 10**6 would drown every key result of its
# parent (issue 9: one link took another department's objective from 0.486 to about 0).
MAX_LINK_WEIGHT = 10.0


def weight_errors(weight: object) -> list[FieldError]:
    """A link's weight: a number with 0 < weight <= MAX_LINK_WEIGHT (true/false are not)."""
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        return [FieldError("weight", "must be a number, not true, false or text")]
    if not math.isfinite(weight) or not 0 < weight <= MAX_LINK_WEIGHT:
        return [FieldError("weight", f"must be a number above 0 and at most {MAX_LINK_WEIGHT:g}")]
    return []


def closed_link_error(*, child_closed: bool, parent_closed: bool) -> str | None:
    """Closed objectives (or objectives of a closed period) take no new or accepted links:
    their figures are history, and a link would rewrite it."""
    if parent_closed:
        return "the parent objective or its period is closed: it takes no new links"
    if child_closed:
        return "this objective or its period is closed: it takes no new links"
    return None


def period_link_error(
    kind: str, child_period: tuple[date, date], parent_period: tuple[date, date]
) -> str | None:
    """A child contributes only to a parent whose period holds its own: the same quarter, or
    a quarter towards its year (as Quantive's and Perdoo's annual goals collect quarterly
    ones). Anything else would let one period's work move another period's figures after
    the fact. A *support* link only shows the connection, so it may cross periods."""
    if kind != LinkKind.CONTRIBUTE:
        return None
    (child_start, child_end), (parent_start, parent_end) = child_period, parent_period
    if parent_start <= child_start and child_end <= parent_end:
        return None
    return (
        f"a contribute link needs the parent's period ({parent_start:%-d %b %Y} – "
        f"{parent_end:%-d %b %Y}) to hold the child's ({child_start:%-d %b %Y} – "
        f"{child_end:%-d %b %Y}); link it as support to show the connection without counting"
    )


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
