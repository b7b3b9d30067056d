"""Measuring a bound key result: a check-in with provenance, nothing twice, nothing on error."""

from datetime import UTC, datetime, timedelta

import pytest

from okrs.audit.services import Author
from okrs.bindings.measuring import due_bindings
from okrs.bindings.models import Measurement
from okrs.bindings.runs import measure_binding
from okrs.goals.models import CheckIn
from okrs.goals.services import record_check_in
from tests.metrics.test_coverage import run_sample

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def real_report(tmp_path_factory):
    """coverage.py run here on the metrics tests' sample package, line coverage only."""
    return run_sample(tmp_path_factory.mktemp("sample"), branch=False)


def test_it_stores_a_coverage_report_as_a_check_in_with_its_provenance(
    key_result, bind, real_report, world
):
    record_check_in(
        key_result, 55, 7, "typed by hand", checked_at=NOW - timedelta(days=1), by=Author(world.bob)
    )
    binding = bind(key_result, "coverage", real_report["reports"]["json"])
    outcome = measure_binding(binding, now=NOW)
    assert outcome.status == "stored"
    check_in = CheckIn.objects.get(source="measure:coverage")
    totals = real_report["json"]["totals"]
    assert check_in.value == pytest.approx(totals["percent_covered"])
    assert check_in.confidence is None  # a measurement knows no confidence (issue 12)
    assert check_in.checked_at == NOW
    provenance = check_in.measurement
    assert provenance.binding == binding
    assert provenance.input == str(real_report["reports"]["json"])
    assert provenance.digest.startswith("sha256:")
    assert provenance.details["lines"] == totals["num_statements"]
    assert provenance.okrs_version
    key_result.refresh_from_db()
    assert key_result.current == pytest.approx(totals["percent_covered"])
    binding.refresh_from_db()
    assert binding.last_measured_at == NOW
    assert binding.next_due_at == NOW + timedelta(hours=24)


def test_it_stores_nothing_new_when_the_input_is_unchanged(key_result, bind, coverage_json):
    binding = bind(key_result, "coverage", coverage_json)
    assert measure_binding(binding, now=NOW).status == "stored"
    later = NOW + timedelta(days=1)
    assert measure_binding(binding, now=later).status == "unchanged"
    assert CheckIn.objects.count() == 1
    binding.refresh_from_db()
    assert binding.last_measured_at == later
    coverage_json.write_text(
        coverage_json.read_text().replace('"covered_lines": 23', '"covered_lines": 24', 1)
    )
    assert measure_binding(binding, now=later + timedelta(days=1)).status == "stored"
    assert CheckIn.objects.count() == 2


@pytest.mark.parametrize(
    ("damage", "problem"),
    [("truncate", "is not valid JSON"), ("delete", "no such file")],
)
def test_a_broken_input_stores_nothing_and_keeps_the_earlier_value(
    key_result, bind, coverage_json, damage, problem
):
    binding = bind(key_result, "coverage", coverage_json)
    measure_binding(binding, now=NOW)
    if damage == "truncate":
        coverage_json.write_text(coverage_json.read_text()[:300])
    else:
        coverage_json.unlink()
    later = NOW + timedelta(hours=30)
    outcome = measure_binding(binding, now=later)
    assert outcome.status == "failed"
    assert problem in outcome.error
    assert "\n" not in outcome.error
    assert CheckIn.objects.count() == Measurement.objects.count() == 1
    key_result.refresh_from_db()
    assert key_result.current == pytest.approx(66.0377358490566)
    binding.refresh_from_db()
    assert (binding.last_error, binding.last_error_at) == (outcome.error, later)
    assert binding.next_due_at == later + timedelta(hours=24)  # not hammered
    assert binding.last_measured_at == NOW


def test_a_success_clears_the_last_error(key_result, bind, tmp_path, coverage_json):
    binding = bind(key_result, "coverage", tmp_path / "missing.json")
    measure_binding(binding, now=NOW)
    binding.input = str(coverage_json)
    binding.save()
    measure_binding(binding, now=NOW + timedelta(hours=1))
    binding.refresh_from_db()
    assert (binding.last_error, binding.last_error_at) == ("", None)


def test_a_milestone_refuses_a_value_other_than_0_or_1(world, bind, coverage_json):
    from okrs.goals.services import add_key_result, create_objective

    objective = create_objective(world.period, "Launch", owner_unit=world.web_team)
    milestone = add_key_result(objective, "Shipped", direction="milestone")
    outcome = measure_binding(bind(milestone, "coverage", coverage_json), now=NOW)
    assert outcome.status == "failed"
    assert "milestone" in outcome.error
    assert not CheckIn.objects.exists()


def test_only_due_bindings_of_open_objectives_are_due(key_result, bind, coverage_json, world):
    from okrs.goals.services import add_key_result, close_objective, create_objective

    binding = bind(key_result, "coverage", coverage_json)
    assert list(due_bindings(binding.next_due_at)) == [binding]
    measure_binding(binding, now=NOW)
    assert not due_bindings(NOW + timedelta(hours=23)).exists()
    assert list(due_bindings(NOW + timedelta(hours=24))) == [binding]
    closed = create_objective(world.period, "Old", owner_unit=world.web_team)
    other = bind(add_key_result(closed, "Old coverage"), "coverage", coverage_json)
    close_objective(closed, 1.0)
    assert other not in due_bindings(NOW + timedelta(days=2))


def test_it_fails_a_measurement_of_a_closed_objective_and_says_why(key_result, bind, coverage_json):
    from okrs.goals.services import close_objective

    binding = bind(key_result, "coverage", coverage_json)
    close_objective(key_result.objective, 1.0)
    outcome = measure_binding(binding, now=NOW)
    assert outcome.status == "failed"
    assert "closed" in outcome.error
    assert not CheckIn.objects.exists()
