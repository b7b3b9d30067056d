"""The alignment view of a whole period: objectives under the objectives they align to.

Built from two queries (the period's objectives, its alignment links) whatever the size of
the period; the tree is put together in memory and rendered collapsed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from okrs.goals.models import Alignment, Objective, Period
from okrs.orgs.models import Organisation, Unit


@dataclass
class Branch:
    objective: Objective
    via: str = ""  # the parent key result's title, when aligned under a key result
    kind: str = ""
    matched: bool = True
    open: bool = False
    children: list[Branch] = field(default_factory=list)


@dataclass
class Group:
    title: str
    unit: Unit | None
    branches: list[Branch]


@dataclass
class Links:
    """child id -> its parents; parent id -> its children (with the key result and kind)."""

    parents: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    children: dict[int, list[tuple[int, str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    @classmethod
    def of(cls, period: Period, known: dict[int, Objective]) -> Links:
        links = cls()
        rows = (
            Alignment.objects.accepted()
            .filter(child__period=period)
            .values_list(
                "child_id",
                "parent_objective_id",
                "parent_key_result__objective_id",
                "parent_key_result__title",
                "kind",
            )
            .order_by("pk")
        )
        for child, parent_objective, kr_objective, kr_title, kind in rows:
            parent = parent_objective or kr_objective
            if child in known and parent in known:
                links.parents[child].add(parent)
                links.children[parent].append((child, kr_title or "", kind))
        return links

    def with_ancestors(self, found: set[int]) -> set[int]:
        kept, todo = set(found), list(found)
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in kept:
                    kept.add(parent)
                    todo.append(parent)
        return kept


def _matches(objective: Objective, needle: str, health: str) -> bool:
    if health and objective.health != health:
        return False
    haystack = f"{objective.title} {objective.owner_name}".casefold()
    return needle in haystack


def _branch(
    objective: Objective,
    links: Links,
    known: dict[int, Objective],
    state: _Walk,
    via: str = "",
    kind: str = "",
    path: frozenset[int] = frozenset(),
) -> Branch:
    branch = Branch(objective, via, kind, matched=objective.pk in state.matched)
    for child_id, child_via, child_kind in links.children.get(objective.pk, ()):
        if child_id in path or (state.kept is not None and child_id not in state.kept):
            continue
        child = _branch(
            known[child_id], links, known, state, child_via, child_kind, path | {objective.pk}
        )
        branch.children.append(child)
    branch.children.sort(key=lambda each: each.objective.title.casefold())
    branch.open = state.kept is not None and bool(branch.children)
    return branch


@dataclass
class _Walk:
    matched: set[int]
    kept: set[int] | None  # None: no filter, everything is shown


def _unit_order(organisation: Organisation) -> list[Unit]:
    """Units from the top down, each followed by its subtree (children by name)."""
    units = list(Unit.objects.filter(organisation=organisation).order_by("name"))
    below: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        below[unit.parent_id].append(unit)
    ordered: list[Unit] = []
    todo = list(reversed(below[None]))
    while todo:
        unit = todo.pop()
        ordered.append(unit)
        todo.extend(reversed(below[unit.pk]))
    return ordered


def alignment_groups(
    organisation: Organisation,
    period: Period,
    objectives: list[Objective],
    needle: str,
    health: str,
) -> tuple[list[Group], int]:
    """Root objectives grouped by owner unit from the top; the number of matches."""
    known = {objective.pk: objective for objective in objectives}
    links = Links.of(period, known)
    filtering = bool(needle or health)
    matched = {pk for pk, each in known.items() if _matches(each, needle, health)}
    state = _Walk(matched, links.with_ancestors(matched) if filtering else None)
    by_unit: dict[int | None, list[Branch]] = defaultdict(list)
    for objective in objectives:
        if links.parents.get(objective.pk) or (
            state.kept is not None and objective.pk not in state.kept
        ):
            continue
        by_unit[objective.owner_unit_id].append(_branch(objective, links, known, state))
    groups = [
        Group(unit.name, unit, by_unit[unit.pk])
        for unit in _unit_order(organisation)
        if by_unit.get(unit.pk)
    ]
    if by_unit.get(None):
        groups.append(Group("People's own objectives", None, by_unit[None]))
    return groups, len(matched)
