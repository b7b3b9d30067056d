"""Build the demo organisation, Lumen Software, through the ordinary services.

Everything is derived from `today` and one `random.Random(seed)`, consumed in table order,
so the same arguments always give the same organisation. The build runs in one
transaction: a failure leaves nothing behind.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction

from okrs.core.alignment import LinkKind
from okrs.core.errors import FieldError, InvalidInput
from okrs.core.scoring import suggested_score
from okrs.demo import active, catalogue, previous
from okrs.demo.history import Window
from okrs.demo.record import Built, record_history
from okrs.demo.spec import KeyResultSpec, ObjectiveSpec
from okrs.goals.models import FocusArea, KeyResult, Objective, Period
from okrs.goals.rollup import recompute
from okrs.goals.services import (
    add_key_result,
    align,
    close_objective,
    create_focus_area,
    create_objective,
    create_period,
    save_canvas,
)
from okrs.orgs.models import Organisation, Unit
from okrs.orgs.services import add_person, add_unit, create_organisation

PARENTS = {slug: parent for slug, _, _, parent in catalogue.UNITS}


def demo_loaded() -> bool:
    return Organisation.objects.filter(slug=catalogue.DEMO_SLUG).exists()


def demo_now(today: date) -> datetime:
    """The build's clock: noon UTC on `today`. Check-ins stop the day before, so none lies
    in the future for someone looking at the demo later that day."""
    return datetime.combine(today, time(12), tzinfo=UTC)


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    if first_month == 10:
        next_start = date(day.year + 1, 1, 1)
    else:
        next_start = date(day.year, first_month + 3, 1)
    return start, next_start - timedelta(days=1)


def other_organisations() -> list[str]:
    """Names of the organisations on this server that are not the demo."""
    others = Organisation.objects.exclude(slug=catalogue.DEMO_SLUG).order_by("name")
    return list(others.values_list("name", flat=True))


def build_demo(today: date | None = None, seed: int = 7, *, force: bool = False) -> Organisation:
    """Create the demo organisation 'Lumen Software' (slug 'demo'). Raises InvalidInput if it
    already exists, or if real organisations share the server and `force` is not given."""
    today = today or date.today()
    now = demo_now(today)
    rng = random.Random(seed)
    with transaction.atomic():
        # The demo's people have published passwords: beside a real organisation they are a
        # way in (an outside test used the demo admin to reach another tenant's data).
        others = other_organisations()
        if others and not force:
            raise InvalidInput(
                [
                    FieldError(
                        "organisation",
                        f"this server holds {len(others)} other organisation(s) "
                        f"({', '.join(others[:3])}); the demo's published logins do not belong "
                        "beside them. Use a separate database, or force it",
                    )
                ]
            )
        organisation = create_organisation(catalogue.DEMO_NAME, catalogue.DEMO_SLUG)
        org = _Org(organisation, _units(organisation))
        _people(org)
        last, current = _periods(organisation, today)
        _quarter(org, last, previous.OBJECTIVES, catalogue.PREVIOUS_FOCUS, now, rng)
        recompute(organisation, now=now)  # the histories were stored in bulk
        _close(org.built[last.pk], now)
        _quarter(org, current, active.OBJECTIVES, catalogue.ACTIVE_FOCUS, now, rng)
        _canvases(org, current)
        # No service closes a period; the closed state is what makes its figures final.
        last.state = Period.State.CLOSED
        last.save(update_fields=["state"])
        recompute(organisation, now=now)
    return organisation


@dataclass
class _Org:
    organisation: Organisation
    units: dict[str, Unit]
    users: dict[str, User] = field(default_factory=dict)
    leads: dict[str, User] = field(default_factory=dict)
    # Who may own a unit's key results: its people, and for a department its team leads.
    owners: dict[str, list[User]] = field(default_factory=dict)
    home: dict[str, str] = field(default_factory=dict)
    built: dict[int, list[Built]] = field(default_factory=dict)


def _units(organisation: Organisation) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for slug, name, kind, parent in catalogue.UNITS:
        units[slug] = add_unit(organisation, name, kind, units.get(parent or ""), slug)
    return units


def _people(org: _Org) -> None:
    for username, first, last, places in catalogue.PEOPLE:
        user = _user(username, first, last)
        units = {org.units[slug]: role for slug, role in places.items()}
        add_person(org.organisation, user, is_admin=username in catalogue.ADMINS, units=units)
        org.users[username] = user
        org.home[username] = next(iter(places))
        for slug, role in places.items():
            org.owners.setdefault(slug, []).append(user)
            parent = PARENTS[slug]
            if role == catalogue.LEAD:
                org.leads[slug] = user
                if parent is not None:
                    org.owners.setdefault(parent, []).append(user)


def _user(username: str, first: str, last: str) -> User:
    """A demo person. A user left over from a deleted demo is reused; a real account with
    the same name is never taken over (its password would become public)."""
    user = User.objects.filter(username=username).first()
    if user is not None and (user.is_staff or user.is_superuser or user.org_members.exists()):
        message = f"{username!r} belongs to a real account; rename it before loading the demo"
        raise InvalidInput([FieldError("username", message)])
    if user is None:
        password = catalogue.DEMO_PASSWORD if username == catalogue.DEMO_USERNAME else None
        return User.objects.create_user(
            username, f"{username}@lumen.example", password, first_name=first, last_name=last
        )
    if username == catalogue.DEMO_USERNAME:
        user.set_password(catalogue.DEMO_PASSWORD)
    else:
        user.set_unusable_password()
    user.first_name, user.last_name = first, last
    user.save()
    return user


def _periods(organisation: Organisation, today: date) -> tuple[Period, Period]:
    start, end = quarter_of(today)
    last_start, last_end = quarter_of(start - timedelta(days=1))
    # The previous quarter starts active so its OKRs can be built and scored, then closes.
    last = create_period(organisation, _name(last_start), last_start, last_end, "active")
    current = create_period(organisation, _name(start), start, end, "active")
    return last, current


def _name(start: date) -> str:
    return f"Q{(start.month - 1) // 3 + 1} {start.year}"


def _quarter(
    org: _Org,
    period: Period,
    specs: list[ObjectiveSpec],
    focus: dict[str, tuple[str, str]],
    now: datetime,
    rng: random.Random,
) -> None:
    areas = {key: create_focus_area(period, title, text) for key, (title, text) in focus.items()}
    built = [_objective(org, period, spec, areas, now, rng) for spec in specs]
    by_key = {item.spec.key: item for item in built}
    measured: set[str] = set()
    for item in built:
        for link in item.spec.links:
            measured |= _align(item, link.parent, link.kind, by_key, now)
    window = Window(period.start, period.end, now)
    record_history(built, window, measured, rng)
    org.built[period.pk] = built


def _objective(
    org: _Org,
    period: Period,
    spec: ObjectiveSpec,
    areas: dict[str, FocusArea],
    now: datetime,
    rng: random.Random,
) -> Built:
    person = org.users.get(spec.owner[1:]) if spec.owner.startswith("@") else None
    unit = None if person else org.units[spec.owner]
    visibility = Objective.Visibility.PRIVATE if spec.private else Objective.Visibility.PUBLIC
    objective = create_objective(
        period,
        spec.title,
        owner_unit=unit,
        owner_user=person,
        kind=spec.kind,
        visibility=visibility,
        focus_areas=[areas[key] for key in spec.focus],
        # The demo tells a quarter's story from its first day: every objective was set then.
        activated_at=datetime.combine(period.start, time.min, tzinfo=UTC),
        now=now,
    )
    slug = org.home[person.username] if person else spec.owner
    candidates = [person] if person else org.owners[slug]
    key_results = [
        _key_result(objective, kr, rng.choice(candidates), now) for kr in spec.key_results
    ]
    return Built(spec, objective, key_results, _leads(org, slug))


def _key_result(objective: Objective, spec: KeyResultSpec, owner: User, now: datetime) -> KeyResult:
    return add_key_result(
        objective,
        spec.title,
        direction=spec.direction,
        start=spec.start,
        target=spec.target,
        low=spec.low,
        high=spec.high,
        unit_label=spec.unit,
        owner=owner,
        now=now,
    )


def _leads(org: _Org, slug: str) -> tuple[User | None, ...]:
    """Who answers check-ins: the unit's lead, or the next lead up when the lead wrote them."""
    parent = PARENTS[slug]
    return org.leads.get(slug), org.leads.get(parent) if parent else None


def _align(item: Built, ref: str, kind: str, by_key: dict[str, Built], now: datetime) -> set[str]:
    """Link `item` under `ref`; returns the key results that are now measured by children."""
    key, _, index = ref.partition("#")
    parent = by_key[key]
    if not index:
        align(item.objective, parent_objective=parent.objective, kind=kind, now=now)
        return set()
    align(item.objective, parent_key_result=parent.key_results[int(index)], kind=kind, now=now)
    return {ref} if kind == LinkKind.CONTRIBUTE else set()


def _close(built: list[Built], now: datetime) -> None:
    """Score each objective from where it ended, as the close form suggests: its progress,
    key results and contributing children alike (the caller recomputed the figures)."""
    for item in built:
        item.objective.refresh_from_db(fields=["progress"])
        score = suggested_score(item.objective.progress)
        close_objective(item.objective, score, item.spec.score_note, now=now)


def _canvases(org: _Org, period: Period) -> None:
    for slug, (state, impacts, blockers) in catalogue.CANVASES.items():
        save_canvas(org.units[slug], period, state, impacts, blockers)
