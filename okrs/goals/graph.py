"""The alignment graph as roll-ups walk it: upwards from changed objectives, and in an order
where every contributing child comes before its parent. Reads only; `rollup.py` writes."""

from __future__ import annotations

from collections.abc import Iterable

from okrs.goals.models import Alignment, Objective


def with_ancestors(objective_ids: set[int]) -> set[int]:
    """The objectives and every objective their counted links lead up to: one query per
    level of the alignment tree."""
    found, frontier = set(objective_ids), set(objective_ids)
    while frontier:
        links = Alignment.objects.counted().filter(child__in=frontier)
        parents = links.values_list("parent_objective_id", "parent_key_result__objective_id")
        frontier = {one or other for one, other in parents} - found
        found |= frontier
    return found


def children_first(objectives: list[Objective]) -> Iterable[Objective]:
    """Order objectives so every contributing child comes before its parent."""
    by_id = {objective.pk: objective for objective in objectives}
    parents: dict[int, list[int]] = {pk: [] for pk in by_id}
    links = Alignment.objects.counted().filter(child__in=by_id)
    for child_id, parent_id, kr_objective_id in links.values_list(
        "child_id", "parent_objective_id", "parent_key_result__objective_id"
    ):
        parents[child_id].append(parent_id or kr_objective_id)
    # Depth below the top: children sit deeper than any parent, so deepest first works.
    depth: dict[int, int] = {}

    def depth_of(pk: int) -> int:
        if pk not in depth:
            depth[pk] = 1 + max(
                (depth_of(p) for p in parents.get(pk, []) if p in by_id), default=-1
            )
        return depth[pk]

    return sorted(objectives, key=lambda objective: (-depth_of(objective.pk), objective.pk))
