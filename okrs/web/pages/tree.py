"""The organisation's unit tree for one period, with each unit's stored roll-up.

A small organisation sees its whole tree. A large one (more than FULL_TREE_UNITS current
units) sees the top TOP_LEVELS levels and the line down to each of the person's own units,
every other branch folded into "N more units below" on the unit page: the page costs the
same for 50 teams as for 5,000 (issue 13)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.db.models import Count, QuerySet

from okrs.goals.access import Access
from okrs.goals.models import Objective, Period, UnitRollup
from okrs.orgs.models import Organisation, Unit


@dataclass
class Node:
    unit: Unit
    rollup: UnitRollup | None
    objectives: list[Objective] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    folded: int = 0  # units below it not shown here (a large organisation's tree)


FULL_TREE_UNITS = 200
TOP_LEVELS = 2  # the root and the units right below it


def unit_tree(organisation: Organisation, period: Period, access: Access) -> list[Node]:
    """Roots first, children by name; a handful of queries whatever the size of the tree.
    Current units only: an archived unit and its objectives leave the tree (their pages
    stay readable)."""
    current = Unit.objects.filter(organisation=organisation, archived_at=None)
    shown = current if current.count() <= FULL_TREE_UNITS else _bounded(current, access)
    nodes = {unit.pk: Node(unit, None) for unit in shown.order_by("name")}
    for row in UnitRollup.objects.filter(period=period, unit__in=list(nodes)):
        nodes[row.unit_id].rollup = row
    objectives = period.objectives.filter(owner_unit__in=list(nodes)).select_related("owner_unit")
    for objective in objectives.order_by("title"):
        if access.can_read(objective):
            nodes[cast(int, objective.owner_unit_id)].objectives.append(objective)  # filtered
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)
    if shown is not current:
        _count_folded(current, nodes)
    return roots


def _bounded(current: QuerySet[Unit], access: Access) -> QuerySet[Unit]:
    """The top levels and the line from the root to each of the person's units: one query
    per level of those lines, never one per unit."""
    wanted: set[int] = set()
    frontier = set(access.actor.units)
    while frontier:
        wanted |= frontier
        parents = current.filter(pk__in=frontier).values_list("parent_id", flat=True)
        frontier = {pk for pk in parents if pk is not None} - wanted
    return current.filter(depth__lt=TOP_LEVELS) | current.filter(pk__in=wanted)


def _count_folded(current: QuerySet[Unit], nodes: dict[int, Node]) -> None:
    below = current.filter(parent__in=list(nodes)).values("parent").annotate(n=Count("pk"))
    for row in below:
        node = nodes[row["parent"]]
        node.folded = row["n"] - len(node.children)
