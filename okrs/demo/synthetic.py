"""A synthetic enterprise for benchmarks: tens of thousands of people, thousands of units in a
deep tree, quarters of objectives, key results, alignment and weekly check-ins.

Unlike the demo, nothing here goes through the services: one service call per row (with its
audit entry and roll-up) would take hours at full size. Rows are validated by the same core
rules (`okrs.core.progress.validate_spec`, `okrs.core.checkins.check_in_time_error`),
inserted with `bulk_create` in batches, and the stored figures are rebuilt once at the end
with `recompute`, so `okrs recompute --check` finds them clean. Everything derives from one
`random.Random(seed)` and the day it runs, in one transaction: a failure leaves nothing.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from okrs.core.closing import quarter_of
from okrs.core.errors import FieldError, InvalidInput
from okrs.demo.synthetic_okrs import Progress, Quarter, Tree, generate_quarter, store
from okrs.goals.models import Alignment, CheckIn, FocusArea, KeyResult, Period
from okrs.goals.rollup import recompute
from okrs.orgs.models import Member, Membership, Organisation, Unit

FIRST_NAMES = ["Ada", "Alan", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis"]
LAST_NAMES = ["Lovelace", "Turing", "Hopper", "Torvalds", "Liskov", "Thompson", "Hamilton"]
FOCUS_THEMES = [
    "Customers love the product",
    "Ship smaller, ship more often",
    "Reliable by default",
    "Grow through the product",
    "Fast on every device",
    "A codebase safe to change",
    "Decisions backed by data",
    "Teams that keep their people",
]


@dataclass(frozen=True)
class Sizes:
    """How big the enterprise is; the defaults are the full size (issue 13)."""

    people: int = 50_000
    teams: int = 5_000  # every unit of the tree, the company at its root included
    levels: int = 6
    quarters: int = 4
    objectives: int = 20_000  # per quarter, unit-owned and personal together
    key_results_per_objective: float = 3.5
    focus_areas: int = 8  # per quarter
    personal_share: float = 0.2  # of a quarter's objectives, owned by one person
    private_share: float = 0.05

    @classmethod
    def scaled(cls, factor: float) -> Sizes:
        """The default enterprise times `factor`, keeping at least one unit per level (and
        a lead for each) and one objective per quarter."""
        full = cls()
        teams = max(full.levels, round(full.teams * factor))
        return cls(
            people=max(teams, round(full.people * factor)),
            teams=teams,
            objectives=max(1, round(full.objectives * factor)),
        )

    def errors(self) -> list[FieldError]:
        errors = [
            FieldError(item.name, "must be at least 1")
            for item in fields(self)
            if item.name not in ("personal_share", "private_share") and getattr(self, item.name) < 1
        ]
        if self.teams < self.levels:
            errors.append(FieldError("teams", f"needs one unit per level: at least {self.levels}"))
        if self.people < self.teams:
            errors.append(FieldError("people", f"needs a lead per unit: at least {self.teams}"))
        return errors


def generate(
    sizes: Sizes | None = None,
    seed: int = 13,
    *,
    slug: str = "synthetic",
    name: str = "Synthetic Enterprise",
    password: str | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Organisation:
    """Store a synthetic organisation; refuses a slug (or its usernames) already taken.

    Everyone shares `password`; without one nobody can log in with a password."""
    sizes = sizes or Sizes()
    now = now or timezone.now()
    report = progress or (lambda stage, done, total: None)
    rng = random.Random(seed)
    _refuse(sizes, slug)
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, slug=slug)
        tree = _units(organisation, sizes, report)
        _people(organisation, tree, sizes, password, rng, report)
        for index, period in enumerate(_periods(organisation, sizes, now)):
            areas = _focus_areas(period, sizes.focus_areas)
            generate_quarter(Quarter(period, areas, tree, sizes, now, index), rng, report)
        report("figures", 0, 1)
        recompute(organisation, now=now)
        report("figures", 1, 1)
    return organisation


def _refuse(sizes: Sizes, slug: str) -> None:
    errors = sizes.errors()
    if Organisation.objects.filter(slug=slug).exists():
        errors.append(FieldError("slug", f"{slug!r} is taken: choose another or delete it"))
    elif User.objects.filter(username__startswith=f"{slug}.").exists():
        errors.append(FieldError("slug", f"people named {slug}.… exist already: choose another"))
    if errors:
        raise InvalidInput(errors)


def level_sizes(teams: int, levels: int) -> list[int]:
    """Units per level: one root, then a geometric fan-out summing to `teams` exactly."""
    if levels == 1:
        return [teams]
    low, high = 1.0, float(teams)
    for _ in range(60):  # bisect the branching factor b with 1 + b + … + b^(levels-1) = teams
        mid = (low + high) / 2
        low, high = (mid, high) if sum(mid**d for d in range(levels)) < teams else (low, mid)
    weights = [low**d for d in range(1, levels)]
    spare = teams - levels
    sizes = [1] + [1 + math.floor(spare * w / sum(weights)) for w in weights]
    sizes[-1] += teams - sum(sizes)
    return sizes


def _kind(depth: int) -> str:
    if depth == 0:
        return Unit.Kind.COMPANY
    return Unit.Kind.DEPARTMENT if depth <= 2 else Unit.Kind.TEAM


def _units(organisation: Organisation, sizes: Sizes, report: Progress) -> Tree:
    tree = Tree()
    above: list[int] = []
    for depth, count in enumerate(level_sizes(sizes.teams, sizes.levels)):
        # Round-robin under the level above, so the fan-out is even.
        rows = [
            Unit(
                organisation=organisation,
                parent_id=above[index % len(above)] if above else None,
                name=f"{_kind(depth).title()} {depth}.{index + 1}",
                slug=f"u{depth}-{index + 1}",
                kind=_kind(depth),
                depth=depth,  # bulk_create skips Unit.save, which would set it
            )
            for index in range(count)
        ]
        above = [unit.pk for unit in store(rows, "units", report, sizes.teams, len(tree.parent))]
        for unit in rows:
            tree.add(unit.pk, unit.parent_id, depth)
    return tree


def _people(
    organisation: Organisation,
    tree: Tree,
    sizes: Sizes,
    password: str | None,
    rng: random.Random,
    report: Progress,
) -> None:
    # One hash for everyone: the password hasher is slow by design (about 0.1 s a call).
    hashed = make_password(password)
    prefix = organisation.slug
    viewers = sizes.people // 50 if sizes.people - sizes.people // 50 >= sizes.teams else 0
    users = [
        User(
            username=f"{prefix}.{number:06d}",
            email=f"{prefix}.{number:06d}@{prefix}.example",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            password=hashed,
        )
        for number in range(sizes.people)
    ]
    store(users, "people", report, sizes.people)
    units = tree.in_order()
    members, memberships = [], []
    for number, user in enumerate(users):
        # Viewers come last: they read, so they sit in no unit and own nothing.
        if number >= sizes.people - viewers:
            members.append(Member(organisation=organisation, user=user, role=Member.Role.VIEWER))
            continue
        role = Member.Role.ADMIN if number == 0 else Member.Role.MEMBER
        members.append(Member(organisation=organisation, user=user, role=role))
        unit_id = units[number % len(units)]
        lead = number < len(units)  # the first person placed in each unit leads it
        unit_role = Membership.Role.LEAD if lead else Membership.Role.MEMBER
        memberships.append(Membership(unit_id=unit_id, user=user, role=unit_role))
        tree.people.setdefault(unit_id, []).append(user.pk)
    store(members, "memberships", report, len(members) + len(memberships))
    store(memberships, "memberships", report, len(members) + len(memberships), len(members))


def _periods(organisation: Organisation, sizes: Sizes, now: datetime) -> list[Period]:
    """Consecutive quarters ending with the one holding `now`, oldest first; the current
    one active, the earlier ones closed."""
    quarters = [quarter_of(now.date())]
    while len(quarters) < sizes.quarters:
        quarters.insert(0, quarter_of(quarters[0][1] - timedelta(days=1)))
    return [
        Period.objects.create(
            organisation=organisation,
            name=name,
            start=start,
            end=end,
            state=Period.State.ACTIVE if index == len(quarters) - 1 else Period.State.CLOSED,
        )
        for index, (name, start, end) in enumerate(quarters)
    ]


def _focus_areas(period: Period, count: int) -> list[FocusArea]:
    rows = [
        FocusArea(
            period=period,
            title=FOCUS_THEMES[index % len(FOCUS_THEMES)]
            + (f" ({index // len(FOCUS_THEMES) + 1})" if index >= len(FOCUS_THEMES) else ""),
        )
        for index in range(count)
    ]
    return FocusArea.objects.bulk_create(rows)


@dataclass(frozen=True)
class Counts:
    units: int
    people: int
    periods: int
    objectives: int
    key_results: int
    alignments: int
    check_ins: int

    def line(self) -> str:
        return ", ".join(f"{getattr(self, item.name):,} {item.name}" for item in fields(self))


def counts(organisation: Organisation) -> Counts:
    """What an organisation holds, for the generator's summary and its tests."""
    key_results = KeyResult.objects.filter(objective__organisation=organisation)
    return Counts(
        units=organisation.units.count(),
        people=organisation.members.count(),
        periods=organisation.periods.count(),
        objectives=organisation.objectives.count(),
        key_results=key_results.count(),
        alignments=Alignment.objects.filter(child__organisation=organisation).count(),
        check_ins=CheckIn.objects.filter(key_result__in=key_results).count(),
    )


def with_overrides(sizes: Sizes, **given: float | None) -> Sizes:
    """`sizes` with the options a person gave (None: not given)."""
    changes: dict[str, Any] = {key: value for key, value in given.items() if value is not None}
    return replace(sizes, **changes)
