"""A unit's management page: as an admin, as a lead within and outside their subtree, as a
member (issue 11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from okrs.audit.models import AuditEntry
from okrs.goals.services import create_objective
from okrs.orgs.models import Membership, Unit


@pytest.fixture
def as_(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_the_unit_page_links_to_manage_only_for_those_who_may(world, as_):
    url = reverse("unit", args=[world.web_team.pk])
    manage = reverse("unit-manage", args=[world.web_team.pk])
    assert manage in as_(world.alice).get(url).content.decode()  # leads the web team
    assert manage in as_(world.dave).get(url).content.decode()  # admin
    assert manage not in as_(world.bob).get(url).content.decode()  # member


def test_a_member_may_not_open_the_page_or_rename(world, as_):
    client = as_(world.bob)
    assert client.get(reverse("unit-manage", args=[world.web_team.pk])).status_code == 403
    response = client.post(reverse("unit-rename", args=[world.web_team.pk]), {"name": "Mine"})
    assert response.status_code == 403
    world.web_team.refresh_from_db()
    assert world.web_team.name == "Web"


def test_a_lead_renames_their_unit_but_not_a_sibling_and_never_moves_or_archives(world, as_):
    client = as_(world.alice)
    data = {"name": "Web App", "slug": "web-app", "kind": "team"}
    response = client.post(reverse("unit-rename", args=[world.web_team.pk]), data)
    assert response.status_code == 302
    assert client.get(response["Location"]).content.decode().count("Saved Web App.") == 1
    assert Unit.objects.get(pk=world.web_team.pk).name == "Web App"
    sibling = client.post(reverse("unit-rename", args=[world.api_team.pk]), data)
    assert sibling.status_code == 403
    page = client.get(reverse("unit-manage", args=[world.web_team.pk])).content.decode()
    assert "Archive Web App" not in page
    assert "Place in the tree" not in page
    moved = client.post(
        reverse("unit-move", args=[world.web_team.pk]), {"parent": world.company.pk}
    )
    assert moved.status_code == 403
    assert client.get(reverse("unit-archive", args=[world.web_team.pk])).status_code == 403


def test_a_lead_adds_a_unit_below_theirs_and_people_into_it(world, as_):
    client = as_(world.carol)  # leads engineering
    response = client.post(
        reverse("unit-add-below", args=[world.engineering.pk]), {"name": "Data", "kind": "team"}
    )
    assert response.status_code == 302
    data = Unit.objects.get(slug="data")
    assert (data.parent_id, data.depth) == (world.engineering.pk, 2)
    added = client.post(
        reverse("unit-member-add", args=[data.pk]), {"person": world.bob.pk, "role": "lead"}
    )
    assert added.status_code == 302
    assert Membership.objects.get(unit=data, user=world.bob).role == "lead"
    outside = client.post(
        reverse("unit-add-below", args=[world.company.pk]), {"name": "Sales", "kind": "team"}
    )
    assert outside.status_code == 403


def test_bad_input_comes_back_with_the_error_next_to_its_field(world, as_):
    client = as_(world.dave)
    response = client.post(
        reverse("unit-rename", args=[world.web_team.pk]),
        {"name": "", "slug": world.api_team.slug, "kind": "team"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="rename-name-error"' in page
    assert "Slug &#x27;api&#x27; is taken" in page or "Slug 'api' is taken" in page
    cycle = client.post(
        reverse("unit-move", args=[world.engineering.pk]), {"parent": world.web_team.pk}
    )
    assert cycle.status_code == 400
    assert 'id="move-parent-error"' in cycle.content.decode()


def test_the_archive_confirmation_lists_open_objectives_then_archives(world, as_):
    create_objective(world.period, "Fast pages", owner_unit=world.web_team)
    client = as_(world.dave)
    url = reverse("unit-archive", args=[world.engineering.pk])
    confirm = client.get(url).content.decode()
    assert "Fast pages" in confirm
    assert "stay readable" in confirm
    assert client.post(url).status_code == 302
    home = client.get(reverse("home")).content.decode()
    assert "Fast pages" not in home
    unit_page = client.get(reverse("unit", args=[world.web_team.pk]))
    assert unit_page.status_code == 200
    assert "is archived" in unit_page.content.decode()
    assert f"?unit={world.web_team.pk}" not in unit_page.content.decode()  # no New objective
    editor = client.get(reverse("objective-new")).content.decode()
    assert f"unit:{world.web_team.pk}" not in editor
    assert AuditEntry.objects.filter(object_type="unit", via="web").count() == 3
    restored = client.post(reverse("unit-restore", args=[world.engineering.pk]))
    assert restored.status_code == 302
    assert "Fast pages" in client.get(reverse("home")).content.decode()


def test_the_root_is_neither_moved_nor_archived(world, as_):
    client = as_(world.dave)
    page = client.get(reverse("unit-manage", args=[world.company.pk])).content.decode()
    assert "stays the root" in page
    assert client.post(reverse("unit-archive", args=[world.company.pk])).status_code == 400


def test_a_lead_keeps_their_own_lead_role_and_an_admin_may_change_it(world, as_):
    url = reverse("unit-member-change", args=[world.web_team.pk, world.alice.pk])
    client = as_(world.alice)
    page = client.get(reverse("unit-manage", args=[world.web_team.pk])).content.decode()
    assert "a lead keeps their own lead role" in page
    assert client.post(url, {"role": "member"}).status_code == 403
    assert client.post(url, {"action": "remove"}).status_code == 403
    bob = reverse("unit-member-change", args=[world.web_team.pk, world.bob.pk])
    assert client.post(bob, {"role": "lead"}).status_code == 302
    assert as_(world.dave).post(url, {"action": "remove"}).status_code == 302
    assert not Membership.objects.filter(unit=world.web_team, user=world.alice).exists()


ODD_VALUES = [
    "",
    "bad\x00text",
    "x" * 10_000,
    "99999999999999999999999",
    "-1",
    "abc",
    "²",
    "\u202e🦄",
]


def test_odd_form_values_are_answered_without_a_server_error(world, as_):
    client = as_(world.dave)
    web, bob = world.web_team.pk, world.bob.pk
    forms = {
        reverse("unit-rename", args=[web]): ("name", "slug", "kind"),
        reverse("unit-add-below", args=[web]): ("name", "slug", "kind"),
        reverse("unit-move", args=[web]): ("parent",),
        reverse("unit-member-add", args=[web]): ("person", "role"),
        reverse("unit-member-change", args=[web, bob]): ("role", "action"),
    }
    good = {"name": "Web", "slug": "web", "kind": "team", "parent": world.company.pk}
    good |= {"person": world.carol.pk, "role": "member"}
    for url, fields in forms.items():
        for field in fields:
            for value in ODD_VALUES:
                response = client.post(url, good | {field: value})
                assert response.status_code in (200, 302, 400), (url, field, value)
