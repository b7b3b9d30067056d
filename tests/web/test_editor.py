"""Writing OKRs: the editor creates and edits an objective with its key results at once."""

from datetime import date

import pytest
from django.urls import reverse

from okrs.audit.models import AuditEntry
from okrs.goals.models import Alignment, KeyResult, Objective
from okrs.goals.services import (
    add_key_result,
    align,
    create_focus_area,
    create_objective,
    create_period,
    save_canvas,
)
from okrs.orgs.services import add_person

NEW = reverse("objective-new")


def kr(index, title, start="", target="", unit="%", direction="increase", **extra):
    row = {
        f"kr-{index}-title": title,
        f"kr-{index}-direction": direction,
        f"kr-{index}-start": start,
        f"kr-{index}-target": target,
        f"kr-{index}-unit_label": unit,
    }
    return row | {f"kr-{index}-{name}": value for name, value in extra.items()}


def form(world, title="Web releases stop breaking things", rows=(), **extra):
    data = {
        "period": world.period.pk,
        "owner": f"unit:{world.web_team.pk}",
        "kind": "committed",
        "visibility": "public",
        "title": title,
        "link_kind": "contribute",
        "rows": 5,
        "action": "save",
    }
    for row in rows:
        data |= row
    return data | extra


GOOD_ROWS = (
    kr(0, "Frontend test coverage", 48, 70),
    kr(1, "Web bugs reported by customers per release", 9, 3, "bugs", "decrease"),
    kr(2, "Checkout completion", 71, 85),
)


@pytest.fixture
def objective(world):
    objective = create_objective(world.period, "Web app feels fast", owner_unit=world.web_team)
    add_key_result(
        objective, "LCP p75", direction="decrease", start=3400, target=2500, unit_label="ms"
    )
    add_key_result(
        objective, "Lighthouse performance score", start=54, target=80, unit_label="score"
    )
    return objective


