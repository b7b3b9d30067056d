"""`okrs worker` runs what *Measure now* queued, in the database, with no cron."""

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrs.bindings.models import MeasureRequest
from okrs.bindings.queue import request_measurement
from okrs.bindings.services import BindingSpec, save_binding
from okrs.cli import app
from okrs.goals.models import CheckIn
from okrs.goals.services import add_key_result, create_objective

SAMPLE_JSON = Path(__file__).parents[1] / "metrics" / "data" / "coverage" / "sample.json"


# The worker commits as it goes, as it does in production: a real transaction per task.
@pytest.mark.django_db(transaction=True)
def test_it_measures_a_queued_request_and_exits_with_once(world, tmp_path):
    report = tmp_path / "coverage.json"
    shutil.copy(SAMPLE_JSON, report)
    objective = create_objective(world.period, "Ship with confidence", owner_unit=world.web_team)
    key_result = add_key_result(objective, "Coverage", start=0, target=100)
    binding = save_binding(key_result, BindingSpec("coverage", str(report)))
    request = request_measurement(binding, world.bob)
    result = CliRunner().invoke(app, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    request.refresh_from_db()
    assert (request.state, request.outcome) == (MeasureRequest.State.DONE, "stored")
    check_in = CheckIn.objects.get(key_result=key_result)
    assert (check_in.author, check_in.source) == (world.bob, "measure:coverage")
