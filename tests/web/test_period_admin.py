"""The periods page: everyone reads what each period's state means; admins create the next
quarter, activate a draft, rename one and set its focus areas."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from okrs.audit.models import AuditEntry
from okrs.core.closing import quarter_of
from okrs.goals import services
from okrs.goals.models import FocusArea, Period
from tests.web.matrix_world import fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, world):
    client.force_login(world.dave)
    return client


def text(response) -> str:
    return response.content.decode()


def test_it_offers_the_quarter_after_the_latest_period(admin, world):
    page = admin.get(reverse("periods"))
    assert page.status_code == 200
    body = text(page)
    assert 'value="Q1 2027"' in body
    assert 'value="2027-01-01"' in body
    assert 'value="2027-03-31"' in body
    assert "Active — the current period" in body
    assert "1 Oct 2026 – 31 Dec 2026" in body


def test_it_offers_this_quarter_when_there_is_no_period(admin, world):
    Period.objects.all().delete()
    name, start, _end = quarter_of(timezone.localdate())
    body = text(admin.get(reverse("periods")))
    assert f'value="{name}"' in body
    assert f'value="{start.isoformat()}"' in body
    assert "No periods yet." in body


def test_it_creates_a_draft_period_audited_as_the_web(admin, world):
    data = {"name": "Q1 2027", "start": "2027-01-01", "end": "2027-03-31"}
    response = admin.post(reverse("periods"), data)
    assert response.status_code == 302
    period = Period.objects.get(name="Q1 2027")
    assert (period.state, period.start, period.end) == (
        "draft",
        date(2027, 1, 1),
        date(2027, 3, 31),
    )
    entry = AuditEntry.objects.get(object_type="period", object_id=period.pk, action="create")
    assert (entry.actor, entry.via) == (world.dave, "web")
    page = admin.get(response["Location"])
    assert "Created Q1 2027 as a draft" in text(page)
    assert "Draft — objectives can be written" in text(page)
    assert 'value="Q2 2027"' in text(page)  # the next offer follows the new period


def test_it_refuses_an_end_before_the_start_next_to_the_field(admin, world):
    before = fingerprint()
    data = {"name": "Backwards", "start": "2027-03-31", "end": "2027-01-01"}
    response = admin.post(reverse("periods"), data)
    assert response.status_code == 400
    body = text(response)
    assert 'id="new-end-error"' in body
    assert "End must not be before the start" in body
    assert 'value="Backwards"' in body  # what was typed comes back
    assert fingerprint() == before
    assert not Period.objects.filter(name="Backwards").exists()


def test_it_refuses_a_date_that_is_not_one(admin, world):
    response = admin.post(reverse("periods"), {"name": "Odd", "start": "soon", "end": ""})
    assert response.status_code == 400
    assert "Start give a date as YYYY-MM-DD" in text(response)
    assert 'id="new-end-error"' in text(response)


def test_it_activates_a_draft_after_saying_what_happens(admin, world):
    draft = services.create_period(
        world.organisation, "Q1 2027", date(2027, 1, 1), date(2027, 3, 31)
    )
    objective = services.create_objective(draft, "Ship faster", owner_unit=world.web_team)
    services.add_key_result(objective, "Deploys a week", start=0, target=10)
    Period.objects.filter(pk=draft.pk).update(objective_count=0)  # a stale stored figure
    confirm = admin.get(reverse("period-activate", args=[draft.pk]))
    assert confirm.status_code == 200
    assert "2026 Q4 stays active" in text(confirm)
    assert "Pages will open on Q1 2027" in text(confirm)
    response = admin.post(reverse("period-activate", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "active"
    assert draft.objective_count == 1  # the roll-ups were rebuilt
    world.period.refresh_from_db()
    assert world.period.state == "active"
    entry = AuditEntry.objects.get(object_type="period", object_id=draft.pk, action="update")
    assert (entry.changes, entry.via) == ({"state": ["draft", "active"]}, "web")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Q1 2027 is active: check-ins and roll-ups run."
    ]


def test_it_refuses_to_activate_a_closed_period(admin, world):
    services.update_period(world.period, state="closed")
    response = admin.post(reverse("period-activate", args=[world.period.pk]))
    assert response.status_code == 409
    assert "scores are final" in text(response)
    world.period.refresh_from_db()
    assert world.period.state == "closed"
    assert f"Closed on {timezone.localdate():%-d %b %Y}" in text(admin.get(reverse("periods")))


def test_it_renames_and_moves_a_period(admin, world):
    url = reverse("period-edit", args=[world.period.pk])
    response = admin.post(url, {"name": "Q4 2026", "start": "2026-10-01", "end": "2026-12-20"})
    assert response.status_code == 302
    world.period.refresh_from_db()
    assert (world.period.name, world.period.end) == ("Q4 2026", date(2026, 12, 20))
    entry = AuditEntry.objects.get(object_type="period", action="update", via="web")
    assert entry.changes == {"name": ["2026 Q4", "Q4 2026"], "end": ["2026-12-31", "2026-12-20"]}
    bad = admin.post(url, {"name": "Q4 2026", "start": "2026-10-01", "end": "2026-09-01"})
    assert bad.status_code == 400
    assert f'id="period-{world.period.pk}-end-error"' in text(bad)


def test_it_adds_edits_and_deletes_focus_areas(admin, world):
    add = reverse("focus-area-add", args=[world.period.pk])
    assert (
        admin.post(add, {"title": "Reliability", "description": "Fewer pages"}).status_code == 302
    )
    area = FocusArea.objects.get(title="Reliability")
    assert area.period == world.period
    assert "Reliability" in text(admin.get(reverse("periods")))
    edit = reverse("focus-area-edit", args=[area.pk])
    assert admin.post(edit, {"title": "Uptime", "description": ""}).status_code == 302
    area.refresh_from_db()
    assert area.title == "Uptime"
    blank = admin.post(edit, {"title": " ", "description": ""})
    assert blank.status_code == 400
    assert f'id="area-{area.pk}-title-error"' in text(blank)
    services.create_objective(
        world.period, "Five nines", owner_unit=world.web_team, focus_areas=[area]
    )
    refused = admin.post(reverse("focus-area-delete", args=[area.pk]))
    assert refused.status_code == 409
    assert "Uptime has 1 objective; remove the focus area from them first." in text(refused)
    assert FocusArea.objects.filter(pk=area.pk).exists()
    spare = services.create_focus_area(world.period, "Spare")
    assert admin.post(reverse("focus-area-delete", args=[spare.pk])).status_code == 302
    assert not FocusArea.objects.filter(pk=spare.pk).exists()
    actions = AuditEntry.objects.filter(object_type="focusarea", via="web").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["create", "delete", "update"]


def test_a_member_reads_the_periods_but_changes_nothing(client, world):
    services.create_focus_area(world.period, "Speed")
    client.force_login(world.bob)
    page = client.get(reverse("periods"))
    assert page.status_code == 200
    assert "Speed" in text(page)
    assert "Active — the current period" in text(page)
    assert "Create a period" not in text(page)
    before = fingerprint()
    data = {"name": "Q1 2027", "start": "2027-01-01", "end": "2027-03-31"}
    refused = client.post(reverse("periods"), data)
    assert refused.status_code == 403
    assert "Only admins create periods." in text(refused)
    assert client.post(reverse("period-activate", args=[world.period.pk])).status_code == 403
    assert fingerprint() == before


def test_home_and_a_clone_into_a_new_period_lead_admins_to_activation(admin, world):
    services.create_objective(world.period, "Ship faster", owner_unit=world.web_team)
    assert reverse("periods") in text(admin.get(reverse("home")))
    objective = world.period.objectives.get()
    clone = admin.post(
        reverse("period-clone", args=[world.period.pk]),
        {"objective": objective.pk, "target": "new"},
        follow=True,
    )
    target = Period.objects.get(name="Q1 2027")
    assert "Q1 2027 is a draft until an admin activates it." in text(clone)
    assert reverse("period-activate", args=[target.pk]) in text(clone)


def test_the_page_costs_the_same_few_queries_however_many_periods(
    admin, world, django_assert_max_num_queries
):
    for year in range(2027, 2033):
        period = services.create_period(
            world.organisation, f"{year}", date(year, 1, 1), date(year, 12, 31)
        )
        area = services.create_focus_area(period, f"Theme {year}")
        services.create_objective(
            period, f"Goal {year}", owner_unit=world.web_team, focus_areas=[area]
        )
        services.update_period(period, state="closed")
    with django_assert_max_num_queries(12):
        page = admin.get(reverse("periods"))
    assert page.status_code == 200
    assert text(page).count("Closed on ") == 6
