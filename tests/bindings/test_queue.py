"""*Measure now* is queued for the worker: one request at a time per binding, a limit per
person, and a request no worker picked up says so."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from okrs.bindings.models import MeasureRequest
from okrs.bindings.queue import TooManyRequests, request_measurement
from okrs.goals.models import CheckIn
from tests.tasks import run_queued_tasks


@pytest.fixture
def binding(key_result, bind, coverage_json):
    return bind(key_result, "coverage", coverage_json)


def test_it_queues_one_request_however_often_it_is_pressed(binding, world):
    first = request_measurement(binding, world.bob)
    again = request_measurement(binding, world.alice)
    assert again == first
    assert DBTaskResult.objects.count() == 1
    assert run_queued_tasks() == ["stored"]
    first.refresh_from_db()
    assert (first.state, first.outcome) == ("done", "stored")
    assert request_measurement(binding, world.bob) != first  # done: the next press queues anew


def test_it_limits_how_often_one_person_asks(binding, world, settings):
    settings.MEASURE_NOW_LIMIT = 2
    settings.MEASURE_NOW_WINDOW_MINUTES = 10
    now = timezone.now()
    for minutes in (0, 1):
        request_measurement(binding, world.bob, now=now + timedelta(minutes=minutes))
        run_queued_tasks()
    with pytest.raises(TooManyRequests, match="try again in 8 minute"):
        request_measurement(binding, world.bob, now=now + timedelta(minutes=2))
    request_measurement(binding, world.alice, now=now + timedelta(minutes=2))  # her own limit
    run_queued_tasks()
    later = now + timedelta(minutes=10, seconds=1)
    assert request_measurement(binding, world.bob, now=later).requested_by == world.bob


def test_the_page_answers_429_with_when_to_try_again(client, binding, world, settings):
    settings.MEASURE_NOW_LIMIT = 1
    client.force_login(world.bob)
    url = reverse("kr-measure", args=[binding.key_result_id])
    client.post(url)
    run_queued_tasks()
    refused = client.post(url, headers={"HX-Request": "true"})
    assert refused.status_code == 429
    assert "You asked for 1 measurements in 10 minutes" in refused.content.decode()
    assert client.post(url).status_code == 429
    assert MeasureRequest.objects.count() == 1


def test_a_request_no_worker_picked_up_says_so_and_a_new_press_queues_again(
    client, binding, world, settings
):
    settings.MEASURE_DEADLINE_SECONDS = 30
    long_ago = timezone.now() - timedelta(minutes=3)  # beyond 2 × 30 s + 60 s
    lost = request_measurement(binding, world.bob, now=long_ago)
    client.force_login(world.bob)
    page = client.get(reverse("objective", args=[binding.key_result.objective_id]))
    assert "was not picked up: is <code>okrs worker</code> running?" in page.content.decode()
    fresh = request_measurement(binding, world.bob)
    assert fresh != lost
    lost.refresh_from_db()
    assert (lost.state, lost.outcome) == ("done", "lost")
    assert run_queued_tasks() == ["gone", "stored"]  # the lost one's task finds it closed
    assert CheckIn.objects.count() == 1
