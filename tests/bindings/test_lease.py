"""One run per binding at a time: a run that finds a fresh claim skips the binding, a stale
claim (its run was killed) is taken over."""

from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from okrs.bindings.models import Binding
from okrs.bindings.runs import measure_binding
from okrs.cli import app
from okrs.goals.models import CheckIn

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def claimed(binding, at):
    Binding.objects.filter(pk=binding.pk).update(running_since=at)
    binding.refresh_from_db()
    return binding


def test_it_skips_a_binding_another_run_is_measuring(key_result, bind, coverage_json):
    binding = claimed(bind(key_result, "coverage", coverage_json), NOW - timedelta(seconds=5))
    outcome = measure_binding(binding, now=NOW)
    assert outcome.status == "skipped"
    assert not CheckIn.objects.exists()
    binding.refresh_from_db()
    assert binding.running_since == NOW - timedelta(seconds=5)  # the other run's claim stays
    assert binding.last_measured_at is None


def test_it_takes_over_the_claim_of_a_run_that_died(key_result, bind, coverage_json, settings):
    settings.MEASURE_DEADLINE_SECONDS = 60
    binding = bind(key_result, "coverage", coverage_json)
    claimed(binding, NOW - timedelta(seconds=181))  # older than 2 × 60 s + 60 s
    assert measure_binding(binding, now=NOW).status == "stored"
    binding.refresh_from_db()
    assert binding.running_since is None  # released once stored


def test_it_releases_the_claim_after_a_failure(key_result, bind, coverage_json):
    coverage_json.write_text("{")
    binding = bind(key_result, "coverage", coverage_json)
    assert measure_binding(binding, now=NOW).status == "failed"
    binding.refresh_from_db()
    assert binding.running_since is None


def test_okrs_measure_reports_a_skipped_binding_apart_from_failures(
    key_result, bind, coverage_json
):
    binding = claimed(bind(key_result, "coverage", coverage_json), datetime.now(UTC))
    result = CliRunner().invoke(app, ["measure", "--all"])
    assert result.exit_code == 0, result.output
    assert f"skipped KR {binding.key_result_id} (Coverage above 80%): another run" in result.output
    assert "1 skipped (being measured by another run)" in result.output
