"""The organisation's unit tree for one period, with each unit's stored roll-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from okrs.goals.access import Access
from okrs.goals.models import Objective, Period, UnitRollup
from okrs.orgs.models import Organisation, Unit


@dataclass
class Node:
    unit: Unit
    rollup: UnitRollup | None
    objectives: list[Objective] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


def unit_tree(organisation: Organisation, period: Period, access: Access) -> list[Node]:
    """Roots first, children by name; a handful of queries whatever the size of the tree.
    Current units only: an archived unit and its objectives leave the tree (their pages
    stay readable)."""
    rollups = {row.unit_id: row for row in UnitRollup.objects.filter(period=period)}
    current = Unit.objects.filter(organisation=organisation, archived_at=None)
    nodes = {unit.pk: Node(unit, rollups.get(unit.pk)) for unit in current.order_by("name")}
    objectives = period.objectives.filter(owner_unit__in=list(nodes)).select_related("owner_unit")
    for objective in objectives.order_by("title"):
        if access.can_read(objective):
            nodes[cast(int, objective.owner_unit_id)].objectives.append(objective)  # filtered
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots
