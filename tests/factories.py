"""Small builders for tests: a three-level organisation with people, through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User

from okrs.goals.models import Period
from okrs.goals.services import create_period
from okrs.orgs.models import Organisation, Unit
from okrs.orgs.services import add_person, add_unit, create_organisation


@dataclass
class World:
    organisation: Organisation
    company: Unit
    engineering: Unit
    web_team: Unit
    api_team: Unit
    period: Period
    # Alice leads the web team; Bob is on it; Carol leads engineering; Dave is an admin.
    alice: User
    bob: User
    carol: User
    dave: User


def make_user(username: str) -> User:
    return User.objects.create_user(
        username, password="correct horse battery", first_name=username.title()
    )


def make_world(slug: str = "acme") -> World:
    organisation = create_organisation(slug.title(), slug)
    company = add_unit(organisation, f"{slug.title()} Inc", "company")
    engineering = add_unit(organisation, "Engineering", "department", company)
    web_team = add_unit(organisation, "Web", "team", engineering)
    api_team = add_unit(organisation, "API", "team", engineering)
    period = create_period(organisation, "2026 Q4", date(2026, 10, 1), date(2026, 12, 31), "active")
    people = [make_user(f"{name}-{slug}") for name in ("alice", "bob", "carol", "dave")]
    alice, bob, carol, dave = people
    add_person(organisation, alice, units={web_team: "lead"})
    add_person(organisation, bob, units={web_team: "member"})
    add_person(organisation, carol, units={engineering: "lead"})
    add_person(organisation, dave, is_admin=True)
    return World(
        organisation, company, engineering, web_team, api_team, period, alice, bob, carol, dave
    )
