"""The binding block on the objective page, "measure now", and the admins' binding form."""

import shutil
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from okrs.bindings.models import Binding, MeasureRequest
from okrs.bindings.runs import measure_binding
from okrs.bindings.services import BindingSpec, save_binding
from okrs.goals.models import CheckIn
from okrs.goals.services import add_key_result, create_objective
from tests.tasks import run_queued_tasks

SAMPLE_JSON = Path(__file__).parents[1] / "metrics" / "data" / "coverage" / "sample.json"


@pytest.fixture
def key_result(world):
    objective = create_objective(world.period, "Ship with confidence", owner_unit=world.web_team)
    return add_key_result(objective, "Coverage above 80%", start=50, target=80, unit_label="%")


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "coverage.json"
    shutil.copy(SAMPLE_JSON, path)
    return path


@pytest.fixture
def binding(key_result, report):
    return save_binding(key_result, BindingSpec("coverage", str(report)))


def page(client, key_result):
    response = client.get(reverse("objective", args=[key_result.objective_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_binding_and_a_measure_now_button_to_a_team_member(client, world, binding):
    client.force_login(world.bob)
    html = page(client, binding.key_result)
    assert "Measured from coverage" in html
    assert str(binding.input) in html
    assert "not measured yet" in html
    assert "Measure now" in html
    assert reverse("kr-binding", args=[binding.key_result_id]) not in html  # not an admin


def test_measure_now_queues_the_measurement_and_the_worker_stores_it(client, world, binding):
    client.force_login(world.bob)
    response = client.post(reverse("kr-measure", args=[binding.key_result_id]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#kr-{binding.key_result_id}")
    assert not CheckIn.objects.exists()  # the request did not read the source itself
    assert "Measurement queued at" in page(client, binding.key_result)
    assert run_queued_tasks() == ["stored"]
    check_in = CheckIn.objects.get()
    assert check_in.author == world.bob
    assert check_in.value == pytest.approx(66.0377358490566)
    html = page(client, binding.key_result)
    assert "66 %" in html  # 66.0377… at the one decimal 50 -> 80 implies, 66.0
    assert check_in.measurement.short_digest in html
    assert f"okrs {check_in.measurement.okrs_version}" in html


def measure_through_htmx(client, binding):
    """Press *Measure now*, let the worker run, and answer the page's next poll."""
    url = reverse("kr-measure", args=[binding.key_result_id])
    queued = client.post(url, headers={"HX-Request": "true"})
    assert queued.status_code == 200
    request = MeasureRequest.objects.latest("pk")
    status = reverse("kr-measure-status", args=[binding.key_result_id])
    poll = f'hx-get="{status}?request={request.pk}"'
    assert poll in queued.content.decode()
    run_queued_tasks()
    return client.get(status, {"request": request.pk}, headers={"HX-Request": "true"})


def test_measure_now_through_htmx_swaps_the_key_result_when_its_value_moved(client, world, binding):
    client.force_login(world.alice)
    response = measure_through_htmx(client, binding)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#kr-{binding.key_result_id}"
    assert f'id="kr-{binding.key_result_id}"' in html  # the whole key result, figures and all
    assert 'id="objective-summary" class="objective-summary" hx-swap-oob="true"' in html
    assert "New value stored: 66 %" in html
    again = measure_through_htmx(client, binding)
    assert "HX-Retarget" not in again
    html = again.content.decode()
    assert f'<section class="binding" id="kr-{binding.key_result_id}-binding"' in html
    assert "<article" not in html  # only the binding block
    assert "the input is unchanged" in html
    assert CheckIn.objects.count() == 1


def test_a_failed_measurement_shows_the_error_and_keeps_the_value(client, world, binding, report):
    client.force_login(world.bob)
    measure_through_htmx(client, binding)
    report.write_text("{")
    html = measure_through_htmx(client, binding).content.decode()
    assert "Last measurement failed" in html
    assert "is not valid JSON" in html
    assert CheckIn.objects.count() == 1
    assert "is not valid JSON" in page(client, binding.key_result)


def test_only_people_who_may_check_in_measure_now(client, world, binding):
    from okrs.orgs.services import add_person
    from tests.factories import make_user

    url = reverse("kr-measure", args=[binding.key_result_id])
    api_member, viewer = make_user("erin"), make_user("frank")
    add_person(world.organisation, api_member, units={world.api_team: "member"})
    add_person(world.organisation, viewer, role="viewer", units={world.web_team: "member"})
    for person in (api_member, viewer):
        client.force_login(person)
        assert "Measured from coverage" in page(client, binding.key_result)
        assert "Measure now" not in page(client, binding.key_result)
        assert client.post(url).status_code == 403
    assert not CheckIn.objects.exists()
    client.force_login(world.dave)  # an admin may check in anywhere
    assert client.post(url).status_code == 302
    run_queued_tasks()
    assert CheckIn.objects.count() == 1


def test_an_outsider_gets_404_and_get_is_refused(client, binding):
    from tests.factories import make_world

    other = make_world("globex")
    client.force_login(other.dave)
    assert client.post(reverse("kr-measure", args=[binding.key_result_id])).status_code == 404
    assert client.get(reverse("kr-binding", args=[binding.key_result_id])).status_code == 404
    client.force_login(other.dave)
    assert client.post(reverse("kr-measure", args=[999999])).status_code == 404


def test_measure_now_on_an_unbound_key_result_is_404(client, world, key_result):
    client.force_login(world.bob)
    assert client.post(reverse("kr-measure", args=[key_result.pk])).status_code == 404
    assert client.get(reverse("kr-measure", args=[key_result.pk])).status_code == 405


def test_only_admins_open_the_binding_form(client, world, key_result):
    url = reverse("kr-binding", args=[key_result.pk])
    client.force_login(world.alice)  # leads the team, but is not an admin
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "coverage", "input": "/etc/passwd"}).status_code == 403
    assert not Binding.objects.exists()
    assert "Measure this key result" not in page(client, key_result)
    client.force_login(world.dave)
    assert client.get(url).status_code == 200
    assert "Measure this key result from a metric source" in page(client, key_result)


def test_an_admin_binds_a_key_result(client, world, key_result, report):
    client.force_login(world.dave)
    url = reverse("kr-binding", args=[key_result.pk])
    form = {
        "kind": "git",
        "input": str(report.parent),
        "options": "measure=tags-in-range",
        "cadence": "weekly",
        "window_days": "28",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    binding = Binding.objects.get()
    assert (binding.kind, binding.options, binding.cadence_hours, binding.window_days) == (
        "git",
        {"measure": "tags-in-range"},
        168,
        28,
    )
    assert binding.created_by == world.dave
    html = client.get(url).content.decode()
    assert "measure=tags-in-range" in html
    assert 'value="weekly"' in html


def test_the_form_shows_errors_next_to_fields_and_keeps_what_was_typed(client, world, key_result):
    client.force_login(world.dave)
    url = reverse("kr-binding", args=[key_result.pk])
    form = {"kind": "coverage", "input": "", "options": "colour=blue", "cadence": "often"}
    response = client.post(url, form)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="input-error">Input is required' in html
    assert "&#x27;colour&#x27; is not an option of coverage" in html
    assert 'id="cadence-error">Cadence write hourly' in html
    assert ">colour=blue</textarea>" in html
    assert 'value="often"' in html
    assert not Binding.objects.exists()


def test_an_admin_removes_a_binding(client, world, binding):
    client.force_login(world.dave)
    url = reverse("kr-binding", args=[binding.key_result_id])
    assert "Remove the binding" in client.get(url).content.decode()
    assert client.post(url, {"remove": "1"}).status_code == 302
    assert not Binding.objects.exists()


def test_a_closed_objective_is_not_measured_again(client, world, binding):
    from okrs.goals.services import close_objective

    close_objective(binding.key_result.objective, 1.0)
    client.force_login(world.bob)
    assert "Measure now" not in page(client, binding.key_result)
    refused = client.post(reverse("kr-measure", args=[binding.key_result_id]))
    assert refused.status_code == 409  # closed is a state, not a missing right
    assert "This objective is closed: it takes no more check-ins" in refused.content.decode()
    assert not CheckIn.objects.exists()


def bound_objective(world, report, count):
    """An objective whose `count` key results are each bound, measured and asked to measure."""
    objective = create_objective(world.period, f"Bound {count} times", owner_unit=world.web_team)
    for index in range(count):
        kr = add_key_result(objective, f"Coverage {index}", start=50, target=80, unit_label="%")
        binding = save_binding(kr, BindingSpec("coverage", str(report)))
        measure_binding(binding)
        MeasureRequest.objects.create(
            binding=binding, requested_by=world.bob, requested_at=timezone.now()
        )
    return objective


def test_it_loads_the_binding_blocks_in_as_many_queries_for_four_key_results_as_for_two(
    client, world, report
):
    client.force_login(world.alice)  # an admin: every block has its button and its link
    counts = []
    for count in (2, 4):
        objective = bound_objective(world, report, count)
        with CaptureQueriesContext(connection) as captured:
            html = page(client, objective.key_results.first())
        assert html.count('<section class="binding') == count
        assert html.count("Measure now") == count
        assert html.count("Measurement queued at") == count
        counts.append(len(captured))
    assert counts[0] == counts[1]