def test_it_shows_an_empty_form_preselected_from_the_query(client, world):
    client.force_login(world.alice)
    page = client.get(f"{NEW}?unit={world.web_team.pk}&period={world.period.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="unit:{world.web_team.pk}" selected>' in html
    assert 'name="kr-4-title"' in html
    assert 'name="kr-5-title"' not in html
    assert "Add a key result row" in html


def test_it_creates_an_objective_with_its_key_results(client, world):
    client.force_login(world.alice)
    response = client.post(NEW, form(world, rows=GOOD_ROWS))
    objective = Objective.objects.get(title="Web releases stop breaking things")
    assert response.status_code == 302
    assert response.url == reverse("objective", args=[objective.pk])
    assert objective.owner_unit == world.web_team
    titles = list(objective.key_results.values_list("title", "start", "target", "direction"))
    assert titles == [
        ("Frontend test coverage", 48, 70, "increase"),
        ("Web bugs reported by customers per release", 9, 3, "decrease"),
        ("Checkout completion", 71, 85, "increase"),
    ]
    entry = AuditEntry.objects.filter(objective_id=objective.pk, action="create").first()
    assert entry.actor == world.alice
    assert entry.via == "web"


def test_it_shows_a_bad_number_next_to_its_field_and_stores_nothing(client, world):
    client.force_login(world.alice)
    rows = (*GOOD_ROWS[:2], kr(2, "Checkout completion", 71, "lots"))
    response = client.post(NEW, form(world, rows=rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_kr-2-target-error"' in html
    assert "Target must be a number" in html
    assert 'value="lots"' in html  # what was typed stays
    assert 'aria-describedby="id_kr-2-target-error"' in html
    assert not Objective.objects.exists()
    assert not KeyResult.objects.exists()


def test_it_shows_every_service_error_at_once(client, world):
    client.force_login(world.alice)
    rows = (kr(0, "Coverage", 70, 48), kr(1, "", 1, 2), kr(2, "Band", direction="stay_within"))
    html = client.post(NEW, form(world, title="", rows=rows)).content.decode()
    assert "Title is required" in html
    assert "Target must be above the start value for an increase" in html
    assert "Low is required for &#x27;stay within&#x27;" in html
    assert not Objective.objects.exists()


def test_a_refused_alignment_saves_nothing_at_all(client, world, objective):
    # Aligning the objective under its own child would make a loop: the service refuses it
    # after the key result change, and the change must roll back with it.
    child = create_objective(world.period, "Child", owner_unit=world.web_team)
    align(child, parent_objective=objective)
    client.force_login(world.alice)
    data = form(world, rows=GOOD_ROWS, parent=f"objective:{child.pk}")
    edit = reverse("objective-edit", args=[objective.pk])
    data |= kr(0, "LCP p75", 3400, 2400, "ms", "decrease", id=objective.key_results.first().pk)
    response = client.post(edit, data)
    assert response.status_code == 400
    assert "would make a loop" in response.content.decode()
    objective.refresh_from_db()
    assert objective.title == "Web app feels fast"
    assert objective.key_results.first().target == 2500
    assert objective.key_results.count() == 2


def test_it_ignores_blank_rows_and_adds_a_row_on_request(client, world):
    client.force_login(world.alice)
    response = client.post(NEW, form(world, rows=GOOD_ROWS[:1], action="add_row"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="kr-5-title"' in html
    assert 'name="rows" value="6"' in html
    assert 'value="Frontend test coverage"' in html
    assert not Objective.objects.exists()


def test_it_shows_hints_and_saves_anyway_on_request(client, world):
    client.force_login(world.alice)
    rows = (kr(0, "Launch the new release pipeline", 0, 1, "pipeline"),)
    response = client.post(NEW, form(world, rows=rows))
    html = response.content.decode()
    assert response.status_code == 200
    assert "reads as an activity" in html
    assert 'id="kr-hints-0"' in html
    assert "has one key result" in html
    assert "Save anyway" in html
    assert not Objective.objects.exists()
    response = client.post(NEW, form(world, rows=rows, action="save_anyway"))
    assert response.status_code == 302
    assert Objective.objects.get().key_results.get().title == "Launch the new release pipeline"


def test_it_answers_live_hints_without_saving(client, world):
    client.force_login(world.alice)
    rows = (*GOOD_ROWS[:2], kr(2, "Write more tests", 1, 10, "tests"))
    response = client.post(NEW, form(world, rows=rows, action="hints"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="kr-hints-2"' in html
    assert "starts with &#x27;write&#x27;" in html
    assert not Objective.objects.exists()


def test_a_member_writes_only_personal_objectives(client, world):
    client.force_login(world.bob)
    html = client.get(NEW).content.decode()
    assert f"unit:{world.web_team.pk}" not in html
    assert f"user:{world.bob.pk}" in html
    assert client.post(NEW, form(world, rows=GOOD_ROWS)).status_code == 403
    response = client.post(NEW, form(world, rows=GOOD_ROWS, owner=f"user:{world.bob.pk}"))
    assert response.status_code == 302
    assert Objective.objects.get().owner_user == world.bob


def test_a_lead_writes_for_the_units_below_not_beside(client, world):
    client.force_login(world.alice)
    data = form(world, rows=GOOD_ROWS, owner=f"unit:{world.api_team.pk}")
    assert client.post(NEW, data).status_code == 403
    assert not Objective.objects.exists()


def test_a_viewer_or_stranger_cannot_write(client, world, django_user_model):
    viewer = django_user_model.objects.create_user("vic")
    add_person(world.organisation, viewer, role="viewer")
    client.force_login(viewer)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form(world, rows=GOOD_ROWS)).status_code == 403
    stranger = django_user_model.objects.create_user("eve")
    client.force_login(stranger)
    assert client.get(NEW).status_code == 404
    assert not Objective.objects.exists()


def test_it_edits_changes_adds_and_removes_key_results(client, world, objective):
    lcp, score = objective.key_results.all()
    client.force_login(world.alice)
    data = form(
        world,
        title="The web app feels instant",
        rows=(
            kr(0, "LCP p75 on mobile", 3400, 2500, "ms", "decrease", id=lcp.pk),
            kr(1, "Lighthouse performance score", 54, 80, "score", id=score.pk, remove="on"),
            kr(2, "TTFB p75", 1300, 800, "ms", "decrease"),
        ),
    )
    response = client.post(reverse("objective-edit", args=[objective.pk]), data)
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.title == "The web app feels instant"
    assert list(objective.key_results.values_list("title", flat=True)) == [
        "LCP p75 on mobile",
        "TTFB p75",
    ]
    assert objective.key_results.get(title="LCP p75 on mobile").pk == lcp.pk


def test_it_shows_the_saved_key_results_when_editing(client, world, objective):
    client.force_login(world.carol)
    html = client.get(reverse("objective-edit", args=[objective.pk])).content.decode()
    assert 'value="LCP p75"' in html
    assert 'value="3400"' in html
    assert "Remove this key result" in html


def test_it_aligns_and_realigns(client, world, objective):
    parent = create_objective(world.period, "Engineering is fast", owner_unit=world.engineering)
    parent_kr = add_key_result(
        parent, "Median lead time", direction="decrease", start=3, target=1, unit_label="days"
    )
    client.force_login(world.alice)
    edit = reverse("objective-edit", args=[objective.pk])
    rows = [
        kr(i, k.title, k.start, k.target, k.unit_label, k.direction, id=k.pk)
        for i, k in enumerate(objective.key_results.all())
    ]
    assert (
        client.post(
            edit, form(world, "Web app feels fast", rows, parent=f"objective:{parent.pk}")
        ).status_code
        == 302
    )
    assert Alignment.objects.get(child=objective).parent_objective == parent
    data = form(
        world, "Web app feels fast", rows, parent=f"key_result:{parent_kr.pk}", link_kind="support"
    )
    assert client.post(edit, data).status_code == 302
    link = Alignment.objects.get(child=objective)
    assert (link.parent_key_result, link.kind) == (parent_kr, "support")


def test_editing_needs_the_right_to_edit(client, world, objective):
    edit = reverse("objective-edit", args=[objective.pk])
    client.force_login(world.bob)
    assert client.get(edit).status_code == 403
    assert client.post(edit, form(world, rows=GOOD_ROWS)).status_code == 403
    assert client.get(reverse("objective-edit", args=[999999])).status_code == 404
    private = create_objective(
        world.period, "Secret", owner_unit=world.api_team, visibility="private"
    )
    assert client.get(reverse("objective-edit", args=[private.pk])).status_code == 404


def test_it_drafts_from_a_canvas_impact(client, world):
    canvas = save_canvas(world.web_team, world.period, "Slow", ["Phones load in 2 s"], [])
    client.force_login(world.alice)
    page = client.get(f"{NEW}?unit={world.web_team.pk}&canvas={canvas.pk}&impact=0")
    html = page.content.decode()
    assert 'value="Phones load in 2 s"' in html
    assert "canvas" in html
    data = form(
        world, "Phones load in 2 s", GOOD_ROWS, canvas=canvas.pk, canvas_impact="Phones load in 2 s"
    )
    assert client.post(f"{NEW}?canvas={canvas.pk}&impact=0", data).status_code == 302
    objective = Objective.objects.get()
    assert (objective.canvas, objective.canvas_impact) == (canvas, "Phones load in 2 s")
    assert client.get(f"{NEW}?canvas={canvas.pk}&impact=7").status_code == 404
    assert client.get(f"{NEW}?canvas=99999&impact=0").status_code == 404


def test_it_links_focus_areas_of_the_period_only(client, world):
    area = create_focus_area(world.period, "Code health")
    later = create_period(world.organisation, "2027 Q1", date(2027, 1, 1), date(2027, 3, 31))
    elsewhere = create_focus_area(later, "Speed")
    client.force_login(world.alice)
    html = client.get(NEW).content.decode()
    assert "Code health" in html
    assert "Speed" not in html
    response = client.post(NEW, form(world, rows=GOOD_ROWS, focus_areas=[elsewhere.pk]))
    assert response.status_code == 400
    assert "Focus areas is not one of the choices" in response.content.decode()
    assert client.post(NEW, form(world, rows=GOOD_ROWS, focus_areas=[area.pk])).status_code == 302
    assert list(Objective.objects.get().focus_areas.all()) == [area]


def test_the_objective_page_links_to_the_editor_for_those_who_may_edit(client, world, objective):
    edit = reverse("objective-edit", args=[objective.pk])
    client.force_login(world.alice)
    assert edit in client.get(reverse("objective", args=[objective.pk])).content.decode()
    client.force_login(world.bob)
    assert edit not in client.get(reverse("objective", args=[objective.pk])).content.decode()


def test_it_sets_a_milestones_due_date_and_a_key_results_decimals(client, world):
    client.force_login(world.alice)
    rows = (
        *GOOD_ROWS[:2],
        kr(2, "Checkout redesign shipped", direction="milestone", unit="", due="2026-11-15"),
        kr(3, "Apdex", 0.8, 0.9, unit="", precision="3"),
    )
    response = client.post(NEW, form(world, rows=rows, action="save_anyway"))  # 4 key results
    assert response.status_code == 302
    shipped = KeyResult.objects.get(title="Checkout redesign shipped")
    assert shipped.due == date(2026, 11, 15)
    assert KeyResult.objects.get(title="Apdex").precision == 3
    page = client.get(reverse("objective-edit", args=[shipped.objective_id])).content.decode()
    assert 'value="2026-11-15"' in page


def test_it_refuses_a_due_date_outside_the_period_and_stores_nothing(client, world):
    client.force_login(world.alice)
    rows = (*GOOD_ROWS[:2], kr(2, "Shipped", direction="milestone", unit="", due="2027-02-01"))
    response = client.post(NEW, form(world, rows=rows, action="save_anyway"))
    assert response.status_code == 400
    assert "must fall inside the period (1 Oct 2026 – 31 Dec 2026)" in response.content.decode()
    assert not Objective.objects.exists()


def test_it_reads_and_shows_a_decimal_comma_for_a_reader_who_writes_one(client, world):
    client.force_login(world.alice)
    german = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}
    rows = (kr(0, "Apdex", "0,82", "0,9", unit=""), kr(1, "Seiten", "1.200", "2.530,5", unit=""))
    response = client.post(NEW, form(world, rows=rows, action="save_anyway"), **german)
    assert response.status_code == 302
    apdex, pages = KeyResult.objects.order_by("position")
    assert (apdex.start, apdex.target, pages.start, pages.target) == (0.82, 0.9, 1200, 2530.5)
    edit = client.get(reverse("objective-edit", args=[apdex.objective_id]), **german)
    assert 'value="0,82"' in edit.content.decode()  # shown as it is read back
