"""One quarter of the synthetic enterprise (okrs.demo.synthetic): objectives, key results,
alignment links and weekly check-ins, stored in batches; a closed quarter's objectives are
scored from where they ended, as the close form suggests.

Rows are held one quarter at a time and check-ins only one batch at a time, so memory stays
bounded at full size (3.6 million check-ins).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, TypeVar

from django.db import models

from okrs.core.alignment import LinkKind
from okrs.core.checkins import check_in_time_error
from okrs.core.errors import InvalidInput
from okrs.core.progress import validate_spec
from okrs.core.scoring import Kind
from okrs.demo import synthetic_specs as specs
from okrs.demo.synthetic_closing import score
from okrs.goals.models import Alignment, CheckIn, FocusArea, KeyResult, Objective, Period

if TYPE_CHECKING:
    from okrs.demo.synthetic import Sizes

BATCH = 5_000
# (stage, done, total): called as each batch is stored, so a shell can draw progress bars.
Progress = Callable[[str, int, int], None]
Row = TypeVar("Row", bound=models.Model)


@dataclass
class Tree:
    """The units as stored: parent and depth of each, and the people placed in each."""

    parent: dict[int, int | None] = field(default_factory=dict)
    depth: dict[int, int] = field(default_factory=dict)
    people: dict[int, list[int]] = field(default_factory=dict)

    def add(self, unit_id: int, parent_id: int | None, depth: int) -> None:
        self.parent[unit_id], self.depth[unit_id] = parent_id, depth

    def in_order(self) -> list[int]:
        """Root first, level by level (the order they were stored in)."""
        return list(self.parent)


@dataclass(frozen=True)
class Quarter:
    period: Period
    areas: Sequence[FocusArea]
    tree: Tree
    sizes: Sizes
    now: datetime
    index: int  # oldest first, for progress totals across quarters


@dataclass
class Planned:
    """An objective with what counts towards it, for scoring a closed quarter."""

    objective: Objective
    depth: int  # the owner unit's; a person's objective sits below every unit
    home: int  # the owner unit, or the unit of the owning person
    key_results: list[KeyResult] = field(default_factory=list)
    children: list[int] = field(default_factory=list)  # contributing objectives (indices)
    kr_children: dict[int, list[int]] = field(default_factory=dict)  # key result pk -> indices


def store(
    rows: Sequence[Row], stage: str, report: Progress, total: int, done: int = 0
) -> Sequence[Row]:
    """bulk_create in batches (their primary keys set on the rows), reporting each one."""
    if not rows:
        return rows
    model = type(rows[0])
    for start in range(0, len(rows), BATCH):
        model._default_manager.bulk_create(rows[start : start + BATCH])
        report(stage, done + min(start + BATCH, len(rows)), total)
    return rows


def generate_quarter(quarter: Quarter, rng: random.Random, report: Progress) -> None:
    planned = _objectives(quarter, rng, report)
    _focus(planned, quarter.areas, rng)
    _key_results(planned, quarter, rng, report)
    measured = _links(planned, quarter.tree, rng)
    last = _check_ins(planned, measured, quarter, rng, report)
    if quarter.period.is_closed:
        score(planned, last)


def _objectives(quarter: Quarter, rng: random.Random, report: Progress) -> list[Planned]:
    sizes, tree, period = quarter.sizes, quarter.tree, quarter.period
    personal = min(sizes.objectives - 1, round(sizes.objectives * sizes.personal_share))
    units = tree.in_order()
    # Shallow units first: a unit with objectives has an ancestor with some to align to.
    owners: list[tuple[int | None, int, int]] = [
        (None, units[i % len(units)], tree.depth[units[i % len(units)]])
        for i in range(sizes.objectives - personal)
    ]
    placed = [(unit, person) for unit, people in tree.people.items() for person in people]
    for _ in range(personal):
        home, someone = rng.choice(placed)
        owners.append((someone, home, sizes.levels))
    activated = datetime.combine(period.start, time.min, tzinfo=UTC)
    state = Objective.State.CLOSED if period.is_closed else Objective.State.ACTIVE
    planned = []
    for person, unit, depth in owners:
        private = rng.random() < sizes.private_share
        objective = Objective(
            organisation_id=period.organisation_id,
            period=period,
            title=rng.choice(specs.OBJECTIVE_TITLES),
            owner_unit_id=None if person is not None else unit,
            owner_user_id=person,
            kind=Kind.ASPIRATIONAL if rng.random() < 0.2 else Kind.COMMITTED,
            visibility=Objective.Visibility.PRIVATE if private else Objective.Visibility.PUBLIC,
            state=state,
            activated_at=activated,
        )
        planned.append(Planned(objective, depth, unit))
    total = sizes.objectives * sizes.quarters
    done = sizes.objectives * quarter.index
    store([item.objective for item in planned], "objectives", report, total, done)
    return planned


def _focus(planned: list[Planned], areas: Sequence[FocusArea], rng: random.Random) -> None:
    through = Objective.focus_areas.through
    rows = [
        through(objective_id=item.objective.pk, focusarea_id=area.pk)
        for item in planned
        if rng.random() < 0.7
        for area in rng.sample(list(areas), min(len(areas), rng.choice((1, 1, 2))))
    ]
    store(rows, "focus areas", lambda *_: None, len(rows))


def _key_results(
    planned: list[Planned], quarter: Quarter, rng: random.Random, report: Progress
) -> None:
    per = quarter.sizes.key_results_per_objective
    rows = []
    for item in planned:
        count = max(1, int(per) + (rng.random() < per - int(per)))
        owners = quarter.tree.people[item.home]
        person = item.objective.owner_user_id
        for position in range(count):
            key_result = specs.key_result(rng)
            key_result.objective = item.objective
            key_result.owner_id = person or rng.choice(owners)
            key_result.position = position
            errors = validate_spec(key_result.spec)
            if errors:
                raise InvalidInput(errors)
            item.key_results.append(key_result)
            rows.append(key_result)
    expected = round(quarter.sizes.objectives * per) * quarter.sizes.quarters
    done = round(quarter.sizes.objectives * per) * quarter.index
    store(rows, "key results", report, max(expected, done + len(rows)), done)


def _links(planned: list[Planned], tree: Tree, rng: random.Random) -> set[int]:
    """Each unit objective under one of its parent unit's, a person's (sometimes) under one
    of their unit's; private ones only support, so they never move a public figure. Links
    always point one level up, so there is no loop. Returns the key results measured by
    their children."""
    by_unit: dict[int, list[int]] = {}
    for index, item in enumerate(planned):
        if item.objective.owner_unit_id is not None:
            by_unit.setdefault(item.objective.owner_unit_id, []).append(index)
    rows, measured = [], set()
    for index, item in enumerate(planned):
        personal = item.objective.owner_user_id is not None
        above = item.home if personal else tree.parent[item.home]
        parents = by_unit.get(above) if above is not None else None
        if not parents or (personal and rng.random() < 0.5):
            continue
        parent = planned[rng.choice(parents)]
        roll = rng.random()
        private = item.objective.visibility == Objective.Visibility.PRIVATE
        # A fifth of team objectives only show their link; personal ones always do.
        support = private or personal or roll >= 0.8
        kind = LinkKind.SUPPORT if support else LinkKind.CONTRIBUTE
        link = Alignment(child=item.objective, kind=kind)
        if kind == LinkKind.CONTRIBUTE and roll >= 0.6:
            key_result = rng.choice(parent.key_results)
            link.parent_key_result = key_result
            parent.kr_children.setdefault(key_result.pk, []).append(index)
            measured.add(key_result.pk)
        else:
            link.parent_objective = parent.objective
            if kind == LinkKind.CONTRIBUTE:
                parent.children.append(index)
        rows.append(link)
    store(rows, "alignment", lambda *_: None, len(rows))
    return measured


def _check_ins(
    planned: list[Planned],
    measured: set[int],
    quarter: Quarter,
    rng: random.Random,
    report: Progress,
) -> dict[int, float]:
    """Weekly check-ins on every key result that measures itself; returns the last value
    of each (what a closed quarter is scored from)."""
    last: dict[int, float] = {}
    key_results = [kr for item in planned for kr in item.key_results if kr.pk not in measured]

    def rows() -> Iterator[CheckIn]:
        for done, key_result in enumerate(key_results, 1):
            for check_in in _history(key_result, quarter, rng):
                last[key_result.pk] = check_in.value
                yield check_in
            if done % BATCH == 0 or done == len(key_results):
                report(f"check-ins {quarter.period.name}", done, len(key_results))

    batch: list[CheckIn] = []
    for check_in in rows():
        batch.append(check_in)
        if len(batch) == BATCH:
            CheckIn.objects.bulk_create(batch)
            batch = []
    CheckIn.objects.bulk_create(batch)
    return last


def _history(key_result: KeyResult, quarter: Quarter, rng: random.Random) -> Iterator[CheckIn]:
    period, now = quarter.period, quarter.now
    first = datetime.combine(period.start, time(8), tzinfo=UTC)
    first += timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 9))
    # The last moment of the period, or an hour ago for the current one: never the future.
    stop = min(datetime.combine(period.end, time(18), tzinfo=UTC), now - timedelta(hours=1))
    length = (datetime.combine(period.end, time.max, tzinfo=UTC) - first).total_seconds()
    arc = specs.arc(rng)
    at = first
    while at <= stop:
        error = check_in_time_error(at, period.start, period.end, now)
        if error:  # the loop's bounds keep every date inside the period; this guards them
            raise InvalidInput([error])
        elapsed = (at - first).total_seconds() / length
        yield CheckIn(
            key_result=key_result,
            value=specs.value(key_result, arc, elapsed, rng),
            confidence=None if rng.random() < 0.15 else rng.randint(2, 9),
            signal=specs.signal(rng),
            author_id=key_result.owner_id,
            checked_at=at,
        )
        at += timedelta(days=7)
