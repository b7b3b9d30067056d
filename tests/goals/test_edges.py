"""Inputs at the edges: refused by name before the database can choke on them."""

from datetime import date

import pytest

from okrs.audit.models import AuditEntry
from okrs.core.errors import InvalidInput
from okrs.goals.models import Period
from okrs.goals.services import add_key_result, create_objective, create_period, update_objective
from okrs.orgs.services import add_unit


def fields_of(raised):
    return set(raised.value.by_field())


def test_a_period_in_year_9999_is_refused(world):
    with pytest.raises(InvalidInput) as raised:
        create_period(world.organisation, "Forever", date(2026, 1, 1), date(9999, 12, 31))
    assert fields_of(raised) == {"end"}
    assert not Period.objects.filter(name="Forever").exists()


def test_a_period_name_longer_than_its_column_is_refused(world):
    with pytest.raises(InvalidInput) as raised:
        create_period(world.organisation, "Q" * 101, date(2027, 1, 1), date(2027, 3, 31))
    assert fields_of(raised) == {"name"}


def test_a_unit_label_longer_than_its_column_is_refused(world):
    objective = create_objective(world.period, "Faster builds", owner_unit=world.web_team)
    with pytest.raises(InvalidInput) as raised:
        add_key_result(
            objective,
            "Build time",
            start=340,
            target=180,
            direction="decrease",
            unit_label="s" * 21,
        )
    assert fields_of(raised) == {"unit_label"}


def test_a_unit_gets_a_usable_slug_from_any_name(world):
    assert add_unit(world.organisation, "!!!", parent=world.company).slug == "unit"
    long = add_unit(world.organisation, "Platform " * 10, parent=world.company)
    assert len(long.slug) <= 50
    assert AuditEntry.objects.filter(
        object_type="unit", object_id=long.pk, action="create"
    ).exists()


def test_a_bad_slug_is_refused(world):
    with pytest.raises(InvalidInput) as raised:
        add_unit(world.organisation, "Mobile", slug="Mobile Team!")
    assert fields_of(raised) == {"slug"}


def test_an_objective_is_closed_with_a_score_not_by_editing_its_state(world):
    objective = create_objective(world.period, "Faster builds", owner_unit=world.web_team)
    with pytest.raises(InvalidInput) as raised:
        update_objective(objective, state="closed")
    assert fields_of(raised) == {"state"}
    objective.refresh_from_db()
    assert objective.state == "active"
