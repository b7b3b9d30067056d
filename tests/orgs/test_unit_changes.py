"""Renaming, moving, archiving and restoring units, and memberships (okrs.orgs.units)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from okrs.audit.models import AuditEntry
from okrs.audit.services import Author
from okrs.core.errors import InvalidInput
from okrs.goals.services import create_objective
from okrs.orgs.models import Membership, Unit
from okrs.orgs.services import add_unit
from okrs.orgs.units import (
    archive_unit,
    move_unit,
    open_objectives_of,
    remove_membership,
    rename_unit,
    restore_unit,
    set_membership,
)
from tests.factories import make_user, make_world


def _fields(error: pytest.ExceptionInfo[InvalidInput]) -> set[str]:
    return set(error.value.by_field())


def test_it_renames_a_unit_and_records_who(world):
    rename_unit(world.web_team, name="Web App", slug="web-app", by=Author(world.dave, "web"))
    world.web_team.refresh_from_db()
    assert (world.web_team.name, world.web_team.slug) == ("Web App", "web-app")
    entry = AuditEntry.objects.filter(object_type="unit", object_id=world.web_team.pk).last()
    assert (entry.actor, entry.via) == (world.dave, "web")
    assert "name" in entry.changes


def test_it_refuses_a_slug_taken_by_another_unit_naming_the_field(world):
    with pytest.raises(InvalidInput) as error:
        rename_unit(world.web_team, slug=world.api_team.slug, kind="planet")
    assert _fields(error) == {"slug", "kind"}


def test_it_moves_a_three_level_subtree_and_recomputes_every_depth(world):
    org = world.organisation
    platform = add_unit(org, "Platform", "department", world.company)
    mobile = add_unit(org, "Mobile", "team", world.web_team)
    ios = add_unit(org, "iOS", "team", mobile)
    move_unit(world.web_team, platform)  # web (2) > mobile (3) > ios (4) under platform (1)
    move_unit(platform, world.engineering, by=Author(world.dave, "cli"))
    depths = dict(Unit.objects.values_list("slug", "depth").filter(organisation=org))
    assert depths["platform"] == 2
    assert (depths["web"], depths["mobile"], depths["ios"]) == (3, 4, 5)
    ios.refresh_from_db()
    assert [unit.name for unit in ios.ancestors()] == [
        "Mobile",
        "Web",
        "Platform",
        "Engineering",
        "Acme Inc",
    ]


def test_it_refuses_to_move_a_unit_under_itself_or_below_itself_naming_parent(world):
    mobile = add_unit(world.organisation, "Mobile", "team", world.web_team)
    for parent in (world.engineering, mobile):
        with pytest.raises(InvalidInput) as error:
            move_unit(world.engineering, parent)
        assert _fields(error) == {"parent"}
    with pytest.raises(InvalidInput) as error:
        move_unit(world.company, world.engineering)
    assert "root" in str(error.value)
    world.engineering.refresh_from_db()
    assert world.engineering.parent_id == world.company.pk


def test_it_refuses_a_parent_of_another_organisation(world):
    other = make_world("globex")
    with pytest.raises(InvalidInput) as error:
        move_unit(world.web_team, other.engineering)
    assert _fields(error) == {"parent"}


def test_moving_a_unit_moves_its_objectives_in_the_roll_ups(world):
    create_objective(world.period, "Fast pages", owner_unit=world.web_team)
    platform = add_unit(world.organisation, "Platform", "department", world.company)
    move_unit(world.web_team, platform)
    counts = {row.unit.slug: row.objective_count for row in world.period.unit_rollups.all()}
    assert counts.get("platform") == 1
    assert counts.get("engineering", 0) == 0


def test_archiving_lists_open_objectives_then_hides_the_subtree_but_keeps_urls(world, client):
    objective = create_objective(world.period, "Fast pages", owner_unit=world.web_team)
    assert list(open_objectives_of(world.engineering)) == [objective]
    archived = archive_unit(world.engineering, by=Author(world.dave, "web"))
    assert {unit.pk for unit in archived} == {
        world.engineering.pk,
        world.web_team.pk,
        world.api_team.pk,
    }
    client.force_login(world.dave)
    home = client.get(reverse("home")).content.decode()
    assert "Fast pages" not in home
    assert "Engineering" not in home
    assert client.get(reverse("objective", args=[objective.pk])).status_code == 200
    assert client.get(reverse("unit", args=[world.web_team.pk])).status_code == 200
    entries = AuditEntry.objects.filter(object_type="unit", via="web", action="update")
    assert entries.count() == 3


def test_an_archived_unit_refuses_a_new_objective_and_new_members(world):
    archive_unit(world.web_team)
    world.web_team.refresh_from_db()
    with pytest.raises(InvalidInput) as error:
        create_objective(world.period, "Fast pages", owner_unit=world.web_team)
    assert _fields(error) == {"owner"}
    with pytest.raises(InvalidInput) as error:
        set_membership(world.web_team, world.carol, "member")
    assert _fields(error) == {"unit"}
    with pytest.raises(InvalidInput) as error:
        add_unit(world.organisation, "Mobile", "team", world.web_team)
    assert _fields(error) == {"parent"}


def test_the_root_is_never_archived(world):
    with pytest.raises(InvalidInput):
        archive_unit(world.company)


def test_restoring_brings_back_what_was_archived_with_it_not_what_was_archived_before(world):
    archive_unit(world.api_team)
    archive_unit(world.engineering)
    world.web_team.refresh_from_db()
    with pytest.raises(InvalidInput) as error:
        restore_unit(world.web_team)
    assert _fields(error) == {"parent"}
    restored = restore_unit(world.engineering)
    assert {unit.pk for unit in restored} == {world.engineering.pk, world.web_team.pk}
    world.api_team.refresh_from_db()
    assert world.api_team.archived_at is not None


def test_it_adds_changes_and_removes_a_membership_with_audit_rows(world):
    by = Author(world.carol, "web")
    set_membership(world.api_team, world.bob, "member", by=by)
    set_membership(world.api_team, world.bob, "lead", by=by)
    assert Membership.objects.get(unit=world.api_team, user=world.bob).role == "lead"
    remove_membership(world.api_team, world.bob, by=by)
    assert not Membership.objects.filter(unit=world.api_team, user=world.bob).exists()
    actions = AuditEntry.objects.filter(object_type="membership", actor=world.carol)
    assert list(actions.order_by("pk").values_list("action", flat=True)) == [
        "create",
        "update",
        "delete",
    ]


def test_only_people_of_the_organisation_join_its_units(world):
    stranger = make_user("stranger")
    with pytest.raises(InvalidInput) as error:
        set_membership(world.web_team, stranger, "member")
    assert _fields(error) == {"person"}
    with pytest.raises(InvalidInput) as error:
        set_membership(world.web_team, world.bob, "boss")
    assert _fields(error) == {"role"}
